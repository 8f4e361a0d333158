/**
 * Retention in the EventStore, inside workerd: the daily alarm deletes raw events older than
 * EVENT_RETENTION_DAYS and aggregate rows and first exposures older than
 * AGGREGATE_RETENTION_DAYS, and leaves every count of the days it keeps as it was. Events older
 * than /__sw/collect accepts are appended to the object directly, as if stored long ago.
 */
import type { SwEvent } from '@slotwise/core/protocol';
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { AGGREGATE_RETENTION_DAYS, ATTRIBUTION_WINDOW_MS, EVENT_RETENTION_DAYS, type EventStore, PRUNE_BATCH } from '../../src/objects/event-store.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

const DAY = 86_400_000;
/** How late /__sw/collect still accepts an event (collect.ts): counting must still see what it is attributed against. */
const COLLECT_PAST_MS = 90 * DAY;
let seq = 0;
let site = '';
let version = 500;

const visitor = (name: string) => `visitor-${name}-`.padEnd(22, '0');
const event = (type: string, ts: number, props?: SwEvent['props']): SwEvent => ({ id: `evt-${site}-${seq++}`, type, ts, ...(props ? { props } : {}) });
const exposure = (variant: string, ts: number) => event('exposure', ts, { campaign: 'promo-ab', variant, slot: 'promo' });
const purchase = (value: number, ts: number) => event('purchase', ts, { value });
const store = () => env.EVENTS.get(env.EVENTS.idFromName(site)) as unknown as DurableObjectStub<EventStore>;

async function send(who: string, events: SwEvent[]): Promise<void> {
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor(who)}` },
  });
  expect(response.status).toBe(202);
  expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

/** Stores events as if delivered long ago: the same counting as /__sw/collect, without its clock check. */
const appendOld = (who: string, events: SwEvent[]) => runInDurableObject(store(), (instance: EventStore) => instance.append(visitor(who), events));

const rows = (table: string, who: string) =>
  runInDurableObject(store(), (_: EventStore, state) => state.storage.sql.exec(`SELECT COUNT(*) AS n FROM ${table} WHERE visitor = ?`, visitor(who)).one().n);
const armTotals = async () => (await store().totals([{ campaign: 'promo-ab', goal: 'purchase' }]))[0]!.map((a) => [a.arm, a.exposed, a.converted, a.conversions, a.valueSum]);
const isoDay = (ts: number) => new Date(ts).toISOString().slice(0, 10);
/** 01:00 UTC `days` days before today: an exposure and a purchase a minute later fall on one day. */
const daysAgo = (now: number, days: number) => (Math.floor(now / DAY) - days) * DAY + 3_600_000;

beforeEach(async () => {
  resetConfigCache();
  resetCollectLimits();
  site = `retention-${++version}`;
  await publish(siteConfig(version, { site: { id: site } }));
});

describe('EventStore retention', () => {
  it('keeps raw events for longer than anything still counted needs them, and aggregates longer still', () => {
    expect(EVENT_RETENTION_DAYS * DAY).toBeGreaterThan(COLLECT_PAST_MS + ATTRIBUTION_WINDOW_MS);
    expect(AGGREGATE_RETENTION_DAYS).toBeGreaterThan(EVENT_RETENTION_DAYS);
  });

  it('schedules its pruning alarm on the first event it stores', async () => {
    expect(await runInDurableObject(store(), (_: EventStore, state) => state.storage.getAlarm())).toBeNull();
    // Nothing scheduled yet: there is no alarm to run.
    expect(await runDurableObjectAlarm(store())).toBe(false);
    await send('first', [exposure('a', Date.now() - 60_000)]);
    expect(await runInDurableObject(store(), (_: EventStore, state) => state.storage.getAlarm())).not.toBeNull();
    expect(await runDurableObjectAlarm(store())).toBe(true);
    // It runs again the next day.
    expect(await runInDurableObject(store(), (_: EventStore, state) => state.storage.getAlarm())).not.toBeNull();
  });

  it('prunes old raw events and old aggregates, and leaves the recent days as they were', async () => {
    const now = Date.now();
    // Past both limits: gone entirely.
    const ancient = daysAgo(now, AGGREGATE_RETENTION_DAYS + 70);
    await appendOld('ancient', [exposure('a', ancient), purchase(40, ancient + 60_000)]);
    // Past the raw-event limit only: the events go, their aggregates and first exposure stay.
    const middle = daysAgo(now, EVENT_RETENTION_DAYS + 20);
    await appendOld('middle', [exposure('b', middle), purchase(25, middle + 60_000)]);
    // Recent, through /__sw/collect: kept.
    await send('recent', [exposure('a', daysAgo(now, 5)), purchase(10, daysAgo(now, 5) + 60_000)]);
    await send('fresh', [exposure('control', daysAgo(now, 1)), purchase(7, daysAgo(now, 1) + 60_000)]);

    const before = { totals: await armTotals(), daily: await store().daily('promo-ab', 'purchase') };
    expect(before.totals).toEqual([
      ['a', 2, 2, 2, 50],
      ['b', 1, 1, 1, 25],
      ['control', 1, 1, 1, 7],
    ]);
    expect(before.daily).toHaveLength(4);
    expect(await store().count()).toBe(8);

    expect(await runDurableObjectAlarm(store())).toBe(true);

    // Raw events: only those within EVENT_RETENTION_DAYS.
    expect(await store().count()).toBe(4);
    for (const who of ['ancient', 'middle']) expect(await store().byVisitor(visitor(who))).toEqual([]);
    expect((await store().byVisitor(visitor('recent'))).map((e) => e.type)).toEqual(['exposure', 'purchase']);
    // First exposures go with the aggregates: the ancient one is gone, the middle one kept.
    expect(await rows('exposures', 'ancient')).toBe(0);
    expect(await rows('exposures', 'middle')).toBe(1);
    // Aggregates: the days older than AGGREGATE_RETENTION_DAYS are gone, every other day is unchanged.
    const horizon = isoDay(now - AGGREGATE_RETENTION_DAYS * DAY);
    const after = await store().daily('promo-ab', 'purchase');
    expect(after).toEqual(before.daily.filter((d) => d.day >= horizon));
    expect(after).toHaveLength(3);
    expect(await armTotals()).toEqual([
      ['a', 1, 1, 1, 10],
      ['b', 1, 1, 1, 25],
      ['control', 1, 1, 1, 7],
    ]);

    // The middle visitor's first exposure is still known, so seeing the campaign again does not count them twice.
    await send('middle', [exposure('a', now - 1000)]);
    expect(await armTotals()).toEqual([
      ['a', 1, 1, 1, 10],
      ['b', 1, 1, 1, 25],
      ['control', 1, 1, 1, 7],
    ]);

    // A second run finds nothing more to delete.
    expect(await runDurableObjectAlarm(store())).toBe(true);
    expect(await store().daily('promo-ab', 'purchase')).toEqual(after);
  });

  it('a rebuild after pruning recounts the retained events only', async () => {
    const now = Date.now();
    const middle = daysAgo(now, EVENT_RETENTION_DAYS + 20);
    await appendOld('middle', [exposure('b', middle), purchase(25, middle + 60_000)]);
    await send('recent', [exposure('a', daysAgo(now, 5)), purchase(10, daysAgo(now, 5) + 60_000)]);
    await send('fresh', [exposure('control', daysAgo(now, 1)), purchase(7, daysAgo(now, 1) + 60_000)]);
    expect(await runDurableObjectAlarm(store())).toBe(true);
    const recentDays = (await store().daily('promo-ab', 'purchase')).filter((d) => d.day >= isoDay(now - 10 * DAY));

    await store().rebuildAggregates();
    // The recent days come out the same; the days whose events were pruned are not recounted.
    expect(await store().daily('promo-ab', 'purchase')).toEqual(recentDays);
    expect(await armTotals()).toEqual([
      ['a', 1, 1, 1, 10],
      ['control', 1, 1, 1, 7],
    ]);
    expect(await rows('exposures', 'middle')).toBe(0);
  });

  it('deletes a large backlog in bounded runs, each going on where the last stopped', async () => {
    await send('recent', [exposure('a', Date.now() - 60_000)]);
    // One more old event than a run deletes, of three types, written straight into the table.
    const old = daysAgo(Date.now(), EVENT_RETENTION_DAYS + 5);
    await runInDurableObject(store(), (_: EventStore, state) => {
      state.storage.sql.exec(
        `INSERT INTO events (id, visitor, type, ts, props, received)
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         SELECT 'old-' || i, ?, CASE i % 3 WHEN 0 THEN 'scroll' WHEN 1 THEN 'click' ELSE 'page_view' END, ? + i, NULL, ? FROM n`,
        PRUNE_BATCH,
        visitor('backlog'),
        old,
        old,
      );
    });
    expect(await store().count()).toBe(PRUNE_BATCH + 2);
    expect(await runDurableObjectAlarm(store())).toBe(true);
    expect(await store().count()).toBe(2);
    expect(await runDurableObjectAlarm(store())).toBe(true);
    expect(await store().byVisitor(visitor('backlog'))).toEqual([]);
    expect(await store().byVisitor(visitor('recent'))).toHaveLength(1);
  });
});
