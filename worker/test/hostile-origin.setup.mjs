// Vitest global setup (runs in Node, beside workerd): a real origin that misbehaves, for the
// tests that need workerd's own network stack (gzip and br decoding, resets, what is sent).
// The stubbed fetch of harness.ts cannot show these: a Response made in JS is never decoded.
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const PAGE = `<!doctype html><html><head><title>t</title></head><body><section data-slot="hero"><h1>Default hero</h1></section>${'<p>filler</p>'.repeat(4000)}</body></html>`;
const HTML = 'text/html; charset=utf-8';
const NOT_COMPRESSED = Buffer.from('these bytes are not compressed at all, whatever the header says. '.repeat(8));

/** route → handler; `?type=bin` serves the same bytes as application/octet-stream (a pass-through). */
const routes = {
  '/': (res, type) => res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' }).end(zlib.gzipSync(PAGE)),
  '/bad-gzip': (res, type) => res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' }).end(NOT_COMPRESSED),
  '/bad-br': (res, type) => res.writeHead(200, { 'content-type': type, 'content-encoding': 'br' }).end(NOT_COMPRESSED),
  // A valid gzip start, then garbage: the page fails part-way, after bytes went out.
  '/half-gzip': (res, type) => {
    res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip' });
    const gz = zlib.gzipSync(PAGE);
    res.write(gz.subarray(0, gz.length >> 1));
    res.end(NOT_COMPRESSED);
  },
  // The connection drops part-way through a chunked body.
  '/reset': (res, type) => {
    res.writeHead(200, { 'content-type': type });
    res.write(PAGE.slice(0, PAGE.length >> 1));
    setTimeout(() => res.socket.destroy(), 20);
  },
  // The connection drops before the declared Content-Length is reached.
  '/short': (res, type) => {
    const bytes = Buffer.from(PAGE);
    res.writeHead(200, { 'content-type': type, 'content-length': String(bytes.length) });
    res.write(bytes.subarray(0, bytes.length >> 1));
    setTimeout(() => res.socket.destroy(), 20);
  },
};

/**
 * Real pages this project did not write: the HTML files shipped inside the npm packages installed
 * here (node_modules), found when the suite starts. `/real?page=N&as=identity|gzip|chunked`
 * serves page N with a Content-Length, gzip-encoded, or in 1 KB chunks without a length.
 */
const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
function findHtml(dir, depth = 0, out = []) {
  if (depth > 6) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && !entry.name.startsWith('.') && !path.includes('@slotwise')) findHtml(path, depth + 1, out);
    else if (entry.isFile() && /\.html?$/.test(entry.name)) out.push(path);
  }
  return out;
}
const REAL_PAGES = findHtml(nodeModules)
  .sort()
  .map((path) => ({ name: relative(nodeModules, path), html: readFileSync(path, 'utf8') }));

function serveRealPage(res, url) {
  const page = REAL_PAGES[Number(url.searchParams.get('page'))];
  if (!page) return res.writeHead(404).end();
  const bytes = Buffer.from(page.html);
  const as = url.searchParams.get('as');
  if (as === 'gzip') return res.writeHead(200, { 'content-type': HTML, 'content-encoding': 'gzip' }).end(zlib.gzipSync(bytes));
  if (as === 'chunked') {
    res.writeHead(200, { 'content-type': HTML });
    for (let at = 0; at < bytes.length; at += 1024) res.write(bytes.subarray(at, at + 1024));
    return res.end();
  }
  res.writeHead(200, { 'content-type': HTML, 'content-length': String(bytes.length) }).end(bytes);
}

export default async function setup({ provide }) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://origin');
    if (url.pathname === '/echo-headers') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
      return;
    }
    if (url.pathname === '/real') return serveRealPage(res, url);
    const route = routes[url.pathname];
    if (!route) return res.writeHead(404).end();
    route(res, url.searchParams.get('type') === 'bin' ? 'application/octet-stream' : HTML);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  provide('hostileOrigin', `http://127.0.0.1:${server.address().port}`);
  provide(
    'realPages',
    REAL_PAGES.map(({ name, html }) => ({ name, html })),
  );
  return () => new Promise((resolve) => server.close(resolve));
}
