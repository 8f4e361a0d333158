/**
 * The sentences, on counts whose statistics stats.test.ts checks against scipy: 100 vs 130 of
 * 1000 is +30% (95% CI +1.7% to +66%, p = 0.036); 2000 vs 1800 of 50,000 is -10% (-15% to -4.2%).
 * Sample sizes come from visitorsPerArm (3,841 per arm for 10% → 12%, the textbook figure).
 */
import { describe, expect, it } from 'vitest';
import { percent, roughly, verdictOf } from './stats-verdict.ts';
import { visitorsPerArm } from './stats.ts';

const arm = (name: string, visitors: number, converted: number, share = 0.5) => ({ name, visitors, converted, share });

describe('verdictOf', () => {
  it('names a significant winner with its interval', () => {
    expect(verdictOf(arm('Control', 1000, 100), [arm('B', 1000, 130)])).toBe('B beats control by +30% (95% CI +1.7% to +66%)');
  });

  it('names a significant loser', () => {
    expect(verdictOf(arm('Control', 50_000, 2000), [arm('B', 50_000, 1800)])).toBe('B is worse than control by -10% (95% CI -15% to -4.2%)');
  });

  it('picks the best of several winners', () => {
    expect(verdictOf(arm('Control', 1000, 100, 0.34), [arm('A', 1000, 135, 0.33), arm('B', 1000, 150, 0.33)])).toMatch(/^B beats control by \+50%/);
  });

  it('accounts for the number of variants when asked: +30% at p = 0.036 alone is not enough among four', () => {
    const variants = [arm('B', 1000, 130, 0.2), arm('C', 1000, 100, 0.2), arm('D', 1000, 101, 0.2), arm('E', 1000, 99, 0.2)];
    expect(verdictOf(arm('Control', 1000, 100, 0.2), variants)).toMatch(/^B beats control by \+30%/);
    // Holm: 4 × 0.036 > 0.05; Benjamini–Hochberg: 4/1 × 0.036 too.
    expect(verdictOf(arm('Control', 1000, 100, 0.2), variants, { correction: 'holm' })).toMatch(/^not enough data yet/);
    expect(verdictOf(arm('Control', 1000, 100, 0.2), variants, { correction: 'bh' })).toMatch(/^not enough data yet/);
  });

  it('in the always-valid view, waits for more evidence and asks for more visitors than a fixed-horizon test', () => {
    const fixed = verdictOf(arm('Control', 1000, 100), [arm('B', 1000, 130)]);
    const sequential = verdictOf(arm('Control', 1000, 100), [arm('B', 1000, 130)], { view: 'sequential' });
    expect(fixed).toMatch(/^B beats control/);
    const more = Number(/about ([\d,]+) more/.exec(sequential)?.[1]?.replace(/,/g, ''));
    // The fixed-horizon visitors per arm for +30% on 10% × ≈2.4 for always-valid intervals, less the 1,000 each already seen.
    expect(more).toBeGreaterThan(2 * (visitorsPerArm(0.1, 0.3)! * 2.3 - 1000));
    expect(verdictOf(arm('Control', 20_000, 2000), [arm('B', 20_000, 2600)], { view: 'sequential' })).toMatch(
      /^B beats control by \+30% \(always-valid 95% interval \+\d+% to \+\d+%\)$/,
    );
  });

  it('says how many more visitors a verdict needs', () => {
    // Observed +20% on a 10% base: 3,841 per arm; 1,000 each so far → 2,841 more per arm, 5,682 overall.
    expect(verdictOf(arm('Control', 1000, 100), [arm('B', 1000, 120)])).toBe('not enough data yet — about 5,700 more visitors needed');
    // A 10% holdout is the slow arm: (3,841 - 1,000) / 0.1 more visitors overall.
    expect(verdictOf(arm('Control', 1000, 100, 0.1), [arm('B', 9000, 1080, 0.9)])).toBe('not enough data yet — about 29,000 more visitors needed');
  });

  it('says there is no difference once the test could have seen the minimum effect', () => {
    // 10% vs 10.1%: the observed +1% is below the 5% floor; 5% on 10% needs 57,763 per arm (the formula in numpy: 57762.65).
    expect(verdictOf(arm('Control', 40_000, 4000), [arm('B', 40_000, 4040)])).toMatch(/^not enough data yet — about 36,000 more/);
    expect(verdictOf(arm('Control', 60_000, 6000), [arm('B', 60_000, 6060)])).toBe('no significant difference');
  });

  it('handles missing data and a missing control', () => {
    expect(verdictOf(arm('Control', 0, 0), [arm('B', 0, 0)])).toBe('not enough data yet — no visitors counted');
    expect(verdictOf(arm('Control', 50, 0), [arm('B', 50, 0)])).toBe('not enough data yet — no conversions recorded');
    expect(verdictOf(null, [arm('Only', 50, 5, 1)])).toBe('no control group: conversion rates only (a holdout measures uplift)');
  });
});

describe('formatting', () => {
  it('writes percentages with a sign, whole from 10%', () => {
    expect([0.12, 0.034, -0.0849, 0, 0.0996, -0.5, 1.5].map(percent)).toEqual(['+12%', '+3.4%', '-8.5%', '0%', '+10%', '-50%', '+150%']);
  });

  it('rounds visitor counts up to two significant digits', () => {
    expect([7, 87, 120, 5682, 28_410, 1_234_567].map(roughly)).toEqual(['7', '87', '120', '5,700', '29,000', '1,300,000']);
  });
});
