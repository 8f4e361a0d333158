/**
 * The promises of docs/statistics.md, checked on seeded simulated campaigns (issue 21). Small
 * enough for `npm test`; `npm run bench -- --only=stats` runs ten times as many and prints the table.
 */
import { describe, expect, it } from 'vitest';
import { calledShare, medianDay, simulateCuped, simulatePeeking } from './stats-simulation.ts';

const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;
const sd = (a: readonly number[]) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));

describe('reading results every day for 30 days', () => {
  it('keeps false winners of A/A campaigns at or below 5% with always-valid intervals (fixed-horizon ones are fooled far more often)', () => {
    const aa = simulatePeeking({ runs: 400, days: 30, visitorsPerArmPerDay: 500, baseRate: 0.05, lift: 0, seed: 1 });
    expect(calledShare(aa.sequential)).toBeLessThanOrEqual(0.05);
    // The peeking problem itself: a fixed-horizon interval read daily calls a false winner in
    // about a quarter of A/A tests (Johari et al. 2017 report the same inflation).
    expect(calledShare(aa.fixed)).toBeGreaterThan(0.15);
  });

  it('still detects a true +10% effect, a few days after the fixed-horizon view would', () => {
    const effect = simulatePeeking({ runs: 100, days: 30, visitorsPerArmPerDay: 2000, baseRate: 0.1, lift: 0.1, seed: 2 });
    expect(calledShare(effect.sequential)).toBeGreaterThanOrEqual(0.95);
    const [fixed, sequential] = [medianDay(effect.fixed), medianDay(effect.sequential)];
    expect(sequential).not.toBeNull();
    expect(fixed).not.toBeNull();
    expect(sequential!).toBeGreaterThanOrEqual(fixed!);
    expect(sequential!).toBeLessThanOrEqual(20);
  });
});

describe('CUPED on visitors whose covariate correlates ρ = 0.5 with the outcome', () => {
  const runs = simulateCuped({ runs: 300, visitorsPerArm: 1000, rho: 0.5, lift: 0.05, seed: 3 });
  const expected = 1 - Math.sqrt(1 - 0.5 ** 2); // ≈ 0.134 (Deng et al. 2013: variance × (1 − ρ²))

  it('narrows the interval by 1 − √(1 − ρ²) ≈ 13%, within simulation error', () => {
    expect(runs).toHaveLength(300);
    expect(Math.abs(mean(runs.map((r) => r.narrowing)) - expected)).toBeLessThan(0.01);
    // The spread of the estimates across campaigns shrinks as much as the intervals say (±5% for 300 runs).
    const ratio = sd(runs.map((r) => r.cuped)) / sd(runs.map((r) => r.raw));
    expect(ratio).toBeGreaterThan(1 - expected - 0.08);
    expect(ratio).toBeLessThan(1 - expected + 0.08);
  });

  it('never biases the estimate, and its intervals still cover the true lift', () => {
    const cuped = runs.map((r) => r.cuped);
    expect(Math.abs(mean(cuped) - 0.05)).toBeLessThan((3 * sd(cuped)) / Math.sqrt(cuped.length));
    const coverage = mean(runs.map((r) => (r.cupedCovered ? 1 : 0)));
    expect(coverage).toBeGreaterThan(0.91);
    expect(coverage).toBeLessThan(0.99);
  });
});
