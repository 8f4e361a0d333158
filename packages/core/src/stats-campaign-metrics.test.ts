import { describe, expect, it } from 'vitest';
import type { Campaign } from './schema.ts';
import { autoPauseReason, campaignMetricSums } from './stats-campaign-metrics.ts';
import type { ResultsView } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';
import type { MetricSums } from './stats-metric-types.ts';

const PURCHASE = { type: 'event', event: 'purchase' } as const;

const analyse = (c: Campaign, sums: Parameters<typeof campaignMetricSums>[2], view: ResultsView = 'sequential') => {
  const { definitions, arms } = campaignMetricSums(c, PURCHASE, sums);
  return analyzeMetrics(definitions, arms, { view });
};

/** Sums of n visitors whose values have this mean and standard deviation (no covariate). */
function sums(n: number, mean: number, sd: number): MetricSums {
  const sumY = n * mean;
  return { n, sumY, sumY2: (n - 1) * sd * sd + (sumY * sumY) / n, sumX: 0, sumX2: 0, sumXY: 0 };
}

const campaign = (autoPause: boolean, status: Campaign['status'] = 'live'): Campaign => ({
  id: 'hero-test',
  name: 'Hero test',
  status,
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'b', name: 'B', content: {} }],
  holdoutPct: 50,
  metrics: [{ id: 'cls', role: 'guardrail', kind: 'cls', autoPause }],
});

// Control's pages barely shift; arm b's shift five times as much.
const SHIFTING = {
  goal: { control: sums(400, 0.1, 0.3), b: sums(400, 0.1, 0.3) },
  cls: { control: sums(400, 0.02, 0.01), b: sums(400, 0.1, 0.03) },
};

describe("a campaign's metrics", () => {
  it('analyse the goal as primary and each listed metric, naming them for the screen', () => {
    const analysis = analyse(campaign(false), SHIFTING);
    expect(analysis.metrics.map((m) => [m.id, m.name, m.role])).toEqual([
      ['goal', 'Conversion: purchase', 'primary'],
      ['cls', 'CLS (layout shift)', 'guardrail'],
    ]);
    expect(analysis.guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
  });

  it('pause a live campaign only for a ticked guardrail that is worse with confidence, in the always-valid view', () => {
    expect(autoPauseReason(campaign(true), analyse(campaign(true), SHIFTING))).toBe('auto-paused "Hero test": guardrail worse with confidence: CLS (layout shift) (b)');
    expect(autoPauseReason(campaign(false), analyse(campaign(false), SHIFTING))).toBeNull();
    expect(autoPauseReason(campaign(true, 'paused'), analyse(campaign(true), SHIFTING))).toBeNull();
    expect(autoPauseReason(campaign(true), analyse(campaign(true), SHIFTING, 'fixed'))).toBeNull();
    const same = { ...SHIFTING, cls: { control: sums(400, 0.02, 0.01), b: sums(400, 0.0201, 0.01) } };
    expect(autoPauseReason(campaign(true), analyse(campaign(true), same))).toBeNull();
  });
  it('do not pause on an unticked guardrail, even one worse with confidence', () => {
    const analysis = analyse(campaign(false), SHIFTING);
    expect(analysis.guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
    expect(autoPauseReason(campaign(false), analysis)).toBeNull();
  });

  it('do not pause on a shift that only the fixed-horizon view would call (continuous monitoring needs always-valid intervals)', () => {
    // +7% layout shift on 2,000 visitors an arm: z ≈ 2.2, significant once, not under continuous watching.
    const drift = { goal: { control: sums(2000, 0.1, 0.3), b: sums(2000, 0.1, 0.3) }, cls: { control: sums(2000, 0.1, 0.1), b: sums(2000, 0.107, 0.1) } };
    const { definitions, arms } = campaignMetricSums(campaign(true), PURCHASE, drift);
    expect(analyzeMetrics(definitions, arms, { view: 'fixed', correction: 'none' }).guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
    expect(autoPauseReason(campaign(true), analyzeMetrics(definitions, arms, { view: 'sequential', correction: 'none' }))).toBeNull();
  });
});
