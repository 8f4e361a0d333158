/** Results assembled from arm totals; the statistics themselves are checked in stats.test.ts. */
import { describe, expect, it } from 'vitest';
import type { Campaign } from './schema.ts';
import { type ArmTotals, banditWeightsToServe, campaignResults } from './stats-results.ts';
import { compareRates } from './stats.ts';

const campaign = (extra: Partial<Campaign> = {}): Campaign => ({
  id: 'promo',
  name: 'Promo',
  status: 'live',
  priority: 1,
  slots: ['promo'],
  holdoutPct: 10,
  variants: [
    { id: 'a', name: 'A', content: {} },
    { id: 'b', name: 'B', content: {} },
  ],
  ...extra,
});
const totals = (arm: string, exposed: number, converted: number, valueSum = 0, valueSumSq = 0, conversions = converted): ArmTotals => ({
  arm,
  exposed,
  converted,
  conversions,
  valueSum,
  valueSumSq,
});

describe('campaignResults', () => {
  it('puts control first, compares each variant with it, and defaults the goal to purchase', () => {
    // The fixed-horizon view, on request: these counts are significant read once, not read daily (below).
    const r = campaignResults(campaign(), [totals('b', 4500, 585, 900, 90_000, 600), totals('control', 1000, 100, 150, 15_000), totals('a', 4500, 450)], { view: 'fixed' });
    expect(r.goal).toEqual({ type: 'event', event: 'purchase' });
    expect(r.arms.map((a) => a.id)).toEqual(['control', 'a', 'b']);
    const [control, , b] = r.arms;
    expect(control).toMatchObject({ name: 'Control', exposed: 1000, converted: 100, rate: 0.1, uplift: null, chanceToBeat: null, revenue: null });
    expect(b).toMatchObject({ conversions: 600, rate: 0.13, valueSum: 900, revenuePerVisitor: 0.2 });
    const expected = compareRates({ visitors: 1000, converted: 100 }, { visitors: 4500, converted: 585 });
    expect(b?.uplift).toEqual({ rel: expected!.rel, lo: expected!.lo, hi: expected!.hi, p: expected!.p });
    expect(b?.chanceToBeat).toBeGreaterThan(0.99);
    expect(b?.revenue?.diff).toBeCloseTo(0.2 - 0.15, 12);
    expect(r.srm).toEqual({ p: expect.any(Number), warning: false });
    expect(r.verdict).toMatch(/^B beats control by \+30%/);
    expect(r.bandit).toBeUndefined();
  });

  it('warns on a sample ratio mismatch against the configured split', () => {
    const r = campaignResults(campaign(), [totals('control', 1400, 10), totals('a', 4300, 40), totals('b', 4300, 40)]);
    expect(r.srm.warning).toBe(true);
    expect(r.srm.p).toBeLessThan(0.001);
  });

  it('has no control arm and no uplift without a holdout', () => {
    const r = campaignResults(campaign({ holdoutPct: 0, goal: { type: 'event', event: 'signup' } }), [totals('a', 500, 50), totals('b', 500, 60)]);
    expect(r.goal).toEqual({ type: 'event', event: 'signup' });
    expect(r.arms.map((a) => [a.id, a.uplift, a.chanceToBeat])).toEqual([
      ['a', null, null],
      ['b', null, null],
    ]);
    expect(r.verdict).toMatch(/^no control group/);
    expect(r.srm.p).not.toBeNull();
  });

  it('shows arms with zeros before any data, and arms no longer in the config', () => {
    const r = campaignResults(campaign(), [totals('gone', 30, 3)]);
    expect(r.arms.map((a) => [a.id, a.exposed])).toEqual([
      ['control', 0],
      ['a', 0],
      ['b', 0],
      ['gone', 30],
    ]);
    expect(r.arms[3]?.name).toBe('gone (removed)');
    expect(r.srm).toEqual({ p: null, warning: false });
    expect(r.verdict).toBe('not enough data yet — no visitors counted');
  });

  it('gives a bandit campaign its weights, and tests only the holdout split', () => {
    const r = campaignResults(campaign({ allocation: 'bandit' }), [totals('control', 1000, 100), totals('a', 2000, 200), totals('b', 7000, 900)]);
    const w = r.bandit?.weights ?? {};
    expect(Object.keys(w)).toEqual(['a', 'b']);
    expect((w.a ?? 0) + (w.b ?? 0)).toBeCloseTo(1, 12);
    expect(w.b).toBeGreaterThan(0.9);
    // 1000 of 10,000 in the 10% holdout: no mismatch, though a and b are far from 50/50.
    expect(r.srm.warning).toBe(false);
  });
});

describe('campaignResults, read every day (issue 21)', () => {
  const counts = [totals('b', 4500, 585, 900, 90_000, 600), totals('control', 1000, 100, 150, 15_000), totals('a', 4500, 450)];

  it('decides with always-valid intervals by default, which are wider than the fixed-horizon ones', () => {
    const r = campaignResults(campaign(), counts);
    expect(r.view).toBe('sequential');
    // Significant when read once (above), not yet when it may have been read every day.
    expect(r.verdict).toMatch(/^not enough data yet — about [\d,]+ more visitors needed$/);
    const b = r.arms.find((a) => a.id === 'b')!;
    expect(b.alwaysValid!.lo).toBeLessThan(b.uplift!.lo);
    expect(b.alwaysValid!.hi).toBeGreaterThan(b.uplift!.hi);
    expect(b.alwaysValid!.p).toBeGreaterThan(0.05);
    expect(r.arms[0]!.alwaysValid).toBeNull();
  });

  it('calls a clear winner in the always-valid view too, and says which interval it used', () => {
    const r = campaignResults(campaign(), [totals('control', 5000, 500), totals('a', 20_000, 2000), totals('b', 20_000, 3000)]);
    expect(r.verdict).toMatch(/^B beats control by \+50% \(always-valid 95% interval \+\d+% to \+\d+%\)$/);
    expect(r.metrics.outcome).toBe('win');
    expect(r.metrics.winner).toBe('b');
  });

  it("analyses the goal's conversion and revenue as metrics when the store sent no metric sums", () => {
    const r = campaignResults(campaign(), counts, { view: 'fixed' });
    expect(r.metrics.metrics.map((m) => [m.id, m.role, m.kind])).toEqual([
      ['goal', 'primary', 'conversion'],
      ['revenue', 'secondary', 'revenue-per-visitor'],
    ]);
    const goalB = r.metrics.metrics[0]!.comparisons.find((c) => c.arm === 'b')!;
    expect(goalB.controlMean).toBeCloseTo(0.1, 12);
    expect(goalB.variantMean).toBeCloseTo(0.13, 12);
    expect(r.metrics.correction).toBe('holm');
  });

  it("uses the campaign's metric sums when given, guardrails included", () => {
    const sums = (n: number, mean: number, sd: number) => ({ n, sumY: n * mean, sumY2: (n - 1) * sd * sd + n * mean * mean, sumX: 0, sumX2: 0, sumXY: 0 });
    const r = campaignResults(campaign(), counts, {
      metrics: {
        definitions: [
          { id: 'buy', role: 'primary', kind: 'conversion' },
          { id: 'cls', role: 'guardrail', kind: 'cls' },
        ],
        arms: [
          { arm: 'control', metrics: { buy: sums(1000, 0.1, 0.3), cls: sums(1000, 0.05, 0.02) } },
          { arm: 'a', metrics: { buy: sums(4500, 0.1, 0.3), cls: sums(4500, 0.05, 0.02) } },
          { arm: 'b', metrics: { buy: sums(4500, 0.1, 0.3), cls: sums(4500, 0.2, 0.05) } },
        ],
      },
    });
    expect(r.metrics.metrics.map((m) => m.id)).toEqual(['buy', 'cls']);
    expect(r.metrics.guardrailWorse).toEqual([{ metric: 'cls', arm: 'b' }]);
    expect(r.metrics.summary).toContain('Guardrail worse with confidence: cls (B).');
  });
});

describe('banditWeightsToServe', () => {
  it("serves a bandit's weights once a variant has data, and none before (the configured split stays)", () => {
    const bandit = campaign({ allocation: 'bandit' });
    expect(banditWeightsToServe(campaignResults(bandit, []))).toBeNull();
    // Control exposures alone say nothing about which variant is best.
    expect(banditWeightsToServe(campaignResults(bandit, [totals('control', 50, 5)]))).toBeNull();
    const served = banditWeightsToServe(campaignResults(bandit, [totals('a', 100, 5), totals('b', 100, 30)]));
    expect(served?.b).toBeGreaterThan(0.9);
    expect(banditWeightsToServe(campaignResults(campaign(), [totals('a', 100, 5), totals('b', 100, 30)]))).toBeNull();
  });
});
