/**
 * The always-valid interval against published values: GrowthBook's gbstats test suite
 * (growthbook/growthbook, packages/stats/tests/frequentist/test_tests.py, TestSequentialTTest),
 * computed there with numpy/scipy:
 * - test_sequential_test_runs: control sum 1396.87, sum of squares 52377.9767, n 3000; variant
 *   2422.7, 134698.29, n 3461; tuning parameter 1000; α = 0.05 → relative lift 0.50336,
 *   se 0.33341, interval [−0.55844, 1.56516].
 * - test_sequential_test_runs_prop: proportions 1396/3000 and 2422/3461, default tuning (5000) →
 *   lift 0.50386, se 0.03386, interval [0.40098, 0.60675].
 */
import { describe, expect, it } from 'vitest';
import { type MeanEstimate, meanOf, relativeLift } from './stats-delta.ts';
import { alwaysValidHalfWidth, alwaysValidInterval, alwaysValidP, alwaysValidUplift, mixingTau, mixtureLogLikelihoodRatio } from './stats-sequential.ts';
import { compareRates } from './stats.ts';
import { normalQuantile } from './stats-special.ts';

const round5 = (x: number) => Math.round(x * 1e5) / 1e5;

describe('always-valid interval (mSPRT, normal mixture)', () => {
  it("matches gbstats' sequential test on sample means (tuning 1000)", () => {
    const control = meanOf({ n: 3000, sumY: 1396.87, sumY2: 52377.9767, sumX: 0, sumX2: 0, sumXY: 0 });
    const variant = meanOf({ n: 3461, sumY: 2422.7, sumY2: 134698.29, sumX: 0, sumX2: 0, sumXY: 0 });
    const lift = relativeLift(control, variant)!;
    expect(round5(lift.rel)).toBe(0.50336);
    expect(round5(Math.sqrt(lift.variance))).toBe(0.33341);
    const tau = mixingTau(lift.variance, 3000 + 3461, 0.05, 1000);
    const i = alwaysValidInterval(lift.rel, lift.variance, tau, 0.05);
    expect([round5(i.lo), round5(i.hi)]).toEqual([-0.55844, 1.56516]);
  });

  it("matches gbstats' sequential test on proportions (default tuning 5000)", () => {
    // gbstats' ProportionStatistic uses p(1 − p)/n for the variance of a rate.
    const rate = (k: number, n: number): MeanEstimate => ({ mean: k / n, variance: ((k / n) * (1 - k / n)) / n, n });
    const lift = relativeLift(rate(1396, 3000), rate(2422, 3461))!;
    expect(round5(lift.rel)).toBe(0.50386);
    expect(round5(Math.sqrt(lift.variance))).toBe(0.03386);
    const i = alwaysValidInterval(lift.rel, lift.variance, mixingTau(lift.variance, 6461, 0.05), 0.05);
    expect([round5(i.lo), round5(i.hi)]).toEqual([0.40098, 0.60675]);
  });

  it('is exactly the set where the mixture likelihood ratio stays below 1/α, and its p-value agrees with it', () => {
    const [v, tau, alpha] = [0.0004, 0.05, 0.05];
    const h = alwaysValidHalfWidth(v, tau, alpha);
    // On the boundary, Λ = 1/α (Ville's threshold), by the closed form in stats-sequential.ts.
    expect(mixtureLogLikelihoodRatio(0.03 + h, v, tau, 0.03)).toBeCloseTo(Math.log(1 / alpha), 10);
    // 0 is outside the interval exactly when the always-valid p-value is below α.
    for (const estimate of [h * 0.999, h * 1.001]) {
      const i = alwaysValidInterval(estimate, v, tau, alpha);
      expect(i.lo > 0).toBe(i.p < alpha);
    }
  });

  it('is always wider than the fixed-horizon interval, by the least when τ² ≈ 8 V', () => {
    const z = normalQuantile(0.975);
    const ratio = (r: number) => alwaysValidHalfWidth(1, Math.sqrt(r), 0.05) / z;
    for (const r of [0.1, 1, 8, 100, 1e4]) expect(ratio(r)).toBeGreaterThan(1);
    expect(ratio(8)).toBeLessThan(ratio(1));
    expect(ratio(8)).toBeLessThan(ratio(100));
    expect(ratio(8)).toBeCloseTo(1.55, 2);
  });

  it('gives no answer without variance or τ', () => {
    expect(alwaysValidP(0.1, 0, 0.1)).toBeNaN();
    expect(alwaysValidHalfWidth(0.01, 0, 0.05)).toBeNaN();
    expect(alwaysValidP(0, 0.01, 0.1)).toBe(1);
  });

  it('gives the conversion uplift an always-valid interval on the log rate-ratio scale: wider than the fixed one, never below −100%', () => {
    const control = { visitors: 1000, converted: 100 };
    const variant = { visitors: 1000, converted: 130 };
    const fixed = compareRates(control, variant)!;
    const always = alwaysValidUplift(control, variant)!;
    expect(always.lo).toBeLessThan(fixed.lo);
    expect(always.hi).toBeGreaterThan(fixed.hi);
    // Same centre on the log scale as the fixed-horizon interval.
    expect(Math.log1p(always.lo) + Math.log1p(always.hi)).toBeCloseTo(Math.log1p(fixed.lo) + Math.log1p(fixed.hi), 12);
    expect(alwaysValidUplift({ visitors: 50, converted: 20 }, { visitors: 50, converted: 0 })!.lo).toBeGreaterThan(-1);
    expect(alwaysValidUplift({ visitors: 0, converted: 0 }, variant)).toBeNull();
  });
});
