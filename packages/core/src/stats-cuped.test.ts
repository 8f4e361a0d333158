/**
 * CUPED from sums against the same quantities computed from the raw rows (the regression slope
 * of y on x within arms, and the variance of y − θx), and Deng et al. 2013's closed form: with
 * the optimal θ the variance falls by the factor 1 − ρ².
 */
import { describe, expect, it } from 'vitest';
import { cupedFit, cupedMean } from './stats-cuped.ts';
import { meanOf } from './stats-delta.ts';
import type { MetricSums } from './stats-metric-types.ts';

const sumsOf = (rows: readonly [x: number, y: number][]): MetricSums =>
  rows.reduce((s, [x, y]) => ({ n: s.n + 1, sumY: s.sumY + y, sumY2: s.sumY2 + y * y, sumX: s.sumX + x, sumX2: s.sumX2 + x * x, sumXY: s.sumXY + x * y }), {
    n: 0,
    sumY: 0,
    sumY2: 0,
    sumX: 0,
    sumX2: 0,
    sumXY: 0,
  });

const control: [number, number][] = [
  [0, 1],
  [1, 3],
  [2, 2],
  [3, 6],
  [4, 5],
];
const variant: [number, number][] = [
  [1, 5],
  [2, 4],
  [3, 8],
  [5, 9],
];

/** The textbook computation on raw rows: pooled within-arm slope, residual variance. */
function fromRows() {
  const centred = [control, variant].flatMap((rows) => {
    const mx = rows.reduce((s, r) => s + r[0], 0) / rows.length;
    const my = rows.reduce((s, r) => s + r[1], 0) / rows.length;
    return rows.map(([x, y]) => [x - mx, y - my] as const);
  });
  const theta = centred.reduce((s, [x, y]) => s + x * y, 0) / centred.reduce((s, [x]) => s + x * x, 0);
  const all = [...control, ...variant];
  const meanX = all.reduce((s, r) => s + r[0], 0) / all.length;
  const adjusted = (rows: [number, number][]) => {
    const z = rows.map(([x, y]) => y - theta * (x - meanX));
    const m = z.reduce((s, v) => s + v, 0) / z.length;
    return { mean: m, variance: z.reduce((s, v) => s + (v - m) ** 2, 0) / (z.length - 1) / z.length };
  };
  return { theta, meanX, control: adjusted(control), variant: adjusted(variant) };
}

describe('CUPED from aggregates', () => {
  it('gives the same θ, adjusted means and variances as the raw rows', () => {
    const expected = fromRows();
    const fit = cupedFit([sumsOf(control), sumsOf(variant)])!;
    expect(fit.theta).toBeCloseTo(expected.theta, 12);
    expect(fit.meanX).toBeCloseTo(expected.meanX, 12);
    for (const [rows, want] of [
      [control, expected.control],
      [variant, expected.variant],
    ] as const) {
      const got = cupedMean(sumsOf(rows), fit);
      expect(got.mean).toBeCloseTo(want.mean, 12);
      expect(got.variance).toBeCloseTo(want.variance, 12);
    }
  });

  it('shrinks the variance by 1 − ρ² with the optimal θ (Deng et al. 2013)', () => {
    const s = sumsOf(control);
    const fit = cupedFit([s])!;
    const r = (s.sumXY / s.n - (s.sumX / s.n) * (s.sumY / s.n)) / Math.sqrt((s.sumX2 / s.n - (s.sumX / s.n) ** 2) * (s.sumY2 / s.n - (s.sumY / s.n) ** 2));
    expect(cupedMean(s, fit).variance / meanOf(s).variance).toBeCloseTo(1 - r * r, 12);
  });

  it('keeps an arm’s mean when its covariate averages the same as everyone’s', () => {
    const a = sumsOf([
      [1, 2],
      [3, 4],
    ]);
    const fit = cupedFit([a, a])!;
    expect(cupedMean(a, fit).mean).toBeCloseTo(3, 12);
  });

  it('is off without a covariate, or with a constant one', () => {
    expect(cupedFit([sumsOf(control.map(([, y]) => [0, y]))])).toBeNull();
    expect(cupedFit([sumsOf(control.map(([, y]) => [7, y]))])).toBeNull();
    expect(cupedFit([sumsOf([[1, 2]])])).toBeNull();
  });
});
