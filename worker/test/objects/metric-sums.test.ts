/**
 * The per-metric sums the statistics read (issue 21): per campaign × metric × arm, sums over
 * visitors of their value after exposure and its products with the covariate their first
 * exposure carried, kept incrementally in any arrival order, equal to a full recount, and
 * additive across stores.
 */
import type { Metric } from '@slotwise/core';
import type { SwEvent } from '@slotwise/core/protocol';
import type { MetricSums } from '@slotwise/core/stats';
import { runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { EventStore } from '../../src/objects/event-store.ts';
import { type ArmKeySums, armMetricSums, metricSumsOf } from '../../src/objects/metric-sums.ts';
import { env } from '../harness.ts';

const store = (site: string) => env.EVENTS.get(env.EVENTS.idFromName(site)) as unknown as DurableObjectStub<EventStore>;
const visitor = (name: string) => `visitor-${name}-`.padEnd(22, '0');
let n = 0;
const id = () => `metric-evt-${n++}`.padEnd(12, '0');
const T0 = Date.now() - 3 * 86_400_000;
const exposure = (c: string, arm: string, pre: string, at = T0): SwEvent => ({ id: id(), type: 'exposure', ts: at, props: { campaign: c, variant: arm, slot: 'hero', pre } });
const purchase = (value: number, at = T0 + 1000): SwEvent => ({ id: id(), type: 'purchase', ts: at, props: { value } });
const vitals = (props: Record<string, number>, at = T0 + 2000): SwEvent => ({ id: id(), type: 'vitals', ts: at, props });

const CONVERSION: Metric = { id: 'buy', role: 'primary', kind: 'conversion', event: 'purchase' };
const REVENUE: Metric = { id: 'rev', role: 'secondary', kind: 'revenue-per-visitor', event: 'purchase' };
const AOV: Metric = { id: 'aov', role: 'secondary', kind: 'aov', event: 'purchase' };
const CLS: Metric = { id: 'cls', role: 'guardrail', kind: 'cls' };

async function sumsOf(site: string, campaign: string, metric: Metric, key: string): Promise<Record<string, MetricSums>> {
  const [arms = []] = await store(site).metricTotals([{ campaign, key }]);
  return Object.fromEntries(arms.map((a) => [a.arm, metricSumsOf(metric, a)]));
}

/** Three visitors in arm a, one in b, with known covariates and values: the sums written out by hand. */
async function seed(site: string, c: string, order: 'exposure-first' | 'events-first') {
  const plan: [string, SwEvent[]][] = [
    ['v1', [exposure(c, 'a', 'purchase:2,page_view:10'), purchase(30), purchase(10), vitals({ cls: 0.2, lcp: 1000 }), vitals({ cls: 0.4 })]],
    ['v2', [exposure(c, 'a', 'purchase:1,page_view:4'), vitals({ cls: 0.1 })]],
    ['v3', [exposure(c, 'a', ''), purchase(5)]],
    ['v4', [exposure(c, 'b', 'page_view:3'), purchase(20)]],
  ];
  for (const [who, events] of plan) {
    const batches = order === 'exposure-first' ? events.map((e) => [e]) : [...events.slice(1).map((e) => [e]), [events[0] as SwEvent]];
    for (const batch of batches) await store(site).append(visitor(`${c}-${who}`), batch);
  }
}

describe('per-metric sums in the event store', () => {
  it('keep n, Σy, Σy², Σx, Σx², Σxy per arm for conversions, revenue, AOV and a web vital, in any arrival order', async () => {
    for (const order of ['exposure-first', 'events-first'] as const) {
      const c = `sums-${order}`;
      await seed('metric-site', c, order);
      // x = the visitor's 30-day purchases (v1: 2, v2: 1, v3: 0); y = converted, v = revenue, k = orders.
      expect((await sumsOf('metric-site', c, CONVERSION, 'purchase')).a).toEqual({ n: 3, sumY: 2, sumY2: 2, sumX: 3, sumX2: 5, sumXY: 2 });
      expect((await sumsOf('metric-site', c, REVENUE, 'purchase')).a).toEqual({ n: 3, sumY: 45, sumY2: 40 ** 2 + 5 ** 2, sumX: 3, sumX2: 5, sumXY: 2 * 40 });
      expect((await sumsOf('metric-site', c, AOV, 'purchase')).a).toEqual({
        n: 3,
        sumY: 45,
        sumY2: 1625,
        sumX: 3,
        sumX2: 5,
        sumXY: 80,
        sumD: 3,
        sumD2: 2 ** 2 + 1,
        sumYD: 40 * 2 + 5,
      });
      // A web vital counts the visitors with a measurement (v1, v2), each at their page views' mean, x = page views.
      const cls = (await sumsOf('metric-site', c, CLS, 'vital:cls')).a;
      expect(cls?.n).toBe(2);
      expect(cls?.sumY).toBeCloseTo(0.3 + 0.1, 12);
      expect(cls?.sumY2).toBeCloseTo(0.09 + 0.01, 12);
      expect([cls?.sumX, cls?.sumX2]).toEqual([14, 116]);
      expect(cls?.sumXY).toBeCloseTo(10 * 0.3 + 4 * 0.1, 12);
      expect((await sumsOf('metric-site', c, CONVERSION, 'purchase')).b).toEqual({ n: 1, sumY: 1, sumY2: 1, sumX: 0, sumX2: 0, sumXY: 0 });
    }
  });

  it('move a visitor, covariates and all, to the arm of an earlier exposure that arrives late', async () => {
    const c = 'sums-late';
    const who = visitor(`${c}-v`);
    await store('metric-site').append(who, [exposure(c, 'b', 'purchase:4', T0 + 500), purchase(12)]);
    expect(Object.keys(await sumsOf('metric-site', c, CONVERSION, 'purchase'))).toEqual(['b']);
    await store('metric-site').append(who, [exposure(c, 'a', 'purchase:1', T0)]);
    const sums = await sumsOf('metric-site', c, CONVERSION, 'purchase');
    expect(sums.a).toEqual({ n: 1, sumY: 1, sumY2: 1, sumX: 1, sumX2: 1, sumXY: 1 });
    expect(sums.b).toBeUndefined();
    // Nothing of the visitor is left under b, not even sums an arm without visitors would hide.
    const left = await runInDurableObject(
      store('metric-site'),
      (_: EventStore, state) => state.storage.sql.exec("SELECT SUM(ABS(converted) + ABS(sum_v) + ABS(sum_xc)) AS s FROM metric_daily WHERE campaign = ? AND arm = 'b'", c).one().s,
    );
    expect(left).toBe(0);
  });

  it('equal a full recount from the stored events', async () => {
    const c = 'sums-recount';
    await seed('metric-recount', c, 'events-first');
    const before = await store('metric-recount').metricTotals([
      { campaign: c, key: 'purchase' },
      { campaign: c, key: 'vital:cls' },
    ]);
    await store('metric-recount').rebuildAggregates();
    const after = await store('metric-recount').metricTotals([
      { campaign: c, key: 'purchase' },
      { campaign: c, key: 'vital:cls' },
    ]);
    const rounded = (x: ArmKeySums[][]) => JSON.parse(JSON.stringify(x, (_, v) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v)));
    expect(rounded(after)).toEqual(rounded(before));
  });

  it('add field by field across stores: two stores with half the visitors each give the sums of one with all', async () => {
    const c = 'sums-shards';
    await seed('metric-whole', c, 'exposure-first');
    const [whole = []] = await store('metric-whole').metricTotals([{ campaign: c, key: 'purchase' }]);
    // Half the visitors in each of two stores, as a sharded store would hold them.
    const plan: [string, string, SwEvent[]][] = [
      ['metric-shard-1', 'v1', [exposure(c, 'a', 'purchase:2,page_view:10'), purchase(30), purchase(10)]],
      ['metric-shard-1', 'v4', [exposure(c, 'b', 'page_view:3'), purchase(20)]],
      ['metric-shard-2', 'v2', [exposure(c, 'a', 'purchase:1,page_view:4')]],
      ['metric-shard-2', 'v3', [exposure(c, 'a', ''), purchase(5)]],
    ];
    for (const [site, who, events] of plan) await store(site).append(visitor(`${c}-${who}`), events);
    const [one = []] = await store('metric-shard-1').metricTotals([{ campaign: c, key: 'purchase' }]);
    const [two = []] = await store('metric-shard-2').metricTotals([{ campaign: c, key: 'purchase' }]);
    const add = (x: MetricSums, y: MetricSums) => Object.fromEntries(Object.keys(x).map((k) => [k, (x[k as keyof MetricSums] ?? 0) + (y[k as keyof MetricSums] ?? 0)]));
    const arm = (list: ArmKeySums[], id: string) => list.find((x) => x.arm === id);
    const empty = { exposed: { n: 0, sumX: 0, sumX2: 0 }, sums: { converted: 0, sumV: 0, sumV2: 0, sumK: 0, sumK2: 0, sumVK: 0, sumXC: 0, sumX2C: 0, sumXV: 0, sumXK: 0 } };
    for (const a of ['a', 'b']) {
      const merged = add(metricSumsOf(AOV, arm(one, a) ?? empty), metricSumsOf(AOV, arm(two, a) ?? empty));
      expect(merged).toEqual(metricSumsOf(AOV, arm(whole, a) ?? empty));
    }
  });

  it("cap revenue outliers at the metric's percentile of buyers' values, one cap for every arm, from the store's bins", async () => {
    const c = 'sums-capped';
    const buyers: [string, number][] = [
      ['a', 10],
      ['a', 20],
      ['a', 30],
      ['a', 40],
      ['b', 15],
      ['b', 25],
      ['b', 35],
      ['b', 5000],
    ];
    for (const [i, [arm, value]] of buyers.entries()) await store('metric-capped').append(visitor(`${c}-${i}`), [exposure(c, arm, ''), purchase(value)]);
    const [arms = []] = await store('metric-capped').metricTotals([{ campaign: c, key: 'purchase' }]);
    const uncapped = Object.fromEntries(armMetricSums(REVENUE, arms));
    expect(uncapped.b?.sumY).toBe(5075);
    const capped = Object.fromEntries(armMetricSums({ ...REVENUE, capPercentile: 75 }, arms));
    // The 75th percentile of the eight buyers is 35, rounded up to its bin's edge (2^5.25 ≈ 38.05):
    // the whale counts as that, and so does arm a's 40 — the same cap for both arms.
    const cap = 2 ** 5.25;
    expect(capped.b?.sumY).toBeCloseTo(15 + 25 + 35 + cap, 9);
    expect(capped.b?.sumY2).toBeCloseTo(15 ** 2 + 25 ** 2 + 35 ** 2 + cap ** 2, 6);
    expect(capped.a?.sumY).toBeCloseTo(10 + 20 + 30 + cap, 9);
    expect(capped.a?.n).toBe(4);
  });
});
