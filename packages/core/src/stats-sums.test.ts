/** Incremental sums agree with a recount from the visitors' final values. */
import { describe, expect, it } from 'vitest';
import type { MetricSums } from './stats-metric-types.ts';
import { seededRandom } from './stats-simulation.ts';
import { type VisitorValue, addMetricSums, emptyMetricSums, visitorChange, visitorSums } from './stats-sums.ts';

describe('metric sums kept incrementally', () => {
  it('equal a recount of the final values, whatever order purchases arrive in', () => {
    const random = seededRandom(5);
    const values = new Map<number, VisitorValue>();
    let incremental: MetricSums = { ...emptyMetricSums(), sumD: 0, sumD2: 0, sumYD: 0 };
    for (let i = 0; i < 2000; i++) {
      const visitor = Math.floor(random() * 300);
      const before = values.get(visitor) ?? null;
      // A purchase: revenue and orders grow; x (pre-exposure) was fixed at the first exposure.
      const after = { y: (before?.y ?? 0) + Math.round(random() * 100), x: before?.x ?? Math.floor(random() * 10), d: (before?.d ?? 0) + 1 };
      values.set(visitor, after);
      incremental = addMetricSums(incremental, visitorChange(before, after));
    }
    const recount = [...values.values()].reduce((s, v) => addMetricSums(s, visitorSums(v)), emptyMetricSums());
    expect(incremental).toEqual(recount);
    expect(incremental.n).toBe(values.size);
  });

  it('add across stores field by field, keeping ratio fields', () => {
    const a = visitorSums({ y: 2, x: 1 });
    const b = visitorSums({ y: 3, x: 0, d: 2 });
    expect(addMetricSums(a, b)).toEqual({ n: 2, sumY: 5, sumY2: 13, sumX: 1, sumX2: 1, sumXY: 2, sumD: 2, sumD2: 4, sumYD: 6 });
  });
});
