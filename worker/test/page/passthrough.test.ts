import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, stubOrigin } from '../harness.ts';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});
afterEach(() => vi.restoreAllMocks());

async function bytes(response: Response): Promise<number[]> {
  return [...new Uint8Array(await response.arrayBuffer())];
}

describe('responses Slotwise must not touch', () => {
  it('passes non-HTML through byte for byte, with its headers', async () => {
    stubOrigin(() => new Response(PNG, { headers: { 'content-type': 'image/png', etag: '"img"', 'cache-control': 'public, max-age=600' } }));
    const response = await call('/logo.png');
    expect(await bytes(response)).toEqual([...PNG]);
    expect(response.headers.get('etag')).toBe('"img"');
    expect(response.headers.get('cache-control')).toBe('public, max-age=600');
  });

  it('passes HEAD, POST, ranges, 304s and errors through as the origin answered', async () => {
    const cases: [RequestInit, Response][] = [
      [{ method: 'HEAD' }, html('', { headers: { 'x-origin': 'head' } })],
      [{ method: 'POST', body: 'a=1' }, html(htmlPage(HOME), { headers: { 'x-origin': 'post' } })],
      [{}, html(htmlPage(HOME).slice(0, 40), { status: 206, headers: { 'content-range': 'bytes 0-39/999', 'x-origin': 'range' } })],
      [{}, new Response(null, { status: 304, headers: { etag: '"v1"', 'x-origin': 'not-modified' } })],
      [{}, html(htmlPage(HOME), { status: 404, headers: { 'x-origin': 'missing' } })],
      [{}, html('<h1>Origin broke</h1>', { status: 503, headers: { 'x-origin': 'down' } })],
    ];
    for (const [init, originResponse] of cases) {
      const expected = originResponse.clone();
      stubOrigin(() => originResponse);
      const response = await call('/', init);
      expect(response.status).toBe(expected.status);
      expect(response.headers.get('x-origin')).toBe(expected.headers.get('x-origin'));
      expect(response.headers.get('cache-control')).toBe(expected.headers.get('cache-control'));
      expect(await response.text()).toBe(await expected.text());
    }
  });

  it('forwards POST bodies and methods to the origin unchanged', async () => {
    const seen = stubOrigin(() => html('ok'));
    await call('/cart', { method: 'POST', body: 'sku=abc&qty=2', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(seen[0]?.method).toBe('POST');
    expect(await seen[0]?.text()).toBe('sku=abc&qty=2');
    expect(new URL(seen[0]?.url ?? '').origin).toBe('http://origin.test');
  });

  it('does not follow redirects: the browser gets the Location', async () => {
    stubOrigin(() => new Response(null, { status: 302, headers: { location: '/login' } }));
    const response = await call('/account');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
  });

  it('leaves pages in other charsets untouched rather than risk mojibake', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('<html><body><div data-slot="promo">Caf'), 0xe9, ...new TextEncoder().encode('</div></body></html>')]);
    stubOrigin(() => new Response(latin1, { headers: { 'content-type': 'text/html; charset=windows-1252' } }));
    const response = await call('/', { headers: { cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' } });
    expect(await bytes(response)).toEqual([...latin1]);
  });

  it('answers 502 with a marker, not a stack trace, when the origin cannot be reached', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('connection reset'));
    const response = await call('/');
    expect(response.status).toBe(502);
    expect(response.headers.get('x-slotwise-bypass')).toBe('origin-unreachable');
    expect(await response.text()).not.toContain('TypeError');
  });

  it('refuses to loop when ORIGIN points back at the Worker', async () => {
    const seen = stubOrigin(() => html('never'));
    const response = await call('/', { headers: { 'x-slotwise-hop': '1' } });
    expect(response.status).toBe(508);
    expect(response.headers.get('x-slotwise-bypass')).toBe('loop');
    expect(seen).toHaveLength(0);
  });

  it('marks the hop on requests it sends to the origin', async () => {
    const seen = stubOrigin(() => html(htmlPage(HOME)));
    await call('/');
    expect(seen[0]?.headers.get('x-slotwise-hop')).toBe('1');
    expect(seen[0]?.headers.get('x-forwarded-host')).toBe('shop.test');
  });
});
