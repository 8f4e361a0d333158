/**
 * Keeping MetricSums incrementally, as an event store does: a visitor's value changes as their
 * events arrive (a second purchase adds revenue), so the store applies the difference between
 * the visitor's contribution before and after, never a recount. Sums from several stores, or
 * several days, add field by field.
 */
import type { MetricSums } from './stats-metric-types.ts';

/** One visitor's values for one metric: the outcome y, the pre-exposure covariate x, and for ratio metrics the denominator d. */
export interface VisitorValue {
  y: number;
  x: number;
  d?: number;
}

export const emptyMetricSums = (): MetricSums => ({ n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 });

/** The sums of one visitor: n = 1 (sumD, sumD2, sumYD only when d is given). */
export function visitorSums(v: VisitorValue): MetricSums {
  const s: MetricSums = { n: 1, sumY: v.y, sumY2: v.y * v.y, sumX: v.x, sumX2: v.x * v.x, sumXY: v.x * v.y };
  if (v.d !== undefined) Object.assign(s, { sumD: v.d, sumD2: v.d * v.d, sumYD: v.y * v.d });
  return s;
}

/** a + b, field by field (a ratio field is kept when either side has it). */
export function addMetricSums(a: MetricSums, b: MetricSums, sign = 1): MetricSums {
  const out: MetricSums = {
    n: a.n + sign * b.n,
    sumY: a.sumY + sign * b.sumY,
    sumY2: a.sumY2 + sign * b.sumY2,
    sumX: a.sumX + sign * b.sumX,
    sumX2: a.sumX2 + sign * b.sumX2,
    sumXY: a.sumXY + sign * b.sumXY,
  };
  for (const k of ['sumD', 'sumD2', 'sumYD'] as const) if (a[k] !== undefined || b[k] !== undefined) out[k] = (a[k] ?? 0) + sign * (b[k] ?? 0);
  return out;
}

/** What to add to an arm's sums when one visitor's values go from `before` (null: not counted yet) to `after`. */
export function visitorChange(before: VisitorValue | null, after: VisitorValue): MetricSums {
  const added = visitorSums(after);
  return before ? addMetricSums(added, visitorSums(before), -1) : added;
}
