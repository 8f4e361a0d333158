/**
 * The Monte Carlo weights against exact probabilities: for two arms P(best) is chanceToBeat's
 * closed form; for three, ∫ pdf_i(x) Π_{j≠i} cdf_j(x) dx by scipy.integrate.quad (scipy 1.17.1,
 * scratch script outside the repo): 0.12690548691014752, 0.81873323910822, 0.054361273981631264
 * for 100, 115 and 95 conversions of 1000. With 10,000 draws a share's standard error is at most
 * 0.005, so 0.02 (4 SE) is the tolerance.
 */
import { describe, expect, it } from 'vitest';
import { banditWeights, probabilityBest, withBanditWeights } from './bandit.ts';
import { testConfig } from './testing.ts';
import { parseSiteConfig } from './config.ts';
import { chanceToBeat } from './stats.ts';

const arm = (visitors: number, converted: number) => ({ visitors, converted });

describe('probabilityBest', () => {
  it('agrees with the exact two-arm probability', () => {
    const a = arm(1000, 100);
    const b = arm(1000, 130);
    const [pa, pb] = probabilityBest([a, b], { seed: 'promo' });
    expect(Math.abs((pb ?? 0) - (chanceToBeat(a, b) ?? 0))).toBeLessThan(0.02);
    expect((pa ?? 0) + (pb ?? 0)).toBeCloseTo(1, 12);
  });

  it('agrees with numeric integration for three arms', () => {
    const p = probabilityBest([arm(1000, 100), arm(1000, 115), arm(1000, 95)], { seed: 'three' });
    const exact = [0.12690548691014752, 0.81873323910822, 0.054361273981631264];
    p.forEach((x, i) => expect(Math.abs(x - exact[i]!)).toBeLessThan(0.02));
  });

  it('is a pure function of counts and seed', () => {
    const arms = [arm(500, 40), arm(520, 47), arm(480, 41)];
    const first = probabilityBest(arms, { seed: 'campaign-1' });
    expect(probabilityBest(arms, { seed: 'campaign-1' })).toEqual(first);
    expect(probabilityBest(arms, { seed: 'campaign-2' })).not.toEqual(first);
  });

  it('splits evenly between arms without data', () => {
    for (const p of probabilityBest([arm(0, 0), arm(0, 0), arm(0, 0), arm(0, 0)], { seed: 'cold' })) expect(Math.abs(p - 0.25)).toBeLessThan(0.02);
    expect(probabilityBest([])).toEqual([]);
  });
});

describe('banditWeights', () => {
  it('keeps a floor per arm, and the weights sum to 1', () => {
    const w = banditWeights([arm(5000, 500), arm(5000, 800), arm(5000, 400)], { seed: 'clear-winner', minShare: 0.1 });
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0.1);
    // Arm 1 is best in essentially every draw: it takes everything above the floors.
    expect(w[1]).toBeCloseTo(0.8, 3);
  });

  it('caps the floor at an equal split', () => {
    const w = banditWeights(
      Array.from({ length: 25 }, (_, i) => arm(100, i)),
      { seed: 'many', minShare: 0.1 },
    );
    for (const x of w) expect(x).toBeCloseTo(1 / 25, 12);
  });
});

describe('withBanditWeights', () => {
  it('replaces the variant weights of bandit campaigns only', () => {
    const parsed = parseSiteConfig(
      testConfig({
        campaigns: [
          {
            id: 'auto',
            name: 'Auto',
            status: 'live',
            priority: 1,
            slots: ['hero'],
            allocation: 'bandit',
            holdoutPct: 10,
            variants: [
              { id: 'a', name: 'A', content: {} },
              { id: 'b', name: 'B', content: {} },
            ],
          },
          {
            id: 'fixed',
            name: 'Fixed',
            status: 'live',
            priority: 2,
            slots: ['promo'],
            variants: [
              { id: 'a', name: 'A', content: {} },
              { id: 'b', name: 'B', content: {} },
            ],
          },
        ],
      }),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const out = withBanditWeights(parsed.config, { auto: { a: 0.2, b: 0.8 }, fixed: { a: 0.9, b: 0.1 } });
    expect(out.campaigns[0]?.variants.map((v) => v.weight)).toEqual([0.2, 0.8]);
    expect(out.campaigns[0]?.holdoutPct).toBe(10);
    expect(out.campaigns[1]?.variants.map((v) => v.weight)).toEqual([undefined, undefined]);
    // The input is left as it was.
    expect(parsed.config.campaigns[0]?.variants.map((v) => v.weight)).toEqual([undefined, undefined]);
  });

  it('rejects an unknown allocation', () => {
    const bad = parseSiteConfig(
      testConfig({
        campaigns: [{ id: 'x', name: 'X', status: 'live', priority: 1, slots: ['hero'], allocation: 'magic' as 'fixed', variants: [{ id: 'a', name: 'A', content: {} }] }],
      }),
    );
    expect(bad.ok).toBe(false);
  });
});
