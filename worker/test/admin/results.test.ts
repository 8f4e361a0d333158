/**
 * Measurement end to end inside workerd: events posted to /__sw/collect (with consent) become
 * per campaign × arm × day aggregates in the EventStore, and /__sw/admin/results reports them.
 * Each test publishes its own site id, so each reads a fresh EventStore.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { liveConfig, resetConfigCache } from '../../src/config/live.ts';
import { ATTRIBUTION_WINDOW_MS, MAX_CAMPAIGNS_PER_VISITOR } from '../../src/objects/event-store.ts';
import { banditWeightsFor, resetBanditWeights } from '../../src/config/bandit-weights.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
const DAY = 86_400_000;
let seq = 0;
let site = '';
let version = 100;

type Arm = {
  id: string;
  name: string;
  exposed: number;
  converted: number;
  conversions: number;
  rate: number;
  valueSum: number;
  revenuePerVisitor: number;
  uplift: { rel: number; lo: number; hi: number; p: number } | null;
  chanceToBeat: number | null;
};
type Summary = {
  id: string;
  name: string;
  status: string;
  goal: unknown;
  arms: Arm[];
  srm: { p: number | null; warning: boolean };
  verdict: string;
  bandit?: { weights: Record<string, number> };
};
type Daily = { day: string; arm: string; exposed: number; converted: number; conversions: number; value: number };
type Event = { id: string; type: string; ts: number; props?: Record<string, string | number | boolean> };

const CAMPAIGNS: SiteConfigInput['campaigns'] = [
  {
    id: 'promo-ab',
    name: 'Promo A/B',
    status: 'live',
    priority: 5,
    slots: ['promo'],
    holdoutPct: 10,
    variants: [
      { id: 'a', name: 'A', content: { promo: { kind: 'html', body: '<b>Promo A</b>' } } },
      { id: 'b', name: 'B', content: { promo: { kind: 'html', body: '<b>Promo B</b>' } } },
    ],
  },
  {
    id: 'signup-hero',
    name: 'Signup hero',
    status: 'paused',
    priority: 6,
    slots: ['hero'],
    goal: { type: 'event', event: 'signup' },
    variants: [{ id: 'h', name: 'H', content: { hero: { kind: 'text', body: 'Join us' } } }],
    holdoutPct: 50,
  },
  {
    id: 'thanks',
    name: 'Thanks page',
    status: 'live',
    priority: 7,
    slots: ['banner'],
    goal: { type: 'page', path: '/thanks' },
    variants: [{ id: 't', name: 'T', content: { banner: { kind: 'text', body: 'Hi' } } }],
  },
  {
    id: 'auto',
    name: 'Auto',
    status: 'live',
    priority: 8,
    slots: ['banner'],
    allocation: 'bandit',
    holdoutPct: 10,
    variants: [
      { id: 'x', name: 'X', content: {} },
      { id: 'y', name: 'Y', content: {} },
    ],
  },
];

const visitor = (name: string) => `visitor-${name}-`.padEnd(22, '0');
const event = (type: string, ts: number, props?: Event['props']): Event => ({ id: `evt-${site}-${seq++}`, type, ts, ...(props ? { props } : {}) });
const exposure = (campaign: string, variant: string, ts = Date.now()) => event('exposure', ts, { campaign, variant, slot: 'promo' });
const purchase = (value: number, ts = Date.now()) => event('purchase', ts, { value });

async function send(who: string, events: Event[]): Promise<{ accepted: number; duplicates: number; rejected: unknown[] }> {
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor(who)}` },
  });
  expect(response.status).toBe(202);
  const body = (await response.json()) as { accepted: number; duplicates: number; rejected: unknown[] };
  expect(body.rejected).toEqual([]);
  return body;
}

async function results(campaign: string): Promise<Summary & { daily: Daily[] }> {
  const response = await call(`/__sw/admin/results/${campaign}`, { headers: KEY });
  expect(response.status).toBe(200);
  return (await response.json()) as Summary & { daily: Daily[] };
}

const arm = (r: Summary, id: string) => {
  const found = r.arms.find((a) => a.id === id);
  if (!found) throw new Error(`no arm ${id} in ${JSON.stringify(r.arms.map((a) => a.id))}`);
  return found;
};
const counts = (r: Summary) => Object.fromEntries(r.arms.map((a) => [a.id, [a.exposed, a.converted, a.conversions, a.valueSum]]));

beforeEach(async () => {
  resetConfigCache();
  resetCollectLimits();
  site = `results-${++version}`;
  await publish(siteConfig(version, { site: { id: site }, campaigns: CAMPAIGNS }));
});

describe('aggregates from /__sw/collect', () => {
  it('counts each visitor once, for the arm of their first exposure, and attributes purchases to it', async () => {
    const t = Date.now() - 60_000;
    await send('ann', [exposure('promo-ab', 'a', t), purchase(50, t + 1000)]);
    await send('bob', [exposure('promo-ab', 'b', t)]);
    await send('cy', [exposure('promo-ab', 'control', t), purchase(20, t + 5)]);
    // A second exposure (another slot, another page) is not a second visitor.
    await send('dee', [exposure('promo-ab', 'a', t), exposure('promo-ab', 'a', t + 10)]);
    const r = await results('promo-ab');
    expect(r).toMatchObject({ id: 'promo-ab', name: 'Promo A/B', status: 'live', goal: { type: 'event', event: 'purchase' } });
    expect(counts(r)).toEqual({ control: [1, 1, 1, 20], a: [2, 1, 1, 50], b: [1, 0, 0, 0] });
    expect(arm(r, 'a')).toMatchObject({ name: 'A', rate: 0.5, revenuePerVisitor: 25 });
    expect(arm(r, 'control').uplift).toBeNull();
    expect(arm(r, 'control').chanceToBeat).toBeNull();
    expect(arm(r, 'a').uplift).toEqual({ rel: expect.any(Number), lo: expect.any(Number), hi: expect.any(Number), p: expect.any(Number) });
    expect(arm(r, 'a').chanceToBeat).toBeGreaterThan(0);
    expect(r.verdict).toMatch(/^not enough data yet/);
  });

  it('never counts a resent event twice', async () => {
    const batch = [exposure('promo-ab', 'b'), purchase(30), purchase(12)];
    expect(await send('eve', batch)).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(await send('eve', batch)).toMatchObject({ accepted: 0, duplicates: 3 });
    expect(await send('eve', [batch[2]!, batch[0]!])).toMatchObject({ accepted: 0, duplicates: 2 });
    expect(counts(await results('promo-ab')).b).toEqual([1, 1, 2, 42]);
  });

  it('does not attribute a conversion made before the exposure, but does one delivered before it', async () => {
    const t = Date.now() - 3_600_000;
    await send('fay', [purchase(99, t - 1), exposure('promo-ab', 'a', t)]);
    expect(counts(await results('promo-ab')).a).toEqual([1, 0, 0, 0]);
    // Another tab delivers the exposure only after the purchase it led to.
    await send('gus', [purchase(40, t + 100)]);
    await send('gus', [exposure('promo-ab', 'a', t)]);
    expect(counts(await results('promo-ab')).a).toEqual([2, 1, 1, 40]);
  });

  it('counts a returning buyer once in converted visitors and twice in conversions', async () => {
    // 01:00 UTC three days ago, so the two purchases fall on two UTC days.
    const t = (Math.floor(Date.now() / DAY) - 3) * DAY + 3_600_000;
    await send('hal', [exposure('promo-ab', 'control', t), purchase(10, t + 1000)]);
    await send('hal', [purchase(15, t + DAY)]);
    const r = await results('promo-ab');
    expect(counts(r).control).toEqual([1, 1, 2, 25]);
    // One row per day: the visitor converted on the first, the second purchase is only a conversion.
    expect(r.daily.filter((d) => d.arm === 'control').map((d) => [d.exposed, d.converted, d.conversions, d.value])).toEqual([
      [1, 1, 1, 10],
      [0, 0, 1, 15],
    ]);
  });

  it('stops attributing at the end of the attribution window', async () => {
    const t = Date.now() - ATTRIBUTION_WINDOW_MS - 2 * DAY;
    await send('ida', [exposure('promo-ab', 'b', t), purchase(5, t + ATTRIBUTION_WINDOW_MS), purchase(7, t + ATTRIBUTION_WINDOW_MS + 1)]);
    expect(counts(await results('promo-ab')).b).toEqual([1, 1, 1, 5]);
  });

  it("counts the campaign's own goal, and a conversion for every campaign seen before it", async () => {
    const t = Date.now() - 60_000;
    await send('jo', [
      exposure('promo-ab', 'a', t),
      exposure('signup-hero', 'h', t),
      event('add_to_cart', t + 1, { sku: 'x', price: 9 }),
      event('signup', t + 2),
      purchase(8, t + 3),
    ]);
    await send('kim', [exposure('signup-hero', 'control', t), purchase(8, t + 3)]);
    const signup = await results('signup-hero');
    expect(signup).toMatchObject({ status: 'paused', goal: { type: 'event', event: 'signup' } });
    expect(counts(signup)).toEqual({ control: [1, 0, 0, 0], h: [1, 1, 1, 0] });
    expect(counts(await results('promo-ab')).a).toEqual([1, 1, 1, 8]);
  });

  it('moves a visitor to the arm of an earlier exposure that arrives late, with their conversions', async () => {
    const t = Date.now() - 60_000;
    await send('lee', [exposure('promo-ab', 'b', t + 10), purchase(12, t + 20)]);
    expect(counts(await results('promo-ab'))).toMatchObject({ a: [0, 0, 0, 0], b: [1, 1, 1, 12] });
    await send('lee', [exposure('promo-ab', 'a', t)]);
    expect(counts(await results('promo-ab'))).toMatchObject({ a: [1, 1, 1, 12], b: [0, 0, 0, 0] });
  });

  it('ignores exposures without a usable campaign and variant', async () => {
    await send('max', [event('exposure', Date.now(), { campaign: 'promo-ab' }), event('exposure', Date.now(), { campaign: 'promo-ab', variant: 'not an id!' })]);
    expect(counts(await results('promo-ab'))).toEqual({ control: [0, 0, 0, 0], a: [0, 0, 0, 0], b: [0, 0, 0, 0] });
  });

  it('counts one visitor in at most MAX_CAMPAIGNS_PER_VISITOR campaigns', async () => {
    const t = Date.now() - 60_000;
    const made = Array.from({ length: MAX_CAMPAIGNS_PER_VISITOR }, (_, i) => exposure(`made-up-${i}`, 'a', t));
    for (let i = 0; i < made.length; i += 100) await send('spam', made.slice(i, i + 100));
    await send('spam', [exposure('promo-ab', 'a', t), purchase(5, t + 1)]);
    expect(counts(await results('promo-ab')).a).toEqual([0, 0, 0, 0]);
    // Anyone else is still counted.
    await send('quinn', [exposure('promo-ab', 'a', t), purchase(5, t + 1)]);
    expect(counts(await results('promo-ab')).a).toEqual([1, 1, 1, 5]);
  });

  it('a full recount from the stored events agrees with the incremental aggregates', async () => {
    const t = Date.now() - 10 * DAY;
    const arms = ['control', 'a', 'b'];
    for (let i = 0; i < 12; i++) {
      const who = `rec${i}`;
      const events = [exposure('promo-ab', arms[i % 3]!, t + i * 3_600_000)];
      if (i % 2 === 0) events.push(purchase(10 + i, t + i * 3_600_000 + DAY));
      if (i % 4 === 0) events.push(purchase(1.1 * i, t + (i + 30) * 3_600_000), event('signup', t + i * 3_600_000 + 5));
      // Deliver in a shuffled order, split across batches.
      const order = events
        .map((e, k) => ({ e, k: (k * 7 + i) % events.length }))
        .sort((x, y) => x.k - y.k)
        .map((x) => x.e);
      for (const e of order) await send(who, [e]);
    }
    const store = env.EVENTS.get(env.EVENTS.idFromName(site));
    const goals = [
      { campaign: 'promo-ab', goal: 'purchase' },
      { campaign: 'promo-ab', goal: 'signup' },
    ];
    const before = { totals: await store.totals(goals), daily: await store.daily('promo-ab', 'purchase') };
    await store.rebuildAggregates();
    const after = { totals: await store.totals(goals), daily: await store.daily('promo-ab', 'purchase') };
    expect(after).toEqual(before);
    const [purchases, signups] = before.totals;
    expect(purchases?.reduce((s, a) => s + a.exposed, 0)).toBe(12);
    // Purchases: every even visitor, and every fourth a second time; signups: every fourth.
    expect(purchases?.reduce((s, a) => s + a.conversions, 0)).toBe(9);
    expect(signups?.reduce((s, a) => s + a.conversions, 0)).toBe(3);
  });
});

describe('GET /__sw/admin/results', () => {
  it('lists every campaign of the live config, with its arms, SRM check and verdict', async () => {
    await send('ned', [exposure('promo-ab', 'a'), exposure('auto', 'y'), exposure('thanks', 't')]);
    const response = await call('/__sw/admin/results', { headers: KEY });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { campaigns } = (await response.json()) as { campaigns: Summary[] };
    expect(campaigns.map((c) => [c.id, c.status])).toEqual([
      ['promo-ab', 'live'],
      ['signup-hero', 'paused'],
      ['thanks', 'live'],
      ['auto', 'live'],
    ]);
    const [promo, , thanks, auto] = campaigns;
    expect(promo?.arms.map((a) => a.id)).toEqual(['control', 'a', 'b']);
    expect(promo?.srm).toEqual({ p: expect.any(Number), warning: false });
    // A single variant without holdout: rates only.
    expect(thanks?.arms.map((a) => [a.id, a.exposed, a.uplift])).toEqual([['t', 1, null]]);
    const weights = auto?.bandit?.weights ?? {};
    expect(Object.keys(weights)).toEqual(['x', 'y']);
    expect((weights.x ?? 0) + (weights.y ?? 0)).toBeCloseTo(1, 9);
    expect(promo?.bandit).toBeUndefined();
  });

  it('answers 404 naming an unknown campaign', async () => {
    for (const path of ['/__sw/admin/results/nope', '/__sw/admin/results/nope/csv']) {
      const response = await call(path, { headers: KEY });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'campaign: "nope" has no results: it is not in the live config and no exposure was counted for it' });
    }
  });

  it('requires the Admin API key or a session', async () => {
    for (const path of ['/__sw/admin/results', '/__sw/admin/results/promo-ab', '/__sw/admin/results/promo-ab/csv']) {
      expect((await call(path)).status).toBe(401);
      expect((await call(path, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    }
  });

  it('downloads the daily rows as CSV', async () => {
    const now = Date.now();
    // Inside collect's 90-day limit: yesterday and the day before, in UTC days.
    const d1 = Math.floor(now / DAY) * DAY - DAY + 3_600_000;
    const d0 = d1 - DAY;
    await send('oli', [exposure('promo-ab', 'a', d0), purchase(19.99, d0 + 60_000), purchase(5, d1)]);
    await send('pat', [exposure('promo-ab', 'control', d1)]);
    const response = await call('/__sw/admin/results/promo-ab/csv', { headers: KEY });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="slotwise-promo-ab-daily.csv"');
    const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);
    expect(await response.text()).toBe(
      ['day,arm,exposed,converted,conversions,value', `${day(d0)},a,1,1,1,19.99`, `${day(d1)},a,0,0,1,5`, `${day(d1)},control,1,0,0,0`, ''].join('\r\n'),
    );
    const json = await results('promo-ab');
    expect(json.daily).toEqual([
      { day: day(d0), arm: 'a', exposed: 1, converted: 1, conversions: 1, value: 19.99 },
      { day: day(d1), arm: 'a', exposed: 0, converted: 0, conversions: 1, value: 5 },
      { day: day(d1), arm: 'control', exposed: 1, converted: 0, conversions: 0, value: 0 },
    ]);
  });
});

describe('bandit weights for the traffic split', () => {
  it('come from the aggregates, shift towards the better variant, and match what the results show', async () => {
    const t = Date.now() - 60_000;
    for (let i = 0; i < 40; i++) {
      const variant = i % 2 === 0 ? 'x' : 'y';
      // y converts 3 times in 4, x once in 4.
      const converts = variant === 'y' ? i % 8 !== 1 : i % 8 === 0;
      await send(`band${i}`, [exposure('auto', variant, t), ...(converts ? [purchase(10, t + 1)] : [])]);
    }
    const config = (await liveConfig(env, createExecutionContext())).config;
    expect(config).not.toBeNull();
    const weights = await banditWeightsFor(env, config!);
    expect(Object.keys(weights)).toEqual(['auto']);
    expect(weights.auto?.y).toBeGreaterThan(0.9);
    expect(weights.auto?.x).toBeGreaterThanOrEqual(0.05);
    expect((await results('auto')).bandit?.weights).toEqual(weights.auto);
  });

  it('without data keep the configured split, so visitors who are not measured get the first variant', async () => {
    const config = (await liveConfig(env, createExecutionContext())).config;
    expect(await banditWeightsFor(env, config!)).toEqual({});
  });

  it('reach the config every runtime decides with: a visitor who is not measured gets the variant the data favours', async () => {
    const bestKnown = async () => {
      resetBanditWeights();
      const ctx = createExecutionContext();
      await liveConfig(env, ctx); // starts the refresh in the background
      await waitOnExecutionContext(ctx);
      const config = (await liveConfig(env, createExecutionContext())).config!;
      const auto = config.campaigns.find((c) => c.id === 'auto')!;
      return auto.arms[auto.bestArm]?.id;
    };
    expect(await bestKnown()).toBe('x');
    const t = Date.now() - 60_000;
    for (let i = 0; i < 40; i++) {
      const variant = i % 2 === 0 ? 'x' : 'y';
      const converts = variant === 'y' ? i % 8 !== 1 : i % 8 === 0;
      await send(`best${i}`, [exposure('auto', variant, t), ...(converts ? [purchase(10, t + 1)] : [])]);
    }
    expect(await bestKnown()).toBe('y');
  });
});
