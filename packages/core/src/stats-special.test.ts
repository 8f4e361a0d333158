/**
 * Reference values: computed with mpmath 1.3.0 at 30 significant digits (loggamma, gammainc,
 * betainc, ncdf, erfinv) and scipy 1.17.1 (stats.t), in a scratch script outside the repo; the
 * chi-squared critical values are the textbook table entries (3.841, 6.635, 10.828 for df = 1
 * at p = 0.05, 0.01, 0.001; 5.991 and 7.815 for df = 2 and 3 at 0.05; 13.277 for df = 4 at 0.01),
 * here with their full digits.
 */
import { describe, expect, it } from 'vitest';
import {
  betaRegularized,
  chiSquaredSurvival,
  erfc,
  gammaP,
  gammaQ,
  logGamma,
  normalCdf,
  normalQuantile,
  normalTwoSided,
  studentQuantileTwoSided,
  studentTwoSided,
} from './stats-special.ts';

/** |actual - expected| <= rel × |expected| (or rel when expected is 0). */
function close(actual: number, expected: number, rel = 1e-12): void {
  const tolerance = rel * Math.max(Math.abs(expected), expected === 0 ? 1 : 0);
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

describe('logGamma', () => {
  it('matches mpmath.loggamma', () => {
    const cases: [number, number][] = [
      [0.1, 2.252712651734205902],
      [0.5, 0.57236494292470008707],
      [2.5, 0.28468287047291915963],
      [10, 12.801827480081469611],
      [100.5, 361.43554046777762156],
      [12345.678, 103959.91990554605982],
    ];
    for (const [x, expected] of cases) close(logGamma(x), expected, 1e-13);
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-15);
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1)).toBeNaN();
  });
});

describe('incomplete gamma', () => {
  it('P and Q match mpmath.gammainc on both sides of x = a + 1', () => {
    const cases: [number, number, number][] = [
      [0.5, 0.1, 0.34527915398142297956],
      [3, 2, 0.32332358381693654053],
      [10, 15, 0.93014633930059023231],
      [100, 90, 0.1582209891864301681],
    ];
    for (const [a, x, p] of cases) {
      close(gammaP(a, x), p);
      close(gammaQ(a, x), 1 - p);
    }
  });

  it('keeps far upper tails that 1 - P would round away', () => {
    close(gammaQ(0.5, 30), 9.4857375710738483885e-15, 1e-11);
    close(gammaQ(5, 60), 5.0600460658425739393e-21, 1e-11);
  });

  it('has the right edges', () => {
    expect(gammaP(2, 0)).toBe(0);
    expect(gammaQ(2, 0)).toBe(1);
    expect(gammaQ(2, Number.POSITIVE_INFINITY)).toBe(0);
    expect(gammaP(0, 1)).toBeNaN();
    expect(gammaP(1, -1)).toBeNaN();
  });
});

describe('betaRegularized', () => {
  it('matches mpmath.betainc', () => {
    const cases: [number, number, number, number][] = [
      [0.3, 2, 5, 0.579825],
      [0.9, 0.5, 0.5, 0.79516723530086657191],
      [0.5, 50, 60, 0.83090729390166941434],
      [0.01, 1.5, 200, 0.74123884830600501115],
    ];
    for (const [x, a, b, expected] of cases) close(betaRegularized(x, a, b), expected, 1e-11);
    expect(betaRegularized(0, 2, 3)).toBe(0);
    expect(betaRegularized(1, 2, 3)).toBe(1);
    expect(betaRegularized(1.5, 2, 3)).toBeNaN();
  });
});

describe('normal distribution', () => {
  it('Φ matches mpmath.ncdf, including the far lower tail', () => {
    close(normalCdf(-8), 6.2209605742717841235e-16, 1e-11);
    close(normalCdf(-3), 0.0013498980316300945267);
    close(normalCdf(0), 0.5);
    close(normalCdf(0.5), 0.69146246127401310364);
    close(normalCdf(2.5), 0.99379033467422386483);
    close(erfc(-1), 2 - erfc(1));
  });

  it('two-sided tails stay exact where 1 - Φ(z) is 0 in doubles', () => {
    close(normalTwoSided(10), 1.5239706048321052132e-23, 1e-10);
    close(normalTwoSided(-20), 5.5072482372124673902e-89, 1e-10);
    close(normalTwoSided(1.959963984540054), 0.05);
  });

  it('the quantile inverts Φ: 1.959964 at 0.975, 0.841621 at 0.8 (the 95%/80% power constants)', () => {
    close(normalQuantile(0.975), 1.9599639845400538556, 1e-14);
    close(normalQuantile(0.8), 0.8416212335729143638, 1e-14);
    close(normalQuantile(0.995), 2.5758293035489004539, 1e-14);
    close(normalQuantile(0.3), -0.52440051270804081597, 1e-14);
    close(normalQuantile(1e-10), -6.3613409024040561991, 1e-12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(2)).toBeNaN();
  });
});

describe('chi-squared survival', () => {
  it('gives back the table p at the textbook critical values', () => {
    const table: [number, number, number][] = [
      [3.841458820694124, 1, 0.05],
      [6.634896601021214, 1, 0.01],
      [10.827566170662733, 1, 0.001],
      [5.991464547107979, 2, 0.05],
      [7.814727903251178, 3, 0.05],
      [13.276704135987622, 4, 0.01],
    ];
    for (const [x, df, p] of table) close(chiSquaredSurvival(x, df), p, 1e-12);
    // The rounded table entries land on the right side of each threshold.
    expect(chiSquaredSurvival(3.841, 1)).toBeGreaterThan(0.05);
    expect(chiSquaredSurvival(3.842, 1)).toBeLessThan(0.05);
    expect(chiSquaredSurvival(10.828, 1)).toBeLessThan(0.001);
    expect(chiSquaredSurvival(0, 3)).toBe(1);
  });
});

describe('Student t', () => {
  it('matches scipy.stats.t', () => {
    close(studentTwoSided(2, 10), 0.07338803477074037, 1e-11);
    close(studentTwoSided(-1.5, 3.7), 0.2135981692020135, 1e-11);
    close(studentQuantileTwoSided(0.05, 10), 2.2281388519862753, 1e-11);
    close(studentQuantileTwoSided(0.05, 37.3), 2.0256425230779604, 1e-11);
    // Large df approaches the normal.
    close(studentQuantileTwoSided(0.05, 1e7), 1.959964, 1e-6);
  });
});
