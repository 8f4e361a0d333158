#!/usr/bin/env node
// Northwind Outfitters: the Slotwise demo store (origin server).
//
// A zero-dependency Node HTTP server. The Slotwise Worker sits in front of it, fetches
// these pages and rewrites the `data-slot` regions while streaming.
//
//   node e2e/demo-store/server.mjs [--port 8788] [--host 127.0.0.1] [--log]
//
//   import { startDemoStore } from './e2e/demo-store/server.mjs';
//   const store = await startDemoStore({ port: 0 });   // random free port
//   ... fetch(`${store.url}/shoes`) ...
//   await store.close();

import http from 'node:http';
import { createHmac, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { getCategory, getProduct, searchProducts } from './catalog.mjs';
import { catalogFeed } from './feed.mjs';
import { renderSpaFixture } from './spa-fixture.mjs';
import { renderHome, renderCategory, renderProduct, renderCart, renderThanks, renderSearch, renderNotFound, renderLargeFixture, slowFixtureChunks } from './render.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PUBLIC_DIR = path.join(HERE, 'public');

const PAGE_CACHE_CONTROL = 'public, max-age=60';
// Static files are revalidated on every use (cheap 304s thanks to ETag), so edits show up at once.
const STATIC_CACHE_CONTROL = 'public, no-cache';
const SLOW_DEFAULT_DELAY_MS = 200;

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

const BASE_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

// ── HTTP helpers ─────────────────────────────────────────────────────────────

function isCompressible(contentType) {
  return /^(text\/|application\/(json|javascript|xml)|image\/svg\+xml)/.test(contentType);
}

/** Does the Accept-Encoding header allow gzip (honouring q=0 and `*`)? */
export function acceptsGzip(header) {
  if (!header) return false;
  let gzip = null;
  let star = null;
  for (const part of String(header).split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p);
      if (m) q = Number(m[1]);
    }
    if (name === 'gzip' || name === 'x-gzip') gzip = q;
    else if (name === '*') star = q;
  }
  if (gzip !== null) return gzip > 0;
  return star !== null && star > 0;
}

const crc32 =
  typeof zlib.crc32 === 'function'
    ? (buf) => zlib.crc32(buf)
    : (buf) => {
        // FNV-1a fallback for Node versions without zlib.crc32.
        let h = 0x811c9dc5;
        for (let i = 0; i < buf.length; i++) h = Math.imul(h ^ buf[i], 0x01000193) >>> 0;
        return h;
      };

function etagFor(buf) {
  return `"${crc32(buf).toString(16).padStart(8, '0')}-${buf.length.toString(16)}"`;
}

/** Weak comparison of an If-None-Match header against the given ETags. */
function ifNoneMatchHits(header, etags) {
  if (!header) return false;
  const strip = (t) => t.trim().replace(/^W\//, '');
  const wanted = etags.map(strip);
  return header.split(',').some((t) => {
    const tag = strip(t);
    return tag === '*' || wanted.includes(tag);
  });
}

/**
 * Send a complete body. Handles gzip negotiation, Content-Length, ETag/304 (when an etag
 * is given) and HEAD.
 */
function send(req, res, { status = 200, type, body, cacheControl, etag, gzipped, headers = {} }) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body));
  const compressible = isCompressible(type);
  const useGzip = compressible && acceptsGzip(req.headers['accept-encoding']);
  const out = { ...BASE_HEADERS, 'Content-Type': type, ...headers };
  if (cacheControl) out['Cache-Control'] = cacheControl;
  if (compressible) out.Vary = 'Accept-Encoding';

  let payload = buf;
  if (useGzip) {
    payload = gzipped ?? zlib.gzipSync(buf, { level: 6 });
    out['Content-Encoding'] = 'gzip';
  }
  if (etag) {
    // Distinct strong validators per representation (identity vs gzip), as RFC 9110 asks.
    const representationTag = useGzip ? etag.replace(/"$/, '-gz"') : etag;
    out.ETag = representationTag;
    if (status === 200 && ifNoneMatchHits(req.headers['if-none-match'], [etag, etag.replace(/"$/, '-gz"')])) {
      delete out['Content-Type'];
      delete out['Content-Encoding'];
      res.writeHead(304, out);
      res.end();
      return;
    }
  }
  out['Content-Length'] = String(payload.length);
  res.writeHead(status, out);
  if (req.method === 'HEAD') res.end();
  else res.end(payload);
}

function sendPage(req, res, htmlString, { status = 200, cacheControl = PAGE_CACHE_CONTROL } = {}) {
  send(req, res, { status, type: MIME['.html'], body: htmlString, cacheControl });
}

/**
 * A page under a strict, nonce-based Content-Security-Policy (no 'unsafe-inline', no
 * 'unsafe-eval', no host allow-list), as security-minded sites send: the Worker must give its
 * SDK tag this nonce, and nothing Slotwise does may need more. `?strict-dynamic=1` adds
 * 'strict-dynamic'. The page's own inline script carries the nonce; its default slot is plain.
 */
function serveCspFixture(req, res, url) {
  const nonce = randomBytes(16).toString('base64');
  const scriptSrc = `'nonce-${nonce}'${url.searchParams.get('strict-dynamic') === '1' ? " 'strict-dynamic'" : ''}`;
  const policy = `default-src 'self'; script-src ${scriptSrc}; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'`;
  const body = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Strict CSP · Northwind Outfitters</title>
</head>
<body>
<div class="announcement" data-slot="announcement">Free returns on every order</div>
<main><h1>Strict CSP fixture</h1><p>This page allows only scripts with its nonce.</p></main>
<script nonce="${nonce}">window.siteScriptRan = true;</script>
</body>
</html>
`;
  send(req, res, { type: MIME['.html'], body, cacheControl: 'no-store', headers: { 'Content-Security-Policy': policy } });
}

/**
 * A page with many slots (`s0`…`s119`, plus a link slot and an image slot), and no CSP of its own:
 * the XSS suite puts one payload in each, so a whole list runs in one page load, in the editor's
 * frame and on the live page.
 */
function renderSlotsFixture() {
  const slots = Array.from({ length: 120 }, (_, n) => `<div data-slot="s${n}">slot ${n}</div>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Many slots · Northwind Outfitters</title>
</head>
<body>
<main>
<h1>Many slots</h1>
<p><a data-slot="link" href="/shoes">Shop shoes</a></p>
<p><img data-slot="image" src="/static/img/alpine-hiking-boot.svg" alt="Hero" width="40" height="40"></p>
${slots}
</main>
</body>
</html>
`;
}

/** The product pages' template: 'classic', or 'redesign' after `POST /demo/template?design=redesign`. */
let productDesign = 'classic';

/**
 * Test control: switches the product template (`?design=classic|redesign`), as a site redesign
 * changes it under a live campaign. POST only, so no crawler or link flips it.
 */
function switchProductDesign(req, res, url) {
  const design = url.searchParams.get('design');
  if (req.method !== 'POST' || (design !== 'classic' && design !== 'redesign')) {
    return send(req, res, { status: 400, type: MIME['.txt'], body: 'POST /demo/template?design=classic|redesign\n', cacheControl: 'no-store' });
  }
  productDesign = design;
  return send(req, res, { type: MIME['.txt'], body: `product template: ${design}\n`, cacheControl: 'no-store' });
}

/**
 * `/fixtures/vitals`: a page with a hero slot (`vitals-hero`) whose layout shifts a little as it
 * loads, as real pages do (a late banner image without dimensions), for measuring page experience
 * per arm (issue 21): a variant that adds a late image of its own shifts it a lot more.
 */
function renderVitalsFixture() {
  const paragraphs = Array.from({ length: 12 }, (_, n) => `<p>Paragraph ${n + 1}: gear for every trail, tested by people who walk them.</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Page experience · Northwind Outfitters</title>
<style>body{margin:0;font:16px/1.6 sans-serif}main{padding:0 16px}img{display:block}</style>
</head>
<body>
<div data-slot="vitals-hero"><h1>Northwind Outfitters</h1></div>
<img src="/fixtures/late.svg?ms=300&amp;h=24" alt="">
<main>
${paragraphs}
</main>
</body>
</html>
`;
}

/** `/fixtures/late.svg?ms=…&h=…`: an image `h` px tall that arrives `ms` late (both bounded). */
function serveLateImage(req, res, url) {
  const bound = (name, fallback, max) => Math.min(max, Math.max(0, Number(url.searchParams.get(name)) || fallback));
  const height = bound('h', 100, 2000);
  const body = `<svg xmlns="http://www.w3.org/2000/svg" width="600" height="${height}"><rect width="600" height="${height}" fill="#d9e4dd"/></svg>`;
  setTimeout(() => send(req, res, { type: MIME['.svg'], body, cacheControl: 'no-store' }), bound('ms', 0, 5000));
}

function redirect(req, res, location, status = 301) {
  send(req, res, {
    status,
    type: 'text/plain; charset=utf-8',
    body: `Redirecting to ${location}\n`,
    cacheControl: PAGE_CACHE_CONTROL,
    headers: { Location: location },
  });
}

// ── Static files ─────────────────────────────────────────────────────────────

/** @type {Map<string, { mtimeMs: number, size: number, body: Buffer, etag: string, gz?: Buffer }>} */
const staticCache = new Map();

function resolveStatic(relPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(relPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const full = path.resolve(PUBLIC_DIR, '.' + path.posix.normalize('/' + decoded));
  if (!full.startsWith(PUBLIC_DIR + path.sep)) return null;
  return full;
}

async function serveStatic(req, res, relPath) {
  const file = resolveStatic(relPath);
  const type = file && MIME[path.extname(file).toLowerCase()];
  if (!file || !type) return false;
  let stat;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    return false;
  }
  if (!stat.isFile()) return false;
  let entry = staticCache.get(file);
  if (!entry || entry.mtimeMs !== stat.mtimeMs || entry.size !== stat.size) {
    const body = await fs.promises.readFile(file);
    entry = { mtimeMs: stat.mtimeMs, size: stat.size, body, etag: etagFor(body) };
    if (isCompressible(type)) entry.gz = zlib.gzipSync(body, { level: 9 });
    staticCache.set(file, entry);
  }
  send(req, res, {
    type,
    body: entry.body,
    gzipped: entry.gz,
    etag: entry.etag,
    cacheControl: STATIC_CACHE_CONTROL,
    headers: { 'Last-Modified': new Date(stat.mtimeMs).toUTCString() },
  });
  return true;
}

// ── Fixtures ─────────────────────────────────────────────────────────────────

/** The large fixture by size in MB (`?mb=`, 1–16; issue 23 loads 8 MB pages through `npm start`). */
const largeFixtures = new Map();
function getLargeFixture(mb = 1) {
  if (!largeFixtures.has(mb)) {
    const body = Buffer.from(renderLargeFixture(mb * 1_000_000));
    largeFixtures.set(mb, { body, gz: zlib.gzipSync(body, { level: 6 }), etag: etagFor(body) });
  }
  return largeFixtures.get(mb);
}

/** A small page encoded as `charset` (utf-16le or utf-32le), declared in the Content-Type header. */
function serveWideCharset(req, res, charset) {
  const text = '<!doctype html><html><head><title>Wide charset</title></head><body><div data-slot="announcement">Plain default</div><p>Grüße</p></body></html>';
  const body =
    charset === 'utf-16'
      ? Buffer.from(`\ufeff${text}`, 'utf16le')
      : Buffer.concat(
          [...`\ufeff${text}`].map((ch) => {
            const b = Buffer.alloc(4);
            b.writeUInt32LE(ch.codePointAt(0));
            return b;
          }),
        );
  send(req, res, { type: `text/html; charset=${charset}`, body, cacheControl: 'no-store' });
}

/** Stream the slow fixture: one chunk, pause, next chunk… (gzip-flushed per chunk if negotiated). */
function serveSlow(req, res, url) {
  const requested = Number(url.searchParams.get('delay'));
  const delay = Number.isFinite(requested) && url.searchParams.has('delay') ? Math.min(Math.max(requested, 0), 5000) : SLOW_DEFAULT_DELAY_MS;
  const useGzip = acceptsGzip(req.headers['accept-encoding']);
  const headers = {
    ...BASE_HEADERS,
    'Content-Type': MIME['.html'],
    'Cache-Control': 'no-store',
    Vary: 'Accept-Encoding',
    'X-Accel-Buffering': 'no',
  };
  if (useGzip) headers['Content-Encoding'] = 'gzip';
  res.writeHead(200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.flushHeaders();

  const chunks = slowFixtureChunks();
  let gz = null;
  if (useGzip) {
    gz = zlib.createGzip({ level: 6 });
    gz.pipe(res);
  }
  let timer = null;
  let closed = false;
  res.on('close', () => {
    closed = true;
    clearTimeout(timer);
    if (gz) gz.destroy();
  });

  let i = 0;
  const next = () => {
    if (closed) return;
    const chunk = chunks[i++];
    const last = i >= chunks.length;
    const after = () => {
      if (closed) return;
      if (last) {
        if (gz) gz.end();
        else res.end();
      } else {
        timer = setTimeout(next, delay);
      }
    };
    if (gz) {
      gz.write(chunk);
      gz.flush(zlib.constants.Z_SYNC_FLUSH, after);
    } else {
      res.write(chunk, after);
    }
  };
  next();
}

/**
 * `/fixtures/corrupt-gzip`, `/fixtures/corrupt-br`: a body whose Content-Encoding lies (bytes that
 * are not gzip or br); `/fixtures/reset`: a page whose connection drops half-way. `?type=bin`
 * serves the same as application/octet-stream. For the tests of an origin that fails mid-body.
 */
function serveBrokenBody(res, kind, bin) {
  const type = bin ? 'application/octet-stream' : 'text/html; charset=utf-8';
  const page = `<!doctype html><html><head><title>Broken</title></head><body><div data-slot="hero">Default</div>${'<p>filler</p>'.repeat(2000)}</body></html>`;
  if (kind === 'reset') {
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.write(page.slice(0, page.length >> 1));
    setTimeout(() => res.socket?.destroy(), 20);
    return;
  }
  const encoding = kind === 'corrupt-br' ? 'br' : 'gzip';
  res.writeHead(200, { 'Content-Type': type, 'Content-Encoding': encoding, 'Cache-Control': 'no-store' });
  res.end(Buffer.from('These bytes are not compressed, whatever Content-Encoding says. '.repeat(8)));
}

// ── Router ───────────────────────────────────────────────────────────────────

const PAGE_PATHS = new Set(['/', '/shoes', '/outdoor', '/kitchen', '/cart', '/thanks', '/search']);

async function handle(req, res) {
  if (req.method === 'POST' && req.url?.startsWith('/demo/template?')) return switchProductDesign(req, res, new URL(req.url, 'http://demo-store.local'));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(req, res, {
      status: 405,
      type: 'text/plain; charset=utf-8',
      body: 'Method not allowed\n',
      headers: { Allow: 'GET, HEAD' },
    });
    return;
  }

  let url;
  try {
    url = new URL(req.url || '/', 'http://demo-store.local');
  } catch {
    send(req, res, { status: 400, type: 'text/plain; charset=utf-8', body: 'Bad request\n' });
    return;
  }
  const pathname = url.pathname;

  if (pathname.startsWith('/static/')) {
    if (await serveStatic(req, res, pathname.slice('/static/'.length))) return;
    sendPage(req, res, renderNotFound({ url }), { status: 404 });
    return;
  }

  switch (pathname) {
    case '/':
      return sendPage(req, res, renderHome({ url }));
    case '/cart':
      return sendPage(req, res, renderCart({ url }));
    case '/thanks':
      return sendPage(req, res, renderThanks({ url }));
    case '/search': {
      const q = (url.searchParams.get('q') || '').slice(0, 200);
      return sendPage(req, res, renderSearch({ query: q, results: searchProducts(q), url }));
    }
    case '/favicon.ico':
      if (await serveStatic(req, res, 'favicon.svg')) return;
      break;
    case '/robots.txt':
      return send(req, res, {
        type: MIME['.txt'],
        body: 'User-agent: *\nDisallow: /fixtures/\n',
        cacheControl: PAGE_CACHE_CONTROL,
      });
    case '/feeds/products.jsonl':
      return send(req, res, { type: 'application/jsonl; charset=utf-8', body: catalogFeed(), cacheControl: PAGE_CACHE_CONTROL });
    case '/healthz':
      return send(req, res, { type: MIME['.txt'], body: 'ok\n', cacheControl: 'no-store' });
    case '/fixtures/large': {
      const mb = Number(url.searchParams.get('mb'));
      const f = getLargeFixture(Number.isInteger(mb) && mb >= 1 && mb <= 16 ? mb : 1);
      return send(req, res, { type: MIME['.html'], body: f.body, gzipped: f.gz, cacheControl: PAGE_CACHE_CONTROL });
    }
    case '/fixtures/utf-16':
    case '/fixtures/utf-32':
      return serveWideCharset(req, res, pathname.slice('/fixtures/'.length));
    case '/fixtures/slow':
      return serveSlow(req, res, url);
    case '/fixtures/spa':
      return sendPage(req, res, renderSpaFixture(), { cacheControl: 'no-store' });
    case '/fixtures/csp':
      return serveCspFixture(req, res, url);
    case '/demo/identity':
      return serveIdentity(req, res, url);
    case '/fixtures/corrupt-gzip':
    case '/fixtures/corrupt-br':
    case '/fixtures/reset':
      return serveBrokenBody(res, pathname.slice('/fixtures/'.length), url.searchParams.get('type') === 'bin');
    case '/fixtures/slots':
      return sendPage(req, res, renderSlotsFixture(), { cacheControl: 'no-store' });
    case '/demo/template':
      return switchProductDesign(req, res, url);
    case '/fixtures/vitals':
      return sendPage(req, res, renderVitalsFixture(), { cacheControl: 'no-store' });
    case '/fixtures/late.svg':
      return serveLateImage(req, res, url);
  }

  const category = getCategory(pathname.slice(1));
  if (category) return sendPage(req, res, renderCategory({ category, url }));

  const productMatch = /^\/p\/([a-z0-9-]+)$/.exec(pathname);
  if (productMatch) {
    const product = getProduct(productMatch[1]);
    if (product) return sendPage(req, res, renderProduct({ product, url, design: productDesign }));
  }

  // `/shoes/` → `/shoes` (only for real pages, so this can never become an open redirect).
  if (pathname.length > 1 && pathname.endsWith('/')) {
    const trimmed = pathname.replace(/\/+$/, '');
    const isProduct = /^\/p\/([a-z0-9-]+)$/.exec(trimmed);
    if (PAGE_PATHS.has(trimmed) || getCategory(trimmed.slice(1)) || (isProduct && getProduct(isProduct[1]))) {
      return redirect(req, res, trimmed + url.search);
    }
  }

  if (pathname.startsWith('/__sw/')) {
    // The Slotwise SDK and API live on the Worker, not here. Answer with a JavaScript-typed
    // 404 so browsing the store directly logs a plain 404, not a MIME-type error.
    return send(req, res, {
      status: 404,
      type: MIME['.js'],
      body: '/* Not found: /__sw/ is served by the Slotwise Worker, not by the demo store. */\n',
      cacheControl: 'no-store',
    });
  }

  sendPage(req, res, renderNotFound({ url }), { status: 404 });
}

/**
 * The store's sign-in, reduced to what Slotwise needs: the customer id and its signature,
 * HMAC-SHA-256 with the secret the Worker knows as IDENTITY_SECRET (docs/sdk.md). A real site
 * signs the id of the customer who signed in, never an id the browser asks for.
 */
function serveIdentity(req, res, url) {
  const id = url.searchParams.get('id') || '';
  if (!identitySecret || !/^[\x21-\x7e]{1,128}$/.test(id)) {
    return send(req, res, { status: 400, type: MIME['.json'], body: '{"error":"id: must be 1-128 printable ASCII characters"}\n', cacheControl: 'no-store' });
  }
  const signature = createHmac('sha256', identitySecret).update(id).digest('hex');
  return send(req, res, { type: MIME['.json'], body: JSON.stringify({ id, signature }), cacheControl: 'no-store' });
}

let identitySecret = '';

// ── Public API ───────────────────────────────────────────────────────────────

/**
 * Start the demo store.
 * @param {{ port?: number, host?: string, log?: boolean, identity?: string }} [options] `identity`: the IDENTITY_SECRET the demo's sign-in signs with
 * @returns {Promise<{ url: string, close(): Promise<void> }>}
 */
export function startDemoStore({ port = 8788, host = '127.0.0.1', log = false, identity = '' } = {}) {
  identitySecret = identity;
  const server = http.createServer((req, res) => {
    const started = Date.now();
    if (log) {
      res.on('finish', () => {
        console.log(`${req.method} ${req.url} → ${res.statusCode} (${Date.now() - started} ms)`);
      });
    }
    handle(req, res).catch((err) => {
      console.error('[demo-store]', err);
      if (!res.headersSent) {
        send(req, res, { status: 500, type: 'text/plain; charset=utf-8', body: 'Internal server error\n', cacheControl: 'no-store' });
      } else {
        res.destroy(err);
      }
    });
  });

  return new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const addr = /** @type {import('node:net').AddressInfo} */ (server.address());
      const shownHost = addr.family === 'IPv6' || host.includes(':') ? `[${addr.address}]` : host;
      let closing = null;
      resolve({
        url: `http://${shownHost}:${addr.port}`,
        close() {
          closing ??= new Promise((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          });
          return closing;
        },
      });
    });
  });
}

// ── CLI ──────────────────────────────────────────────────────────────────────

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (flag === '--port' || flag === '-p') opts.port = Number(value());
    else if (flag === '--host') opts.host = value();
    else if (flag === '--log') opts.log = true;
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else throw new Error(`Unknown argument: ${arg}`);
  }
  if (opts.port !== undefined && !(Number.isInteger(opts.port) && opts.port >= 0 && opts.port < 65536)) {
    throw new Error('--port must be an integer between 0 and 65535');
  }
  return opts;
}

const isMain = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error(String(err.message));
    process.exit(2);
  }
  if (opts.help) {
    console.log('Usage: node e2e/demo-store/server.mjs [--port 8788] [--host 127.0.0.1] [--log]');
    process.exit(0);
  }
  const { help, ...startOpts } = opts;
  startDemoStore(startOpts).then(
    (store) => {
      console.log(`Northwind Outfitters demo store listening on ${store.url}/`);
      const stop = () => store.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(`Could not start the demo store: ${err.message}`);
      process.exit(1);
    },
  );
}
