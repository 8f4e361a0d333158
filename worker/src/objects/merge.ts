/**
 * Merging what a site's event stores (shards) report into one answer (docs/measurement.md,
 * "Merging the shards"). A visitor's events all live in one shard, so every count a shard keeps
 * — events, exposed visitors, converters, conversions, value sums and the per-visitor squared
 * sums — covers a set of visitors no other shard has, and the site's figure is the sum. The merge
 * is generic: every numeric field of rows with the same key is added, so a new aggregate column
 * merges without a change here. Figures that do NOT add (a rate, a mean, a minimum, a distinct
 * count over something other than visitors) must not be stored in these rows: they are derived
 * after the merge (core's campaignResults does the rates and intervals).
 */

type Row = { [field: string]: unknown };

/** Rows with the same key merged into one: numbers added field by field, anything else kept from the first. */
export function sumRows<T extends Row>(lists: readonly (readonly T[])[], key: (row: T) => string): T[] {
  const merged = new Map<string, T>();
  for (const rows of lists) {
    for (const row of rows) {
      const k = key(row);
      const into = merged.get(k);
      if (!into) {
        merged.set(k, { ...row });
        continue;
      }
      const sum: Row = into;
      for (const [field, value] of Object.entries(row)) {
        const had = sum[field];
        if (typeof value === 'number') sum[field] = (typeof had === 'number' ? had : 0) + value;
        else if (!(field in sum)) sum[field] = value;
      }
    }
  }
  return [...merged.values()];
}

/** Plain records of numbers (summary counts, by-type counts) added key by key. */
export function sumCounts(records: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) for (const [k, n] of Object.entries(r)) out[k] = (out[k] ?? 0) + n;
  return out;
}

/** Sums kept by adding pick up float dust across shards as within one; money needs no more than this. */
export const money = (x: number) => Math.round(x * 1e6) / 1e6;
