/**
 * A page Slotwise changed is one visitor's (issue 16): no shared-cache header of the origin's may
 * survive beside `Cache-Control: private`, or a CDN following RFC 9213 would serve one visitor's
 * page to everyone. Pages Slotwise leaves as they came keep the origin's caching.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, stubOrigin } from '../harness.ts';

const ORIGIN_CACHING = {
  'cache-control': 'public, max-age=600, s-maxage=3600',
  'cdn-cache-control': 'max-age=86400',
  'cloudflare-cdn-cache-control': 'max-age=86400',
  'vercel-cdn-cache-control': 'max-age=86400',
  'surrogate-control': 'max-age=3600',
  'edge-control': 'cache-maxage=1h',
  'x-accel-expires': '3600',
  expires: 'Thu, 01 Jan 2099 00:00:00 GMT',
  'surrogate-key': 'home page',
  vary: 'Accept-Encoding',
};
const SHARED = ['cdn-cache-control', 'cloudflare-cdn-cache-control', 'vercel-cdn-cache-control', 'surrogate-control', 'edge-control', 'x-accel-expires', 'expires'];
const VISITOR = 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa';

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(HOME), { headers: ORIGIN_CACHING }));
});
afterEach(() => vi.restoreAllMocks());

function expectNoSharedCaching(response: Response, cacheControl: string): void {
  for (const name of SHARED) expect(response.headers.get(name), name).toBeNull();
  expect(response.headers.get('cache-control')).toBe(cacheControl);
  expect(response.headers.get('vary')).toBe('Accept-Encoding, Cookie');
  expect(response.headers.get('surrogate-key')).toBe('home page');
}

describe('responses Slotwise changed are kept from shared caches', () => {
  it('a personalized page keeps no CDN-Cache-Control, Surrogate-Control or other shared-cache header, and varies on Cookie', async () => {
    const response = await call('/?utm_source=newsletter', { headers: { accept: 'text/html', cookie: VISITOR } });
    expect(response.headers.get('x-slotwise')).toMatch(/slots decided/);
    expectNoSharedCaching(response, 'private, max-age=0, must-revalidate');
  });

  it('so does a page with the debug trace, and a page the signed-in editor frames', async () => {
    const debug = await call('/?sw_debug=test-debug-token', { headers: { accept: 'text/html', cookie: VISITOR } });
    expect(await debug.text()).toContain('id="sw-trace"');
    expectNoSharedCaching(debug, 'private, max-age=0, must-revalidate');
    const framed = await call('/', { headers: { cookie: 'sw_edit=1', 'sec-fetch-dest': 'iframe' } });
    expect(framed.headers.get('x-slotwise-bypass')).toBe('editing');
    expectNoSharedCaching(framed, 'no-store');
  });

  it('adds Cookie to Vary once, and leaves Vary: * alone', async () => {
    for (const [vary, expected] of [
      [null, 'Cookie'],
      ['cookie', 'cookie'],
      ['Accept-Encoding, Cookie', 'Accept-Encoding, Cookie'],
      ['*', '*'],
      ['Accept-Language', 'Accept-Language, Cookie'],
    ] as const) {
      stubOrigin(() => html(htmlPage(HOME), { headers: vary === null ? {} : { vary } }));
      const response = await call('/', { headers: { accept: 'text/html' } });
      expect(response.headers.get('vary')).toBe(expected);
    }
  });

  it('a page Slotwise left as it came keeps the origin’s caching headers', async () => {
    resetConfigCache();
    const response = await call('/', { headers: { accept: 'text/html' } }, { CONFIG: { get: async () => null } as unknown as KVNamespace });
    expect(response.headers.get('x-slotwise-bypass')).toBe('not-published');
    for (const [name, value] of Object.entries(ORIGIN_CACHING)) expect(response.headers.get(name), name).toBe(value);
  });
});
