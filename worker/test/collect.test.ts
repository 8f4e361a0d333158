import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfigCache } from '../src/config-store.ts';
import { MAX_BODY_BYTES } from '../src/collect.ts';
import { siteConfig } from './fixtures.ts';
import { call, env, publish } from './harness.ts';

const VISITOR = 'visitor-collect-000001';
const GRANTED = `sw_consent=granted; sw_id=${VISITOR}`;
let n = 0;
const event = (type = 'add_to_cart', extra: Record<string, unknown> = {}) => ({ id: `evt-${Date.now()}-${n++}`, type, ts: Date.now(), ...extra });
const store = () => env.EVENTS.get(env.EVENTS.idFromName('shop'));

function post(body: unknown, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return call('/__sw/collect', {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', cookie: GRANTED, ...headers },
    ...init,
  });
}

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});

describe('POST /__sw/collect', () => {
  it('stores a valid batch and counts a resent event once', async () => {
    const batch = [event('add_to_cart', { props: { sku: 'boot', price: 129 } }), event('exposure', { props: { campaign: 'promo-ab', variant: 'a' } })];
    const first = await post({ events: batch });
    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    const again = await post({ events: [batch[1], event('purchase', { props: { value: 129 } })] });
    expect(await again.json()).toEqual({ accepted: 1, duplicates: 1, rejected: [] });
    expect((await store().byVisitor(VISITOR)).map((e) => e.type).sort()).toEqual(['add_to_cart', 'exposure', 'purchase']);
  });

  it('accepts text/plain beacons', async () => {
    const response = await post({ events: [event()] }, { 'content-type': 'text/plain;charset=UTF-8' });
    expect(response.status).toBe(202);
  });

  it('keeps the valid events of a batch and names what was wrong with the others', async () => {
    const response = await post({ events: [event(), { id: 'x', type: 'Bad Type', ts: 1 }, event('add_to_cart', { ts: Date.now() + 3 * 86_400_000 }), event()] });
    const body = (await response.json()) as { accepted: number; rejected: { index: number; reason: string }[] };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(body.rejected[0]?.reason).toMatch(/^events\[1\]\.id: must be 8-64/);
    expect(body.rejected[1]?.reason).toMatch(/^events\[2\]\.ts: more than a day ahead/);
  });

  it('answers bad requests with a 4xx that says why, and stores nothing', async () => {
    const before = await store().count();
    const cases: [Promise<Response>, number, RegExp][] = [
      [call('/__sw/collect', { headers: { cookie: GRANTED } }), 405, /POST/],
      [post({ events: [] }, { 'content-type': 'application/x-www-form-urlencoded' }), 415, /content-type/],
      [post('{"events": [', {}), 400, /not valid JSON/],
      [post({ nope: 1 }), 400, /^events: must be an array/],
      [post({ events: Array.from({ length: 101 }, () => event()) }), 400, /at most 100/],
      [post('x'.repeat(MAX_BODY_BYTES + 1)), 413, /larger than/],
    ];
    for (const [pending, status, reason] of cases) {
      const response = await pending;
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(reason);
    }
    expect(await store().count()).toBe(before);
  });

  it('refuses to store anything without consent, or under GPC', async () => {
    const before = await store().count();
    for (const headers of [{ cookie: '' }, { cookie: GRANTED, 'sec-gpc': '1' }]) {
      const response = await post({ events: [event()] }, headers);
      expect(response.status).toBe(403);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
    expect(await store().count()).toBe(before);
  });

  it('in implied mode accepts a new visitor and gives them an id cookie', async () => {
    resetConfigCache();
    await publish(siteConfig(2, { site: { id: 'shop', consent: 'implied' } }));
    const response = await post({ events: [event()] }, { cookie: '' });
    expect(response.status).toBe(202);
    expect(response.headers.get('set-cookie')).toMatch(/^sw_id=[A-Za-z0-9_-]{22};/);
  });

  it('takes the visitor only from the cookie: ids in headers or the body are ignored', async () => {
    const spoof = 'visitor-spoofed-00001';
    await post({ visitor: spoof, events: [event('signup', { visitor: spoof })] }, { 'x-visitor-id': spoof });
    expect(await store().byVisitor(spoof)).toEqual([]);
    expect((await store().byVisitor(VISITOR)).map((e) => e.type)).toContain('signup');
  });

  it('ignores bots without storing their events', async () => {
    const before = await store().count();
    const response = await post({ events: [event(), event()] }, { 'user-agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' });
    expect(await response.json()).toEqual({ accepted: 0, duplicates: 0, ignored: 2, rejected: [] });
    expect(await store().count()).toBe(before);
  });
});
