/**
 * The programme view's budget chart: per UTC week and per lifecycle segment, how many customers
 * seen got 0, 1, 2, … promotional messages (a campaign repeated on one day on one kind of
 * channel counts once, service campaigns never), how many got nothing and how many reached the
 * weekly budget. Counted by the event stores as events arrive, from the segments of the visitor's
 * profile cookie (or the profile a channel sends), and added across 4 shards.
 */
import type { SiteConfigInput } from '@slotwise/core';
import type { ProgrammeView } from '@slotwise/core/protocol';
import { type ContactCell, utcWeek } from '@slotwise/core/stats';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { shardStore } from '../../src/objects/shards.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';
import { dealSeeker, newVisitor, returning } from '../segment-cookies.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
const DECIDE = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const DAY = 86_400_000;
let version = 300;
let seq = 0;

const campaign = (id: string, extra: Partial<SiteConfigInput['campaigns'][number]> = {}): SiteConfigInput['campaigns'][number] => ({
  id,
  name: id,
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: id } } }],
  ...extra,
});

const exposure = (campaignId: string, ts: number) => ({ id: `programme-${++seq}`, type: 'exposure', ts, props: { campaign: campaignId, variant: 'v' } });
const pageView = (ts: number) => ({ id: `programme-${++seq}`, type: 'page_view', ts, props: { path: '/' } });

/** A browser's batch through /__sw/collect, with its profile cookie. */
async function collect(visitor: string, profile: string, events: unknown[]): Promise<void> {
  resetCollectLimits();
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor}; sw_p=${profile}` },
  });
  expect(response.status).toBe(202);
  expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

async function programmeView(): Promise<ProgrammeView> {
  const response = await call('/__sw/admin/programme', { headers: KEY });
  expect(response.status).toBe(200);
  return (await response.json()) as ProgrammeView;
}

const row = (view: ProgrammeView, id: string) => view.segments!.find((s) => s.id === id)!.weeks.at(-1)!;

beforeEach(() => resetConfigCache());

describe('GET /__sw/admin/programme', () => {
  it('counts promotional messages per customer this week, for all customers and per segment, over 4 shards', async () => {
    const siteId = `programme-${++version}`;
    await publish(
      siteConfig(version, {
        site: { id: siteId, measurement: { shards: 4 } },
        budgets: [{ id: 'weekly', limit: 2, per: 'week' }],
        campaigns: [campaign('a'), campaign('b', { priority: 2 }), campaign('c', { priority: 3 }), campaign('receipt', { priority: 4, purpose: 'service' })],
      }),
    );
    const now = Date.now();
    const monday = (utcWeek(now) * 7 - 3) * DAY;
    // Another UTC day of this week: Monday, or Tuesday when today is Monday (collect takes up to 24 h ahead).
    const otherDay = now - monday >= DAY ? monday : monday + DAY;

    // Deal seekers: one got three messages (a twice today counts once, b on another day, c), one got one, one got nothing.
    await collect('visitor-programme-deal-01', dealSeeker(), [exposure('a', now), exposure('a', now), exposure('b', otherDay), exposure('c', now)]);
    await collect('visitor-programme-deal-02', dealSeeker(), [exposure('a', now), exposure('receipt', now)]);
    await collect('visitor-programme-deal-03', dealSeeker(), [pageView(now)]);
    // New visitors: one got a service message only (nothing promotional), one got two.
    await collect('visitor-programme-new-0001', newVisitor(), [exposure('receipt', now)]);
    await collect('visitor-programme-new-0002', newVisitor(), [exposure('a', now), exposure('b', now)]);
    // Plain returning visitors who saw nothing promotional.
    for (let i = 0; i < 7; i++) await collect(`visitor-programme-ret-000${i}`, returning(), [pageView(now)]);
    // An email of campaign a to the second deal seeker, reported by the email service with the
    // customer's profile: another kind of channel, so a second message today.
    const reported = await call('/__sw/decide/exposures', {
      method: 'POST',
      headers: DECIDE,
      body: JSON.stringify({
        visitorId: 'visitor-programme-deal-02',
        profileCookie: dealSeeker(),
        exposures: [{ id: 'email-programme-1', campaign: 'a', variant: 'v', channel: 'email' }],
      }),
    });
    expect(reported.status).toBe(202);

    const view = await programmeView();
    expect(view.weeklyBudget).toBe(2);
    expect(view.weeks).toHaveLength(4);
    expect(view.segments!.map((s) => s.id).slice(0, 3)).toEqual(['all', 'new', 'returning']);

    // All customers: 12 seen; 9 got nothing (7 returning, a deal seeker, a new visitor with only a service message), …
    const all = row(view, 'all');
    expect(all.visitors).toBe(12);
    expect(all.got.slice(0, 4)).toEqual([9, 0, 2, 1]);
    expect(all.atBudget).toBe(3);
    expect(view.weeks.at(-1)).toEqual(all);
    // … deal seekers (also returning): 3 seen, 1 got nothing, 1 got 2 (web and email), 1 got 3.
    expect(row(view, 'deal_seeker')).toMatchObject({ visitors: 3, atBudget: 2 });
    expect(row(view, 'deal_seeker').got.slice(0, 4)).toEqual([1, 0, 1, 1]);
    expect(row(view, 'returning')).toMatchObject({ visitors: 10, atBudget: 2 });
    expect(row(view, 'new').got.slice(0, 3)).toEqual([1, 0, 1]);
    expect(row(view, 'lapsed').visitors).toBe(0);
    expect(view.weeks[0]!.visitors).toBe(0);

    // The visitors are spread over the shards, and the view is each shard's counts added.
    const perShard = await Promise.all([0, 1, 2, 3].map((i) => shardStore(env, siteId, i).contactWeeks(utcWeek(now), utcWeek(now))));
    expect(perShard.filter((cells) => cells.length > 0).length).toBeGreaterThan(1);
    const allOf = (cells: ContactCell[]) => cells.filter((c) => c.segment === 'all').reduce((n, c) => n + c.visitors, 0);
    expect(perShard.reduce((n, cells) => n + allOf(cells), 0)).toBe(12);
  });

  it('counts the same whatever the order events arrive in, and a rebuild or a move agrees with the counts', async () => {
    const siteId = `programme-${++version}`;
    await publish(siteConfig(version, { site: { id: siteId }, budgets: [{ id: 'weekly', limit: 3, per: 'week' }], campaigns: [campaign('a'), campaign('b')] }));
    const now = Date.now();
    const store = shardStore(env, siteId, 0);
    const settings = { promotional: ['a', 'b'] };
    const week = utcWeek(now);
    // One visitor's week in three batches: a page view as a new visitor, then two messages after they became a deal seeker.
    await store.appendMany([{ visitor: 'visitor-order-000000001', events: [exposure('a', now)], segments: ['returning', 'deal_seeker'] }], settings);
    await store.appendMany([{ visitor: 'visitor-order-000000001', events: [pageView(now - 1)], segments: ['new'] }], settings);
    await store.appendMany([{ visitor: 'visitor-order-000000001', events: [exposure('b', now)], segments: ['returning', 'deal_seeker'] }], settings);
    const cells = (await store.contactWeeks(week, week)).sort((x, y) => (x.segment < y.segment ? -1 : 1));
    // Counted once, with both messages, in every segment they were in this week.
    expect(cells).toEqual([
      { week, segment: 'all', got: 2, visitors: 1 },
      { week, segment: 'deal_seeker', got: 2, visitors: 1 },
      { week, segment: 'new', got: 2, visitors: 1 },
      { week, segment: 'returning', got: 2, visitors: 1 },
    ]);
    await store.rebuildAggregates();
    expect((await store.contactWeeks(week, week)).sort((x, y) => (x.segment < y.segment ? -1 : 1))).toEqual(cells);
    await store.forgetVisitor('visitor-order-000000001');
    expect(await store.contactWeeks(week, week)).toEqual([]);
  });
});
