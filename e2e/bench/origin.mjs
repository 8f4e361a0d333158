// The origin the edge benchmark measures against: the demo store's own pages, rendered once and
// served from memory (identity encoding, with Content-Length), so that every Worker in front of
// it sees the same bytes and the origin costs the same for each of them. Run as a child process
// so the load generator and the origin do not share an event loop.
//
//   node e2e/bench/origin.mjs --port 8830
//
//   /home   the demo home page with 5 slots (its 3, plus product-offer and footer-cta)
//   /small  a ~10 KB page: the announcement slot at the top, the other 4 at the very end
//   /large  a ~1 MB page, slots placed the same way (streaming: the last slots arrive last)
//   /large8 the same at ~8 MB
//   ?bench_origin_ms=20 on any of them: answer after 20 ms, like an origin across a network
//   ?bench_gzip=1 on any of them: the page gzip-encoded (Content-Encoding: gzip), compressed once
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { renderHome, renderLargeFixture } from '../demo-store/render.mjs';

const EXTRA_SLOTS = '<div data-slot="product-offer" class="product-offer">Free returns within 30 days</div>\n';
const FOOTER_SLOT = '<div data-slot="footer-cta" class="footer-cta">Join the newsletter for early access</div>\n';
const LATE_SLOTS = [
  '<section data-slot="hero" class="hero"><h2>Gear for every season</h2></section>',
  '<div data-slot="product-offer" class="product-offer">Free returns within 30 days</div>',
  '<div data-slot="footer-cta" class="footer-cta">Join the newsletter for early access</div>',
].join('\n');

export function benchPages() {
  const home = String(renderHome({ url: new URL('http://127.0.0.1/') }))
    .replace('</main>', `${EXTRA_SLOTS}</main>`)
    .replace('<footer', `${FOOTER_SLOT}<footer`);
  // The fixture has the announcement slot at the top and its promo slot last; three more go right before it.
  const late = (bytes) => renderLargeFixture(bytes).replace(/<div data-slot="promo"/, `${LATE_SLOTS}\n<div data-slot="promo"`);
  return { '/home': home, '/small': late(10_000), '/large': late(1_000_000), '/large8': late(8_000_000) };
}

export function startOrigin(port, host = '127.0.0.1') {
  const pages = Object.fromEntries(Object.entries(benchPages()).map(([path, html]) => [path, Buffer.from(html)]));
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    const delay = Math.min(Number(url.searchParams.get('bench_origin_ms')) || 0, 1000);
    const gzip = url.searchParams.get('bench_gzip') === '1';
    if (delay > 0) setTimeout(() => answer(url.pathname, gzip, req, res), delay);
    else answer(url.pathname, gzip, req, res);
  });
  const answer = (path, gzip, req, res) => {
    const page = pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('not found\n');
      return;
    }
    let body = page;
    if (gzip) {
      if (!gzipped.has(path)) gzipped.set(path, gzipSync(page));
      body = gzipped.get(path);
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-length': String(body.length),
      'cache-control': 'public, max-age=60',
      ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : 8830);
  await startOrigin(port);
  const sizes = Object.entries(benchPages())
    .map(([p, h]) => `${p} ${Buffer.byteLength(h)} B`)
    .join(', ');
  console.log(`bench origin on http://127.0.0.1:${port}: ${sizes}`);
  process.on('SIGTERM', () => process.exit(0));
}
