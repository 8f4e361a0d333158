import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../src/config-store.ts';
import { LIVE_POINTER_KEY } from '../src/config-keys.ts';
import { MAX_BODY_BYTES } from '../src/collect.ts';
import type { Env } from '../src/env.ts';
import { siteConfig } from './fixtures.ts';
import { call, env, publish } from './harness.ts';

const VISITOR = 'visitor-collect-000001';
const GRANTED = `sw_consent=granted; sw_id=${VISITOR}`;
const DAY = 86_400_000;
let n = 0;
const event = (type = 'add_to_cart', extra: Record<string, unknown> = {}) => ({ id: `evt-${Date.now()}-${n++}`, type, ts: Date.now(), ...extra });
const store = (site = 'shop') => env.EVENTS.get(env.EVENTS.idFromName(site));

type Accepted = { accepted: number; duplicates: number; ignored?: number; rejected: { index: number; reason: string }[] };

function post(body: unknown, headers: Record<string, string> = {}, overrides: Partial<Env> = {}) {
  return call('/__sw/collect', {
    method: 'POST',
    body: typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: GRANTED, ...headers },
  }, overrides);
}

/** A body that arrives in chunks with no Content-Length, as a chunked upload does. */
function chunked(total: number, chunk = 8192): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(chunk, total - sent);
      controller.enqueue(new Uint8Array(size).fill(0x20));
      sent += size;
    },
  });
}

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});
afterEach(() => vi.restoreAllMocks());

describe('POST /__sw/collect', () => {
  it('stores a valid batch and counts a resent event once', async () => {
    const before = await store().count();
    const batch = [event('add_to_cart', { props: { sku: 'boot', price: 129 } }), event('exposure', { props: { campaign: 'promo-ab', variant: 'a' } })];
    const first = await post({ events: batch });
    expect(first.status).toBe(202);
    expect(first.headers.get('set-cookie')).toBeNull();
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await store().count()).toBe(before + 2);

    const again = await post({ events: [batch[1], event('purchase', { props: { value: 129 } }), batch[1]] });
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    expect(await store().count()).toBe(before + 3);
    expect((await store().byVisitor(VISITOR)).map((e) => e.type).sort()).toEqual(['add_to_cart', 'exposure', 'purchase']);
  });

  it('accepts text/plain beacons', async () => {
    const before = await store().count();
    const response = await post({ events: [event()] }, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(response.status).toBe(202);
    expect(((await response.json()) as Accepted).accepted).toBe(1);
    expect(await store().count()).toBe(before + 1);
  });

  it('keeps the valid events of a batch and names what was wrong with the others', async () => {
    const before = await store().count();
    const response = await post({
      events: [
        event(),
        { id: 'x', type: 'Bad Type', ts: 1 },
        event('add_to_cart', { ts: Date.now() + 2 * DAY }),
        event(),
        event('add_to_cart', { ts: Date.now() - 91 * DAY }),
        event('Bad Type'),
        'not an event',
        event('add_to_cart', { props: { 'bad key': 1 } }),
      ],
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Accepted;
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2, 4, 5, 6, 7]);
    const reasons = body.rejected.map((r) => r.reason);
    expect(reasons[0]).toMatch(/^events\[1\]\.id: must be 8-64/);
    expect(reasons[1]).toMatch(/^events\[2\]\.ts: more than 24 hours ahead/);
    expect(reasons[2]).toMatch(/^events\[4\]\.ts: more than 90 days behind/);
    expect(reasons[3]).toMatch(/^events\[5\]\.type: must be lower_snake_case/);
    expect(reasons[4]).toMatch(/^events\[6\]: /);
    expect(reasons[5]).toMatch(/^events\[7\]\.props/);
    expect(await store().count()).toBe(before + 2);
  });

  it('answers bad requests with a 4xx that names the problem, and stores nothing', async () => {
    const before = await store().count();
    const cases: [Promise<Response>, number, RegExp][] = [
      [call('/__sw/collect', { headers: { cookie: GRANTED } }), 405, /^method: must be POST/],
      [call('/__sw/collect', { method: 'PUT', body: '{}', headers: { cookie: GRANTED } }), 405, /^method/],
      [post({ events: [] }, { 'content-type': 'application/x-www-form-urlencoded' }), 415, /^content-type:/],
      [post({ events: [] }, { 'content-type': 'application/json-patch+json' }), 415, /^content-type:/],
      [post({ events: [] }, { 'content-type': '' }), 415, /^content-type:/],
      [post('{"events": ['), 400, /^body: not valid JSON/],
      [post(''), 400, /^body: not valid JSON/],
      [post({ nope: 1 }), 400, /^events: must be an array/],
      [post('null'), 400, /^events: must be an array/],
      [post([event()]), 400, /^events: must be an array/],
      [post({ events: { 0: event() } }), 400, /^events: must be an array/],
      [post({ events: Array.from({ length: 101 }, () => event()) }), 400, /^events: at most 100/],
      // Refused on the declared length alone…
      [post('{"events":[]}', { 'content-length': String(MAX_BODY_BYTES + 1) }), 413, /^body: larger than 65536 bytes/],
      // …and, without one, by counting the bytes as they arrive.
      [post(chunked(MAX_BODY_BYTES + 1)), 413, /^body: larger than/],
      [post(chunked(10 * MAX_BODY_BYTES)), 413, /^body: larger than/],
    ];
    for (const [pending, status, reason] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await response.json()) as { error: string }).error).toMatch(reason);
      if (status === 405) expect(response.headers.get('allow')).toBe('POST');
    }
    expect(await store().count()).toBe(before);
  });

  it('takes a body of exactly the limit', async () => {
    const json = JSON.stringify({ events: [event()] });
    const response = await post(json + ' '.repeat(MAX_BODY_BYTES - json.length));
    expect(response.status).toBe(202);
  });

  it('refuses to store anything without consent, when declined, or under GPC or DNT', async () => {
    const before = await store().count();
    const refusals = [{ cookie: '' }, { cookie: `sw_consent=denied; sw_id=${VISITOR}` }, { 'sec-gpc': '1' }, { dnt: '1' }];
    for (const headers of refusals) {
      const response = await post({ events: [event()] }, headers);
      expect(response.status).toBe(403);
      expect(await response.json()).toEqual({ error: 'tracking is not allowed for this visitor (no consent)' });
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await store().count()).toBe(before);
  });

  it('in implied mode accepts a new visitor, gives them an id cookie and stores their events under it', async () => {
    resetConfigCache();
    await publish(siteConfig(2, { site: { id: 'shop', consent: 'implied' } }));
    const response = await post({ events: [event('signup')] }, { cookie: '' });
    expect(response.status).toBe(202);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sw_id=[A-Za-z0-9_-]{22};/);
    const id = /^sw_id=([^;]+)/.exec(cookie)?.[1] ?? '';
    expect((await store().byVisitor(id)).map((e) => e.type)).toEqual(['signup']);
    // GPC still wins over implied consent.
    expect((await post({ events: [event()] }, { cookie: '', 'sec-gpc': '1' })).status).toBe(403);
  });

  it('replaces a malformed visitor id cookie instead of storing under it', async () => {
    const response = await post({ events: [event()] }, { cookie: 'sw_consent=granted; sw_id=bad' });
    expect(response.status).toBe(202);
    expect(response.headers.get('set-cookie')).toMatch(/^sw_id=[A-Za-z0-9_-]{22};/);
    expect(await store().byVisitor('bad')).toEqual([]);
  });

  it('takes the visitor only from the cookie: ids in headers or the body are ignored', async () => {
    const spoof = 'visitor-spoofed-00001';
    const response = await post(
      { visitor: spoof, visitorId: spoof, sw_id: spoof, events: [event('signup', { visitor: spoof })] },
      { 'x-visitor-id': spoof, 'x-sw-id': spoof },
    );
    expect(response.status).toBe(202);
    expect(await store().byVisitor(spoof)).toEqual([]);
    expect((await store().byVisitor(VISITOR)).map((e) => e.type)).toContain('signup');
  });

  it('ignores bots without storing their events or giving them an id', async () => {
    resetConfigCache();
    await publish(siteConfig(3, { site: { id: 'shop', consent: 'implied' } }));
    const before = await store().count();
    const response = await post({ events: [event(), event()] }, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)', cookie: '' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ accepted: 0, duplicates: 0, ignored: 2, rejected: [] });
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await store().count()).toBe(before);
  });

  it('keeps events in one store per site, and in "default" when nothing is published', async () => {
    resetConfigCache();
    await publish(siteConfig(4, { site: { id: 'other-site' } }));
    await post({ events: [event('signup')] });
    expect((await store('other-site').byVisitor(VISITOR)).map((e) => e.type)).toEqual(['signup']);

    await env.CONFIG.delete(LIVE_POINTER_KEY);
    resetConfigCache();
    const before = await store('default').count();
    expect((await post({ events: [event()] })).status).toBe(202);
    expect(await store('default').count()).toBe(before + 1);
    // With no config the consent mode is "required": no cookie, no storing.
    expect((await post({ events: [event()] }, { cookie: '' })).status).toBe(403);
  });

  it('answers 503 with Retry-After when the store is down, so the SDK keeps the batch', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const down = {
      get EVENTS(): Env['EVENTS'] {
        throw new Error('store down');
      },
    };
    const response = await post({ events: [event()] }, {}, down);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('30');
    expect(await response.json()).toEqual({ error: 'event store unavailable; retry later' });
  });
});
