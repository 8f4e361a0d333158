/**
 * What leaves the Worker for the origin (issue 16): only ORIGIN, whatever the path; Slotwise's
 * own query parameters stay behind; the origin is asked for the encodings the rewriter reads; a
 * hanging origin gets a clear 504.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { ORIGIN, call, html, htmlPage, publish, stubOrigin } from '../harness.ts';

const PAGE = { accept: 'text/html', cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa', authorization: 'Bearer secret' };

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});
afterEach(() => vi.restoreAllMocks());

const parses = (url: string) => {
  try {
    return Boolean(new URL(url));
  } catch {
    return false;
  }
};
const originOf = (request: Request) => new URL(request.url).origin;

/** Paths that name another host when resolved against a base URL, in every spelling we know of. */
const PATH_TRICKS = [
  '//127.0.0.1:9999/x',
  '//attacker.example/x',
  '//attacker.example',
  '///attacker.example/x',
  '////attacker.example/x',
  '/\\attacker.example/x',
  '/\\\\attacker.example/x',
  '/\\/attacker.example/x',
  '/..//attacker.example/x',
  '/../..//attacker.example/x',
  '/./\\attacker.example/x',
  '/%2e%2e//attacker.example/x',
  '/%2f%2fattacker.example/x',
  '/%2F%2Fattacker.example/x',
  '/%5c%5cattacker.example/x',
  '/%5C/attacker.example/x',
  '/%252f%252fattacker.example/x',
  '/\t/attacker.example/x',
  '/\n/attacker.example/x',
  '/\r\n//attacker.example/x',
  '/\t\\attacker.example/x',
  '/%09/attacker.example/x',
  '/%0a/attacker.example/x',
  '/@attacker.example/x',
  '//@attacker.example/x',
  '//user:pass@attacker.example/x',
  '//origin.test@attacker.example/x',
  '//attacker.example%2f@origin.test/x',
  '//attacker.example:80/x',
  '//[::1]:9999/x',
  '//0x7f.1/x',
  '/http://attacker.example/x',
  '/https:attacker.example/x',
  '/javascript:alert(1)',
  '//attacker.example/x?next=//attacker.example',
  '//attacker.example#@origin.test/',
  '/?//attacker.example/x',
];

describe('the origin request never leaves ORIGIN', () => {
  it('GET //127.0.0.1:9999/x (the reported repro) is fetched from ORIGIN, as a path', async () => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    const response = await call('//127.0.0.1:9999/x', { headers: PAGE });
    expect(response.status).toBe(200);
    expect(seen.map((r) => r.url)).toEqual([`${ORIGIN}//127.0.0.1:9999/x`]);
  });

  it.each(PATH_TRICKS.map((path) => [JSON.stringify(path), path]))('%s goes to ORIGIN only, with its cookies and body', async (_name, path) => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    await call(path, { headers: PAGE });
    await call(path, { method: 'POST', headers: PAGE, body: 'card=4111' });
    expect(seen).toHaveLength(2);
    for (const request of seen) expect(originOf(request)).toBe(ORIGIN);
  });

  it('on a route (no ORIGIN), fetches the request’s own host for every trick', async () => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    for (const path of PATH_TRICKS) await call(path, { headers: PAGE }, { ORIGIN: '' });
    expect(seen).toHaveLength(PATH_TRICKS.length);
    for (const request of seen) expect(originOf(request)).toBe('https://shop.test');
  });

  it('sends 10,000 random request paths (seeded) and every origin request goes to ORIGIN', async () => {
    const seen = stubOrigin(() => new Response('ok'));
    const piece = fc.constantFrom(
      '/',
      '//',
      '\\',
      '.',
      '..',
      '%',
      '%2f',
      '%5c',
      '%2e',
      '%25',
      '@',
      ':',
      '?',
      '#',
      '\t',
      '\n',
      '\r',
      ' ',
      'attacker.example',
      '127.0.0.1',
      '[::1]',
      'user:pass@',
      'http:',
      'a',
      '0',
      '~',
      '&',
      '=',
      '+',
    );
    const path = fc.oneof(
      fc.array(piece, { maxLength: 12 }).map((parts) => `/${parts.join('')}`),
      fc.string({ maxLength: 40, unit: 'binary' }).map((s) => `/${s}`),
      fc.webPath().map((p) => `/${p}`),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(path, async (p) => {
        if (!parses(`https://shop.test${p}`)) return;
        sent++;
        const before = seen.length;
        await call(p);
        for (const request of seen.slice(before)) expect(originOf(request)).toBe(ORIGIN);
      }),
      { seed: 16_01, numRuns: 10_000 },
    );
    expect(sent).toBeGreaterThan(9_000);
    expect(seen.length).toBeGreaterThan(9_000);
  }, 180_000);
});

describe('a misconfigured ORIGIN', () => {
  it('that is not an http(s) URL fetches nothing and answers 502 with the marker, not a stack trace', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const origin of ['not a url', 'ftp://origin.test', 'file:///etc/passwd', 'javascript:alert(1)']) {
      const seen = stubOrigin(() => html('never'));
      const response = await call('/', { headers: PAGE }, { ORIGIN: origin });
      expect(response.status).toBe(502);
      expect(response.headers.get('x-slotwise-bypass')).toBe('origin-unreachable');
      expect(await response.text()).not.toMatch(/Error|at /);
      expect(seen).toHaveLength(0);
    }
  });
});

describe('the query the origin receives', () => {
  it('leaves out Slotwise’s own parameters (the debug token, dev overrides, a recommendation click), in any spelling', async () => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    await call('/p?sw_debug=test-debug-token&q=a%20b+c&sw_country=DE&z=1&sw%5Fdebug=x&%73w_country=FR&sw_rc=reco.viewed.picks', { headers: PAGE });
    expect(new URL(seen[0]!.url).search).toBe('?q=a%20b+c&z=1');
    await call('/p?sw_debug=test-debug-token', { headers: PAGE });
    expect(seen[1]!.url).toBe(`${ORIGIN}/p`);
  });

  it('passes every other query byte for byte: order, repeats, encoding, empty pairs', async () => {
    const seen = stubOrigin(() => new Response('ok'));
    const query = '?b=2&a=1&a=%7E&x=a+b&sw_d=1&empty&=v&&%E2%82%AC=%F0%9F%98%80&swx_debug=1';
    await call(`/search${query}`);
    expect(new URL(seen[0]!.url).search).toBe(query);
  });

  it('still reads the debug token it does not forward', async () => {
    stubOrigin(() => html(htmlPage(HOME)));
    const page = await (await call('/?sw_debug=test-debug-token', { headers: PAGE })).text();
    expect(page).toContain('id="sw-trace"');
  });
});

describe('what the origin is asked for', () => {
  it('asks for br and gzip, the encodings the rewriter reads, whatever the client sent', async () => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    for (const encoding of ['identity', 'br', 'gzip, deflate, br, zstd', 'zstd', null]) {
      await call('/', { headers: { ...PAGE, ...(encoding === null ? {} : { 'accept-encoding': encoding }) } });
    }
    expect(seen.map((r) => r.headers.get('accept-encoding'))).toEqual(Array(5).fill('br, gzip'));
  });
});

describe('a hanging origin', () => {
  it('gets a 504 saying the origin did not answer in time, and its request is aborted', async () => {
    const seen = stubOrigin(() => new Promise<Response>(() => {}));
    const response = await call('/', { headers: PAGE }, { ORIGIN_TIMEOUT_MS: '50' });
    expect(response.status).toBe(504);
    expect(response.headers.get('x-slotwise-bypass')).toBe('origin-timeout');
    expect(await response.text()).toContain('the origin did not answer within 50 ms');
    expect(seen[0]?.signal.aborted).toBe(true);
  });

  it('times the response headers only: a body slower than the timeout still arrives whole', async () => {
    const encoder = new TextEncoder();
    stubOrigin(() => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (sent) return controller.close();
          await new Promise((resolve) => setTimeout(resolve, 120));
          controller.enqueue(encoder.encode('slow but whole'));
          sent = true;
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/plain' } });
    });
    const response = await call('/slow.txt', {}, { ORIGIN_TIMEOUT_MS: '50' });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('slow but whole');
  });
});
