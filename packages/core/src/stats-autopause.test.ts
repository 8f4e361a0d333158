/** Auto-pause: only ticked guardrails, only when worse with confidence, always in the always-valid view. */
import { describe, expect, it } from 'vitest';
import { type GuardrailDefinition, guardrailsToPause } from './stats-autopause.ts';
import type { ArmMetricSums, MetricSums } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';

const moments = (n: number, mean: number, sd: number): MetricSums => ({ n, sumY: n * mean, sumY2: (n - 1) * sd * sd + n * mean * mean, sumX: 0, sumX2: 0, sumXY: 0 });
const buy: GuardrailDefinition = { id: 'buy', role: 'primary', kind: 'conversion' };
const cls: GuardrailDefinition = { id: 'cls', role: 'guardrail', kind: 'cls', autoPause: true };
const arms = (variantCls: MetricSums): ArmMetricSums[] => [
  { arm: 'control', metrics: { buy: moments(2000, 0.1, 0.3), cls: moments(2000, 0.1, 0.1) } },
  { arm: 'b', metrics: { buy: moments(2000, 0.1, 0.3), cls: variantCls } },
];

describe('guardrailsToPause', () => {
  it('pauses on a ticked guardrail that is clearly worse', () => {
    expect(guardrailsToPause([buy, cls], arms(moments(2000, 0.2, 0.15)))).toEqual([{ metric: 'cls', arm: 'b' }]);
  });

  it('does not pause on an unticked guardrail', () => {
    expect(guardrailsToPause([buy, { ...cls, autoPause: false }], arms(moments(2000, 0.2, 0.15)))).toEqual([]);
  });

  it('does not pause on a shift that only the fixed-horizon view would call (continuous monitoring needs always-valid intervals)', () => {
    // +7% layout shift on 2000 visitors an arm: z ≈ 2.2.
    const data = arms(moments(2000, 0.107, 0.1));
    expect(analyzeMetrics([buy, cls], data, { view: 'fixed', correction: 'none' }).guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
    expect(guardrailsToPause([buy, cls], data, { correction: 'none' })).toEqual([]);
  });
});
