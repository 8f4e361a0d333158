/**
 * The delta method against GrowthBook's gbstats tests (growthbook/growthbook,
 * packages/stats/tests/frequentist/test_tests.py, test_two_sided_ttest at commit 59f39a7):
 * control mean 0.41, sd 3.9, n 3407; variant mean 0.70, sd 6.2, n 3461 → relative lift 0.70732
 * with standard deviation 0.37879. Ratio metrics against their closed forms, and against a seeded
 * simulation of the ratio's spread.
 */
import { describe, expect, it } from 'vitest';
import { meanOf, ratioOf, relativeLift } from './stats-delta.ts';
import type { MetricSums } from './stats-metric-types.ts';
import { seededRandom } from './stats-simulation.ts';

describe('relative lift by the delta method', () => {
  it("matches gbstats' two-sided test", () => {
    const lift = relativeLift({ mean: 0.41, variance: 3.9 ** 2 / 3407, n: 3407 }, { mean: 0.7, variance: 6.2 ** 2 / 3461, n: 3461 })!;
    expect(lift.rel).toBeCloseTo(0.70732, 5);
    expect(Math.sqrt(lift.variance)).toBeCloseTo(0.37879, 5);
  });

  it('is undefined when control’s mean is 0', () => {
    expect(relativeLift({ mean: 0, variance: 0, n: 10 }, { mean: 1, variance: 0.1, n: 10 })).toBeNull();
  });
});

/** Sums of (y, d) pairs, as the event store keeps them. */
function sumsOf(rows: readonly [number, number][]): MetricSums {
  const s: MetricSums = { n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0, sumD: 0, sumD2: 0, sumYD: 0 };
  for (const [y, d] of rows) {
    s.n++;
    s.sumY += y;
    s.sumY2 += y * y;
    s.sumD! += d;
    s.sumD2! += d * d;
    s.sumYD! += y * d;
  }
  return s;
}

describe('ratio metrics (AOV = revenue / orders)', () => {
  it('reduce to the mean and its variance when every visitor has one order', () => {
    const rows: [number, number][] = [10, 20, 35, 5, 50].map((y) => [y, 1]);
    const r = ratioOf(sumsOf(rows))!;
    const m = meanOf(sumsOf(rows));
    expect(r.mean).toBeCloseTo(24, 12);
    expect(r.variance).toBeCloseTo(m.variance, 12);
  });

  it('have no variance when revenue is a fixed multiple of orders', () => {
    const r = ratioOf(
      sumsOf([
        [30, 1],
        [60, 2],
        [90, 3],
        [0, 0],
      ]),
    )!;
    expect(r.mean).toBeCloseTo(30, 12);
    expect(r.variance).toBeCloseTo(0, 12);
  });

  it('predict the spread of the ratio across repeated samples (seeded simulation)', () => {
    const random = seededRandom(21);
    const sample = () => {
      const rows: [number, number][] = [];
      for (let i = 0; i < 400; i++) {
        const orders = random() < 0.3 ? 1 + Math.floor(random() * 3) : 0;
        let revenue = 0;
        for (let k = 0; k < orders; k++) revenue += 20 + 60 * random();
        rows.push([revenue, orders]);
      }
      return ratioOf(sumsOf(rows))!;
    };
    const runs = Array.from({ length: 600 }, sample);
    const mean = runs.reduce((s, r) => s + r.mean, 0) / runs.length;
    const empirical = runs.reduce((s, r) => s + (r.mean - mean) ** 2, 0) / (runs.length - 1);
    const predicted = runs.reduce((s, r) => s + r.variance, 0) / runs.length;
    // 600 runs estimate a variance to about ±6% (√(2/600)); 15% leaves room for the approximation.
    expect(predicted / empirical).toBeGreaterThan(0.85);
    expect(predicted / empirical).toBeLessThan(1.15);
    expect(mean).toBeCloseTo(50, 0);
  });

  it('are undefined without orders', () => {
    expect(
      ratioOf(
        sumsOf([
          [0, 0],
          [0, 0],
        ]),
      ),
    ).toBeNull();
  });
});
