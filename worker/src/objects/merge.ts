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

/**
 * Two records added field by field: numbers add (a missing one counts 0), but for the key fields
 * named; anything else is kept from `a`, or taken from `b` when `a` has none.
 */
function addNumbers<T extends object>(a: T, b: T, keys: readonly string[] = []): T {
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [k, v] of Object.entries(b)) {
    if (typeof v === 'number' && !keys.includes(k)) out[k] = (typeof out[k] === 'number' ? (out[k] as number) : 0) + v;
    else if (!(k in out)) out[k] = v;
  }
  return out as T;
}

/**
 * Per-metric sums of several shards for one campaign (objects/metric-sums.ts's ArmKeySums): per
 * arm, the exposure sums and the metric sums add field by field, and the value bins add per bin.
 */
export function mergeArmKeySums<T extends { arm: string; exposed: object; sums: object; bins: { bin: number }[] }>(lists: readonly (readonly T[])[]): T[] {
  const merged = new Map<string, T>();
  for (const rows of lists) {
    for (const row of rows) {
      const into = merged.get(row.arm);
      if (!into) {
        merged.set(row.arm, { ...row, bins: [...row.bins] });
        continue;
      }
      const bins = new Map(into.bins.map((b) => [b.bin, b]));
      for (const b of row.bins) bins.set(b.bin, bins.has(b.bin) ? addNumbers(bins.get(b.bin)!, b, ['bin']) : b);
      merged.set(row.arm, {
        ...into,
        exposed: addNumbers(into.exposed, row.exposed),
        sums: addNumbers(into.sums, row.sums),
        bins: [...bins.values()].sort((x, y) => x.bin - y.bin),
      });
    }
  }
  return [...merged.values()];
}

/**
 * Rows with the same key merged into one: numbers added field by field, anything else kept from
 * the first. `keys` names numeric fields that are part of the key (a week, a count bucket): kept, not added.
 */
export function sumRows<T extends Row>(lists: readonly (readonly T[])[], key: (row: T) => string, keys: readonly string[] = []): T[] {
  const merged = new Map<string, T>();
  for (const rows of lists) {
    for (const row of rows) {
      const k = key(row);
      const into = merged.get(k);
      merged.set(k, into ? addNumbers(into, row, keys) : { ...row });
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
