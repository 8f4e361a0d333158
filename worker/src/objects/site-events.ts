/**
 * A site's events as one store: reads fan out to every shard the site's events were ever spread
 * over (shards.ts) and merge (merge.ts); the few writes that belong to the site rather than to a
 * visitor (categories, bot counts) go to shard 0. A visitor's events are written by the pipeline
 * (pipeline/ingest.ts), never through here.
 */
import type { ArmTotals, ContactCell, DailyRow, RecoCounts } from '@slotwise/core/stats';
import type { Env } from '../env.ts';
import type { ArmKeySums } from './metric-sums.ts';
import type { SegmentTotals } from './segment-sums.ts';
import { mergeArmKeySums, money, sumCounts, sumRows } from './merge.ts';
import { shardStore } from './shards.ts';
import type { SlotHealth, SlotHealthRow } from './slot-health.ts';

export type SiteEvents = ReturnType<typeof siteEvents>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The shards' answers to a batch of queries, merged query by query (one shard's answer as it is). */
function mergeEachQuery<R>(per: readonly R[][][], queries: number, merge: (lists: R[][]) => R[]): R[][] {
  if (per.length === 1) return per[0] ?? [];
  return Array.from({ length: queries }, (_, q) => merge(per.map((p) => p[q] ?? [])));
}

export function siteEvents(env: Env, siteId: string) {
  const first = shardStore(env, siteId, 0);
  /** Every shard that may hold events: shard 0 knows how many were ever used. */
  const shards = async () => {
    const n = await first.shardsSeen();
    return Array.from({ length: n }, (_, i) => (i === 0 ? first : shardStore(env, siteId, i)));
  };
  const each = async <T>(read: (shard: typeof first) => Promise<T>): Promise<T[]> => Promise.all((await shards()).map(read));

  return {
    shards,
    noteCategory: (name: string) => first.noteCategory(name),
    noteBots: (events: number) => first.noteBots(events),
    /** Selector health is the site's, not a visitor's: kept in shard 0 (slot-health.ts). */
    noteSlotHealth: (rows: SlotHealthRow[]) => first.noteSlotHealth(rows),
    slotHealth: (): Promise<SlotHealth> => first.slotHealth(),

    /** The budget chart's cells per week × segment × messages (admin/programme.ts): a visitor lives in one shard, so the counts add. */
    async contactWeeks(from: number, to: number): Promise<ContactCell[]> {
      const per = await each((s) => s.contactWeeks(from, to));
      if (per.length === 1) return per[0] ?? [];
      return sumRows(per, (c) => `${c.week}\u0000${c.segment}\u0000${c.got}`, ['week', 'got']);
    },

    /** Exposed and converted visitors per campaign, arm and segment (segment-sums.ts), merged over the shards: visitor counts add. */
    async segmentTotals(queries: readonly { campaign: string; goal: string }[]): Promise<SegmentTotals[][]> {
      return mergeEachQuery(await each((s) => s.segmentTotals(queries)), queries.length, (lists) => sumRows(lists, (r) => `${r.arm}\u0000${r.segment}`));
    },
    async botCounts(): Promise<{ batches: number; events: number }> {
      const per = await each((s) => s.botCounts());
      return { batches: per.reduce((n, p) => n + p.batches, 0), events: per.reduce((n, p) => n + p.events, 0) };
    },

    async totals(queries: readonly { campaign: string; goal: string }[]): Promise<ArmTotals[][]> {
      return mergeEachQuery(await each((s) => s.totals(queries)), queries.length, (lists) => sumRows(lists, (t) => t.arm).map((t) => ({ ...t, valueSum: money(t.valueSum) })));
    },

    /** Per-metric sums per campaign and arm (metric-sums.ts), merged over the shards. */
    async metricTotals(queries: readonly { campaign: string; key: string }[]): Promise<ArmKeySums[][]> {
      return mergeEachQuery(await each((s) => s.metricTotals(queries)), queries.length, mergeArmKeySums);
    },

    /** Recommendation clicks and what they led to, per arm and type (recommend/results.ts): a visitor lives in one shard, so rows add. */
    async recoCounts(campaign: string): Promise<RecoCounts[]> {
      const per = await each((s) => s.recoCounts(campaign));
      if (per.length === 1) return per[0] ?? [];
      return sumRows(per, (r) => `${r.arm}\u0000${r.type}`).map((r) => ({ ...r, value: money(r.value) }));
    },

    async daily(campaign: string, goal: string): Promise<DailyRow[]> {
      const per = await each((s) => s.daily(campaign, goal));
      if (per.length === 1) return per[0] ?? [];
      return sumRows(per, (r) => `${r.day}\u0000${r.arm}`)
        .map((r) => ({ ...r, value: money(r.value) }))
        .sort((a, b) => byText(a.day, b.day) || byText(a.arm, b.arm));
    },

    async campaignsSeen(): Promise<string[]> {
      return [...new Set((await each((s) => s.campaignsSeen())).flat())].sort(byText);
    },

    async catalog(): Promise<{ categories: string[]; events: string[] }> {
      const per = await each((s) => s.catalog());
      return { categories: [...new Set(per.flatMap((p) => p.categories))], events: [...new Set(per.flatMap((p) => p.events))].slice(0, 200) };
    },

    /** Events, distinct visitors (each lives in one shard, so they add) and counts by type; shards says how many were read. */
    async summary(): Promise<{ events: number; visitors: number; byType: Record<string, number>; bytes: number; shards: number }> {
      const per = await each((s) => s.summary());
      return {
        events: per.reduce((n, p) => n + p.events, 0),
        visitors: per.reduce((n, p) => n + p.visitors, 0),
        byType: sumCounts(per.map((p) => p.byType)),
        bytes: per.reduce((n, p) => n + p.bytes, 0),
        shards: per.length,
      };
    },

    async count(): Promise<number> {
      return (await each((s) => s.count())).reduce((a, b) => a + b, 0);
    },
  };
}
