/**
 * The Decide API: other channels get the answer the website gives for the same visitor, with
 * the reasons; only a server key gets in; bad requests are refused naming the field; and
 * deciding counts nothing until the channel reports an exposure.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeProfileCookie, emptyProfile } from '@slotwise/core/profile';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const KEY = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const decide = (body: unknown, headers: Record<string, string> = KEY) => call('/__sw/decide', { method: 'POST', headers, body: JSON.stringify(body) });
type Answer = {
  version: number;
  slots: Record<string, { campaign: string; variant: string; content: { html: string } | null; tracked: boolean }>;
  trace?: { campaign: string; outcome: string; reason: string }[];
  segments: string[];
};

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

describe('the same answer as the edge', () => {
  it('gives each of many visitors the A/B arm their page shows', async () => {
    const arms = new Set<string>();
    for (let n = 0; n < 24; n++) {
      const visitorId = `visitor-${String(n).padStart(12, '0')}`;
      const page = await (await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitorId}` } })).text();
      const answer = (await (await decide({ visitorId, context: { path: '/' } })).json()) as Answer;
      const edge = slot(page, 'promo').mark;
      const api = answer.slots.promo;
      expect(`${api?.campaign}:${api?.variant}`).toBe(edge);
      if (api?.content) expect(slot(page, 'promo').html).toBe(api.content.html);
      arms.add(api!.variant);
    }
    // The comparison is only meaningful if visitors landed in different arms.
    expect(arms.size).toBeGreaterThan(1);
  });

  it('decides from the context and profile a channel sends, rendering tokens the same way', async () => {
    const page = await (await call('/?utm_source=newsletter', { cf: { country: 'DE' } }, { DEV_OVERRIDES: '' })).text();
    const answer = (await (await decide({ context: { path: '/', query: { utm_source: 'newsletter' }, country: 'DE' }, trace: true })).json()) as Answer;
    expect(answer.slots.hero?.content?.html).toBe(slot(page, 'hero').html);
    expect(answer.slots.banner?.content?.html).toBe('Versand &lt;kostenlos&gt;');
    // Without a visitor id (a visitor who has not consented) an experiment shows its best-known
    // variant, never the control, and is not counted, as on the site.
    expect(answer.slots.promo).toMatchObject({ variant: 'a', tracked: false, content: { html: '<b>Promo A</b>' } });
    expect(answer.trace?.find((t) => t.campaign === 'promo-ab')?.reason).toMatch(/^not measured \(no consent or a privacy signal\): shows the best-known variant "A"/);
    const site = await (await call('/')).text();
    expect(slot(site, 'promo')).toEqual({ html: answer.slots.promo?.content?.html, mark: 'promo-ab:a' });
    expect(answer.trace?.find((t) => t.campaign === 'welcome')).toMatchObject({ outcome: 'variant' });
  });

  it('reads the profile from the sw_p cookie value or from a profile object alike', async () => {
    await publish(
      siteConfig(2, {
        audiences: [{ id: 'buyers', name: 'Buyers', condition: { 'profile.orders': { $gte: 2 } } }],
        campaigns: [
          {
            id: 'vip',
            name: 'VIP',
            status: 'live',
            priority: 1,
            audience: 'buyers',
            slots: ['hero'],
            variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'Welcome back, VIP' } } }],
          },
        ],
      }),
    );
    resetConfigCache();
    const profile = { ...emptyProfile(), firstSeen: 1_700_000_000, lastSeen: Math.floor(Date.now() / 1000), sessions: 3, orders: 2, revenue: 90 };
    const fromObject = (await (await decide({ profile })).json()) as Answer;
    const fromCookie = (await (await decide({ profileCookie: encodeProfileCookie(profile) })).json()) as Answer;
    expect(fromObject.slots.hero?.variant).toBe('v');
    expect(fromCookie.slots).toEqual(fromObject.slots);
    const stranger = (await (await decide({})).json()) as Answer;
    expect(stranger.slots.hero).toBeUndefined();
  });

  it('answers the GET form too', async () => {
    const response = await call('/__sw/decide?path=/&utm_source=newsletter&slots=hero', { headers: { authorization: KEY.authorization } });
    const answer = (await response.json()) as Answer;
    expect(Object.keys(answer.slots)).toEqual(['hero']);
    expect(answer.slots.hero?.campaign).toBe('welcome');
  });
});

describe('access and input', () => {
  it('needs the server key: none or a wrong one is 401, none configured is 503', async () => {
    expect((await decide({}, { 'content-type': 'application/json' })).status).toBe(401);
    expect((await decide({}, { ...KEY, authorization: 'Bearer nope' })).status).toBe(401);
    expect((await decide({}, { ...KEY, authorization: 'Bearer test-admin-password' })).status).toBe(401);
    const closed = await call('/__sw/decide', { method: 'POST', headers: KEY, body: '{}' }, { DECIDE_KEY: '' });
    expect(closed.status).toBe(503);
  });

  it('refuses a bad request with the field named', async () => {
    const cases: [unknown, RegExp][] = [
      [{ visitorId: 'short' }, /^visitorId: must be a Slotwise visitor id/],
      [{ context: { path: 'no-slash' } }, /^context\.path: must start with "\/"/],
      [{ context: { country: 'germany' } }, /^context\.country: /],
      [{ slots: 'hero' }, /^slots: /],
      [{ profile: { orders: -1 } }, /^profile\.orders: /],
    ];
    for (const [body, error] of cases) {
      const response = await decide(body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(error);
    }
    const notJson = await call('/__sw/decide', { method: 'POST', headers: KEY, body: '{nope' });
    expect(notJson.status).toBe(400);
    const wrongType = await call('/__sw/decide', { method: 'POST', headers: { ...KEY, 'content-type': 'text/plain' }, body: '{}' });
    expect(wrongType.status).toBe(415);
  });
});

describe('exposures from channels', () => {
  it('deciding counts nothing; a reported exposure counts once, however often it is resent', async () => {
    const store = env.EVENTS.get(env.EVENTS.idFromName('shop'));
    const before = await store.count();
    await decide({ visitorId: 'visitor-email-000001', context: { path: '/' } });
    expect(await store.count()).toBe(before);
    const report = { visitorId: 'visitor-email-000001', exposures: [{ id: 'email-exp-0001', campaign: 'promo-ab', variant: 'a', channel: 'email' }] };
    const send = () => call('/__sw/decide/exposures', { method: 'POST', headers: KEY, body: JSON.stringify(report) });
    expect(await (await send()).json()).toEqual({ accepted: 1, duplicates: 0 });
    expect(await (await send()).json()).toEqual({ accepted: 0, duplicates: 1 });
    expect(await store.byVisitor('visitor-email-000001')).toEqual([{ id: 'email-exp-0001', type: 'exposure' }]);
    const unauthorized = await call('/__sw/decide/exposures', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(report) });
    expect(unauthorized.status).toBe(401);
    const bad = await call('/__sw/decide/exposures', { method: 'POST', headers: KEY, body: JSON.stringify({ visitorId: 'visitor-email-000001', exposures: [] }) });
    expect(bad.status).toBe(400);
  });

  it('refuses a report larger than 64 KiB with a 413 before parsing it, like every other JSON route', async () => {
    const padded = { visitorId: 'visitor-email-000001', exposures: [{ id: 'email-exp-0002', campaign: 'promo-ab', variant: 'a', channel: 'x'.repeat(70_000) }] };
    const response = await call('/__sw/decide/exposures', { method: 'POST', headers: KEY, body: JSON.stringify(padded) });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'body: larger than 65536 bytes' });
  });
});
