/**
 * Revenue outliers capped at a percentile, from streaming aggregates. One whale order can swing
 * revenue per visitor more than any real effect, so values above a cap count as the cap
 * (winsorizing). Two ways, both without raw rows:
 * - A configured cap value: the store adds min(value, cap) to its sums. Nothing else to keep.
 * - A percentile (e.g. the 99th of buyers' values): the store also keeps, per arm, the sums of
 *   the visitors whose value falls in each of a fixed set of log-spaced bins (four per doubling:
 *   each bin is 19% wide). At read time the percentile is found from the bins' counts pooled over
 *   all arms (one cap for every arm, so the comparison stays fair), rounded up to a bin edge, and
 *   the capped sums follow exactly: a bin at or above the cap contributes n·cap, n·cap², cap·Σx.
 *   The cap is then exact winsorizing at that edge, at most one bin above the true percentile.
 * A visitor whose value grows moves bins: the store takes their old values out of the old bin
 * and adds the new ones to the new bin (stats-sums.ts's visitorSums, with sign −1 and +1).
 * Zero values (visitors who bought nothing) are in no bin and never capped; the percentile is
 * over visitors with a positive value, as a cap over everyone would be 0 when few buy.
 */
import type { MetricSums } from './stats-metric-types.ts';

export const BINS_PER_DOUBLING = 4;

/** The bin of a positive value: bin k holds [2^(k/4), 2^((k+1)/4)). Null for 0, negatives and non-numbers. */
export function valueBin(value: number): number | null {
  if (!(value > 0) || !Number.isFinite(value)) return null;
  const k = Math.floor(BINS_PER_DOUBLING * Math.log2(value));
  // Guard the edges against log2's rounding so a value always lands in the bin that holds it.
  if (binLowerEdge(k + 1) <= value) return k + 1;
  if (binLowerEdge(k) > value) return k - 1;
  return k;
}

export const binLowerEdge = (bin: number) => 2 ** (bin / BINS_PER_DOUBLING);

/** Sums of one arm's visitors whose value fell in one bin. */
export interface BinSums extends MetricSums {
  bin: number;
}

/**
 * The cap for percentile q (0..1) of positive values, pooled over every arm's bins: the upper
 * edge of the bin where the q-quantile falls. Null when no visitor has a positive value.
 */
export function percentileCap(bins: readonly BinSums[], q: number): number | null {
  const counts = new Map<number, number>();
  for (const b of bins) counts.set(b.bin, (counts.get(b.bin) ?? 0) + b.n);
  const total = [...counts.values()].reduce((s, n) => s + n, 0);
  if (!(total > 0)) return null;
  const rank = Math.ceil(Math.min(1, Math.max(0, q)) * total);
  let seen = 0;
  for (const bin of [...counts.keys()].sort((a, b) => a - b)) {
    seen += counts.get(bin) ?? 0;
    if (seen >= rank) return binLowerEdge(bin + 1);
  }
  return null;
}

/** One arm's sums with every value at or above `cap` (a bin edge) counted as `cap`. */
export function cappedSums(total: MetricSums, bins: readonly BinSums[], cap: number): MetricSums {
  const out: MetricSums = { ...total };
  for (const b of bins) {
    if (binLowerEdge(b.bin) < cap) continue;
    out.sumY += b.n * cap - b.sumY;
    out.sumY2 += b.n * cap * cap - b.sumY2;
    out.sumXY += cap * b.sumX - b.sumXY;
  }
  return out;
}
