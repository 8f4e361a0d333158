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
});
