/** A campaign's metrics analysed from the event store's sums: lifts, both views, CUPED, the correction, the verdict. */
import { describe, expect, it } from 'vitest';
import type { ArmMetricSums, MetricDefinition, MetricSums } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';

/** Sums of a 0/1 metric with no covariate. */
const binary = (n: number, converted: number): MetricSums => ({ n, sumY: converted, sumY2: converted, sumX: 0, sumX2: 0, sumXY: 0 });
/** Sums of a metric with the given per-visitor mean and standard deviation (no covariate). */
const moments = (n: number, mean: number, sd: number): MetricSums => ({ n, sumY: n * mean, sumY2: (n - 1) * sd * sd + n * mean * mean, sumX: 0, sumX2: 0, sumXY: 0 });

const purchase: MetricDefinition = { id: 'purchase', name: 'Purchases', role: 'primary', kind: 'conversion' };
const cls: MetricDefinition = { id: 'cls', name: 'Layout shift', role: 'guardrail', kind: 'cls' };

describe('analyzeMetrics', () => {
  it('calls a clear winner on the primary metric, with the always-valid interval by default', () => {
    const arms: ArmMetricSums[] = [
      { arm: 'control', metrics: { purchase: binary(20_000, 2000) } },
      { arm: 'b', metrics: { purchase: binary(20_000, 2400) } },
    ];
    const a = analyzeMetrics([purchase], arms);
    expect(a.view).toBe('sequential');
    const c = a.metrics[0]!.comparisons[0]!;
    expect(c.best!.rel).toBeCloseTo(0.2, 12);
    // The always-valid interval is wider than the fixed-horizon one, around the same estimate.
    expect(c.best!.sequential.hi - c.best!.sequential.lo).toBeGreaterThan(c.best!.fixed.hi - c.best!.fixed.lo);
    expect(c.best!.sequential.p).toBeGreaterThan(c.best!.fixed.p);
    expect(c.outcome).toBe('better');
    expect(a).toMatchObject({ outcome: 'win', winner: 'b', guardrailWorse: [] });
    expect(a.summary).toContain('always-valid');
  });

  it('flags a guardrail that is worse with confidence, and does not call that arm a win', () => {
    const arms: ArmMetricSums[] = [
      { arm: 'control', metrics: { purchase: binary(20_000, 2000), cls: moments(20_000, 0.05, 0.05) } },
      { arm: 'b', metrics: { purchase: binary(20_000, 2400), cls: moments(20_000, 0.1, 0.08) } },
    ];
    const a = analyzeMetrics([purchase, cls], arms);
    const shift = a.metrics[1]!.comparisons[0]!;
    expect(shift.direction).toBe('lower');
    expect(shift.outcome).toBe('worse');
    expect(a.guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
    expect(a.arms).toEqual([{ arm: 'b', outcome: 'lose', guardrailsWorse: ['cls'] }]);
    expect(a.outcome).toBe('lose');
    expect(a.summary).toContain('Guardrail worse with confidence: Layout shift (b)');
  });

  it('uses the fixed-horizon intervals on request, and says which it used', () => {
    // z ≈ 2.6: significant once, not when checked every day.
    const arms: ArmMetricSums[] = [
      { arm: 'control', metrics: { purchase: binary(5000, 500) } },
      { arm: 'b', metrics: { purchase: binary(5000, 590) } },
    ];
    const fixed = analyzeMetrics([purchase], arms, { view: 'fixed' });
    const sequential = analyzeMetrics([purchase], arms);
    expect(fixed.outcome).toBe('win');
    expect(fixed.summary).toContain('fixed-horizon 95% interval');
    expect(sequential.outcome).toBe('inconclusive');
    expect(sequential.summary).toMatch(/^No difference on Purchases yet \(always-valid 95% interval, safe to check daily\)/);
  });

  it('corrects for every variant × metric: a call that stands alone can fall with more comparisons', () => {
    const metrics: MetricDefinition[] = [purchase, { id: 'signup', role: 'secondary', kind: 'conversion' }];
    const arms: ArmMetricSums[] = [
      { arm: 'control', metrics: { purchase: binary(5000, 500), signup: binary(5000, 1000) } },
      { arm: 'b', metrics: { purchase: binary(5000, 590), signup: binary(5000, 1000) } },
      { arm: 'c', metrics: { purchase: binary(5000, 500), signup: binary(5000, 1010) } },
    ];
    const none = analyzeMetrics(metrics, arms, { view: 'fixed', correction: 'none' });
    const holm = analyzeMetrics(metrics, arms, { view: 'fixed' });
    expect(holm.comparisons).toBe(4);
    const p = (a: typeof none) => a.metrics[0]!.comparisons[0]!;
    expect(p(none).outcome).toBe('better');
    // Holm multiplies the smallest of the 4 p-values by 4.
    expect(p(holm).adjustedP).toBeCloseTo(Math.min(1, 4 * p(none).best!.fixed.p), 12);
    const bh = analyzeMetrics(metrics, arms, { view: 'fixed', correction: 'bh' });
    expect(p(bh).adjustedP).toBeLessThanOrEqual(p(holm).adjustedP);
    expect(holm.summary).toContain('Holm correction for 4 comparisons');
  });

  it('adjusts for the pre-exposure covariate when the SDK sent one, and reports the variance it removed', () => {
    // y = x + shift + (i mod 3): the covariate explains most of y's spread.
    const arm = (n: number, shift: number): MetricSums => {
      const s: MetricSums = { n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 };
      for (let i = 0; i < n; i++) {
        const x = i % 10;
        const y = x + shift + (i % 3);
        s.n++;
        s.sumY += y;
        s.sumY2 += y * y;
        s.sumX += x;
        s.sumX2 += x * x;
        s.sumXY += x * y;
      }
      return s;
    };
    const a = analyzeMetrics(
      [{ id: 'rpv', role: 'primary', kind: 'revenue-per-visitor' }],
      [
        { arm: 'control', metrics: { rpv: arm(1000, 10) } },
        { arm: 'b', metrics: { rpv: arm(1000, 11) } },
      ],
    );
    const c = a.metrics[0]!.comparisons[0]!;
    expect(c.cuped).not.toBeNull();
    expect(c.best).toBe(c.cuped);
    expect(c.cuped!.theta).toBeCloseTo(1, 1);
    expect(c.cuped!.varianceReduction).toBeGreaterThan(0.8);
    expect(c.cuped!.se).toBeLessThan(c.unadjusted!.se);
    expect(c.cuped!.rel).toBeCloseTo(c.unadjusted!.rel, 6);
  });

  it('compares average order value as a ratio of sums, without CUPED', () => {
    const aov = (n: number, orders: number, revenue: number, revenue2: number): MetricSums => ({
      n,
      sumY: revenue,
      sumY2: revenue2,
      sumX: 0,
      sumX2: 0,
      sumXY: 0,
      sumD: orders,
      sumD2: orders,
      sumYD: revenue,
    });
    const a = analyzeMetrics(
      [{ id: 'aov', role: 'secondary', kind: 'aov' }],
      [
        { arm: 'control', metrics: { aov: aov(10_000, 1000, 50_000, 3_000_000) } },
        { arm: 'b', metrics: { aov: aov(10_000, 1000, 55_000, 3_600_000) } },
      ],
    );
    const c = a.metrics[0]!.comparisons[0]!;
    expect([c.controlMean, c.variantMean]).toEqual([50, 55]);
    expect(c.best!.rel).toBeCloseTo(0.1, 12);
    expect(c.cuped).toBeNull();
    // One visitor is too few for an interval, but the value still shows, as revenue per order.
    const one = analyzeMetrics(
      [{ id: 'aov', role: 'secondary', kind: 'aov' }],
      [
        { arm: 'control', metrics: { aov: aov(1, 2, 80, 3200) } },
        { arm: 'b', metrics: { aov: aov(1, 1, 50, 2500) } },
      ],
    ).metrics[0]!.comparisons[0]!;
    expect([one.controlMean, one.variantMean, one.best]).toEqual([40, 50, null]);
  });

  it('has no lift and no call without data, a control, or control conversions', () => {
    const empty = analyzeMetrics([purchase], []);
    expect(empty).toMatchObject({ outcome: 'inconclusive', winner: null, comparisons: 0, arms: [] });
    const noControl = analyzeMetrics([purchase], [{ arm: 'b', metrics: { purchase: binary(100, 10) } }]);
    expect(noControl.metrics[0]!.comparisons[0]).toMatchObject({ best: null, adjustedP: 1, outcome: 'inconclusive' });
    const zero = analyzeMetrics(
      [purchase],
      [
        { arm: 'control', metrics: { purchase: binary(100, 0) } },
        { arm: 'b', metrics: { purchase: binary(100, 10) } },
      ],
    );
    expect(zero.metrics[0]!.comparisons[0]!.best).toBeNull();
    expect(analyzeMetrics([], [{ arm: 'control', metrics: {} }]).summary).toBe('No metrics to compare.');
  });

  it('refuses options out of range with a RangeError that names the option', () => {
    const arms: ArmMetricSums[] = [{ arm: 'control', metrics: { purchase: binary(100, 10) } }];
    expect(() => analyzeMetrics([purchase], arms, { confidence: 95 })).toThrow(new RangeError('confidence must be at least 0.5 and below 1 (got 95)'));
    expect(() => analyzeMetrics([purchase], arms, { tuningVisitors: 0 })).toThrow(/^tuningVisitors must be a positive number/);
    expect(() => analyzeMetrics([purchase], arms, { tau: -1 })).toThrow(RangeError);
    expect(() => analyzeMetrics([purchase], arms, { view: 'daily' as 'fixed' })).toThrow(/^view must be "sequential" or "fixed"/);
    expect(() => analyzeMetrics([purchase], arms, { correction: 'bonferroni' as 'holm' })).toThrow(/^correction must be/);
  });

  it('treats sums that make no sense (NaN, negative counts) as no data, not as a crash', () => {
    const bad: MetricSums = { n: Number.NaN, sumY: 5, sumY2: 5, sumX: 0, sumX2: 0, sumXY: 0 };
    const a = analyzeMetrics(
      [purchase],
      [
        { arm: 'control', metrics: { purchase: bad } },
        { arm: 'b', metrics: { purchase: { ...bad, n: -3 } } },
      ],
    );
    expect(a.metrics[0]!.comparisons[0]).toMatchObject({ best: null, outcome: 'inconclusive' });
  });
});
