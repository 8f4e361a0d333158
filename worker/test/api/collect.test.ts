import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { LIVE_POINTER_KEY } from '../../src/config/keys.ts';
import { IP_LIMIT, MAX_BODY_BYTES, VISITOR_LIMIT, resetCollectLimits } from '../../src/api/collect.ts';
import { rateLimiter } from '../../src/http/rate-limit.ts';
import fc from 'fast-check';
import type { Env } from '../../src/env.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

const VISITOR = 'visitor-collect-000001';
const GRANTED = `sw_consent=granted; sw_id=${VISITOR}`;
const DAY = 86_400_000;
let n = 0;
const event = (type = 'add_to_cart', extra: Record<string, unknown> = {}) => ({ id: `evt-${Date.now()}-${n++}`, type, ts: Date.now(), ...extra });
const store = (site = 'shop') => env.EVENTS.get(env.EVENTS.idFromName(site));

type Accepted = { accepted: number; duplicates: number; ignored?: number; rejected: { index: number; reason: string }[] };

function post(body: unknown, headers: Record<string, string> = {}, overrides: Partial<Env> = {}) {
  return call(
    '/__sw/collect',
    {
      method: 'POST',
      body: typeof body === 'string' || body instanceof ReadableStream ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', cookie: GRANTED, ...headers },
    },
    overrides,
  );
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
  resetCollectLimits();
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

  it("refuses an exposure's malformed covariates and out-of-range web vitals, naming the prop, and keeps the rest", async () => {
    const before = await store().count();
    const response = await post({
      events: [
        event('exposure', { props: { campaign: 'promo-ab', variant: 'a', pre: 'purchase:2,page_view:14' } }),
        event('exposure', { props: { campaign: 'promo-ab', variant: 'b', pre: 'purchase:lots' } }),
        event('vitals', { props: { lcp: 1800, cls: 0.12, inp: 96 } }),
        event('vitals', { props: { cls: -1 } }),
        event('vitals', { props: { lcp: 10 * 60_000 * 60 } }),
      ],
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as Accepted;
    expect(body.accepted).toBe(2);
    expect(body.rejected).toEqual([
      { index: 1, reason: 'events[1].props.pre: "purchase:lots" is not "event:count"' },
      { index: 3, reason: 'events[3].props.cls: must be a number from 0 to 100' },
      { index: 4, reason: 'events[4].props.lcp: must be a number from 0 to 120000' },
    ]);
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
    const response = await post({ visitor: spoof, visitorId: spoof, sw_id: spoof, events: [event('signup', { visitor: spoof })] }, { 'x-visitor-id': spoof, 'x-sw-id': spoof });
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

describe('rate limiting /__sw/collect per client', () => {
  /** Freezes Date.now, so refills happen only when a test moves the clock. */
  function clock(start = Date.now()) {
    let now = start;
    vi.spyOn(Date, 'now').mockImplementation(() => now);
    return {
      advance: (ms: number) => {
        now += ms;
      },
    };
  }

  it('answers a flood from one visitor with 429 and Retry-After, stores nothing of it, and takes the batch again later', async () => {
    const time = clock();
    const before = await store().count();
    for (let i = 0; i < VISITOR_LIMIT.burst; i++) expect((await post({ events: [event()] })).status).toBe(202);
    const refusedBatch = { events: [event('purchase', { props: { value: 42 } })] };
    const refused = await post(refusedBatch);
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ error: `rate limited: too many batches from this visitor; retry after ${wait} s` });
    expect(await store().count()).toBe(before + VISITOR_LIMIT.burst);
    // Another visitor on the same address is unaffected.
    expect((await post({ events: [event()] }, { cookie: 'sw_consent=granted; sw_id=visitor-collect-000002' })).status).toBe(202);
    // Once the wait is over, the SDK's retry of the same batch is stored: nothing valid was lost.
    time.advance(wait * 1000);
    const retried = await post(refusedBatch);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('limits a client that rotates made-up visitor ids by its address, leaving other addresses alone', async () => {
    clock();
    const statuses: number[] = [];
    for (let i = 0; i < IP_LIMIT.burst + 5; i++) {
      const cookie = `sw_consent=granted; sw_id=visitor-rotating-${String(i).padStart(6, '0')}`;
      statuses.push((await post('not json', { cookie, 'cf-connecting-ip': '203.0.113.9' })).status);
    }
    expect(statuses.slice(0, IP_LIMIT.burst).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(IP_LIMIT.burst)).toEqual([429, 429, 429, 429, 429]);
    expect((await post('not json', { 'cf-connecting-ip': '198.51.100.1' })).status).toBe(400);
  });

  it('refills at the stated rate and keeps a bounded number of clients', () => {
    const limiter = rateLimiter({ burst: 3, perSecond: 0.5, maxClients: 100 });
    const t0 = 1_000_000;
    expect([1, 2, 3, 4].map(() => limiter.take('a', t0).ok)).toEqual([true, true, true, false]);
    expect(limiter.take('a', t0)).toEqual({ ok: false, retryAfterSeconds: 2 });
    expect(limiter.take('a', t0 + 1_000).ok).toBe(false);
    expect(limiter.take('a', t0 + 2_000).ok).toBe(true);
    expect(limiter.take('a', t0 + 2_000).ok).toBe(false);
    // A clock that goes backwards refills nothing.
    expect(limiter.take('a', t0 - 60_000).ok).toBe(false);
    for (let i = 0; i < 10_000; i++) limiter.take(`client-${i}`, t0);
    expect(limiter.size()).toBe(100);
    // The least recently seen are forgotten first; a forgotten client starts again with a full bucket.
    expect(limiter.take('a', t0 + 2_000).ok).toBe(true);
  });

  it('never answers 5xx, whatever the body, headers or cookies', async () => {
    const body = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({
          events: fc.array(
            fc.oneof(
              fc.anything({ maxDepth: 2 }),
              fc.record({ id: fc.string(), type: fc.string(), ts: fc.oneof(fc.integer(), fc.double(), fc.string()), props: fc.anything({ maxDepth: 2 }) }),
            ),
            { maxLength: 5 },
          ),
        })
        .map((x) => JSON.stringify(x)),
    );
    const headers = fc.record({
      'content-type': fc.constantFrom('application/json', 'text/plain', 'text/plain;charset=UTF-8', '', 'multipart/form-data', 'application/json; charset=latin1'),
      cookie: fc.oneof(
        fc.constant(GRANTED),
        fc.string({ maxLength: 60 }).map((s) => `sw_consent=granted; sw_id=${s.replace(/[;\r\n]/g, '')}`),
      ),
    });
    await fc.assert(
      fc.asyncProperty(body, headers, async (text, h) => {
        resetCollectLimits();
        const response = await post(text, h);
        await response.arrayBuffer();
        return response.status >= 200 && response.status < 500;
      }),
      { numRuns: 150 },
    );
  });
});
