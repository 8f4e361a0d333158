/**
 * Reference values, computed independently in a scratch script outside the repo:
 * - rate ratios: scipy 1.17.1 `scipy.stats.contingency.relative_risk(...).confidence_interval(0.95)`
 *   (the same log / Katz method, implemented by scipy), p-values with mpmath at 30 digits;
 * - chance to beat: numeric integration of ∫ pdf_A(x) · (1 - cdf_B(x)) dx, with mpmath.quad
 *   (30 digits) and scipy.integrate.quad (the two agree to 1e-12);
 * - Welch: scipy.stats.ttest_ind(b, a, equal_var=False) and its .confidence_interval(0.95) on
 *   the raw per-visitor values below;
 * - SRM: scipy.stats.chisquare(observed, f_exp);
 * - sample size: the formula evaluated in numpy with scipy.stats.norm quantiles; 3,841 per arm
 *   for 10% → 12% at 95%/80% is the classic textbook figure (Fleiss, no continuity correction).
 */
import { describe, expect, it } from 'vitest';
import { chanceToBeat, compareMeans, compareRates, sampleRatioMismatch, visitorsPerArm } from './stats.ts';

function close(actual: number | null | undefined, expected: number, rel = 1e-9): void {
  expect(actual).not.toBeNull();
  const a = actual as number;
  expect(Math.abs(a - expected), `${a} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(Math.abs(expected), 1e-300));
}

describe('compareRates (log rate ratio, delta method)', () => {
  it('matches scipy relative_risk intervals and the Wald p-value', () => {
    const cases: [number, number, number, number, number, number, number, number][] = [
      [100, 1000, 130, 1000, 0.3, 0.01698427097104549, 0.6617759470226026, 0.036223656882262688],
      [500, 10000, 540, 10000, 0.08, -0.04063211852046977, 0.21580055213145766, 0.20282464859274448],
      [2000, 50000, 1800, 50000, -0.1, -0.15449417516106945, -0.04199358986757373, 0.00094578466647150401],
    ];
    for (const [ca, na, cb, nb, rel, lo, hi, p] of cases) {
      const u = compareRates({ visitors: na, converted: ca }, { visitors: nb, converted: cb });
      close(u?.rel, rel, 1e-12);
      close(u?.lo, lo, 1e-9);
      close(u?.hi, hi, 1e-9);
      close(u?.p, p, 1e-9);
      close(u?.controlRate, ca / na, 1e-15);
      close(u?.variantRate, cb / nb, 1e-15);
    }
  });

  it('the interval excludes 0 exactly when p < 0.05', () => {
    for (let cb = 80; cb <= 140; cb += 3) {
      const u = compareRates({ visitors: 1000, converted: 100 }, { visitors: 1000, converted: cb });
      expect(u).not.toBeNull();
      expect(u!.p < 0.05).toBe(u!.lo > 0 || u!.hi < 0);
    }
  });

  it('corrects an empty cell by adding 0.5 to each (0 of 200 vs 5 of 200; mpmath)', () => {
    const u = compareRates({ visitors: 200, converted: 0 }, { visitors: 200, converted: 5 });
    close(u?.rel, 10, 1e-12);
    close(u?.lo, -0.38771312171563619, 1e-9);
    close(u?.hi, 196.61978296684007, 1e-9);
    close(u?.p, 0.10371644987239864, 1e-9);
    expect(u?.controlRate).toBe(0);
    // Identical arms with no conversions: no evidence either way.
    expect(compareRates({ visitors: 50, converted: 0 }, { visitors: 50, converted: 0 })?.p).toBeCloseTo(1, 12);
  });

  it('is null without visitors or with impossible counts', () => {
    expect(compareRates({ visitors: 0, converted: 0 }, { visitors: 10, converted: 1 })).toBeNull();
    expect(compareRates({ visitors: 10, converted: 1 }, { visitors: 0, converted: 0 })).toBeNull();
    expect(compareRates({ visitors: 10, converted: 11 }, { visitors: 10, converted: 1 })).toBeNull();
  });
});

describe('chanceToBeat (Beta posteriors)', () => {
  it('matches numeric integration, on both branches of the exact sum', () => {
    const cases: [number, number, number, number, number][] = [
      [100, 1000, 130, 1000, 0.982165066116351],
      [10, 50, 8, 50, 0.305942247016773],
      [500, 10000, 540, 10000, 0.898559465698517],
      [3, 20, 9, 21, 0.972051804974975],
    ];
    for (const [ca, na, cb, nb, expected] of cases) {
      close(chanceToBeat({ visitors: na, converted: ca }, { visitors: nb, converted: cb }), expected, 1e-10);
      // Swapping the arms gives the complement.
      close(chanceToBeat({ visitors: nb, converted: cb }, { visitors: na, converted: ca }), 1 - expected, 1e-9);
    }
  });

  it('uses a normal approximation for large counts that agrees with integration to 1e-4', () => {
    const large = chanceToBeat({ visitors: 100_000, converted: 6000 }, { visitors: 100_000, converted: 6150 });
    expect(Math.abs((large ?? 0) - 0.9198555479117584)).toBeLessThan(1e-4);
    // Just below the switch the exact sum runs (scipy quad: 0.8488156589165229).
    close(chanceToBeat({ visitors: 100_000, converted: 4999 }, { visitors: 100_000, converted: 5100 }), 0.8488156589165229, 1e-9);
  });

  it('is one half for identical arms and null without visitors', () => {
    close(chanceToBeat({ visitors: 300, converted: 30 }, { visitors: 300, converted: 30 }), 0.5, 1e-10);
    close(chanceToBeat({ visitors: 0 + 1, converted: 0 }, { visitors: 1, converted: 0 }), 0.5, 1e-10);
    expect(chanceToBeat({ visitors: 0, converted: 0 }, { visitors: 1, converted: 0 })).toBeNull();
  });
});

describe('compareMeans (Welch)', () => {
  const a = [0, 0, 0, 20, 0, 35, 0, 0, 12, 0, 0, 49.5, 0, 0, 8];
  const b = [0, 15, 0, 20, 0, 0, 60, 0, 12, 0, 25, 0, 0, 30, 0, 0, 18];
  const moments = (xs: number[]) => ({ n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sumSq: xs.reduce((s, x) => s + x * x, 0) });

  it('matches scipy ttest_ind(equal_var=False) from n, sum and sum of squares alone', () => {
    const r = compareMeans(moments(a), moments(b));
    expect(moments(a)).toEqual({ n: 15, sum: 124.5, sumSq: 4283.25 });
    close(r?.diff, 2.288235294117646, 1e-12);
    close(r?.lo, -9.144288594515956, 1e-9);
    close(r?.hi, 13.720759182751248, 1e-9);
    close(r?.p, 0.6855878973266967, 1e-9);
    close(r?.df, 29.91039464356943, 1e-9);
    close(r?.rel, 2.288235294117646 / (124.5 / 15), 1e-12);
  });

  it('is null with fewer than 2 visitors per arm or no spread at all', () => {
    expect(compareMeans({ n: 1, sum: 5, sumSq: 25 }, moments(b))).toBeNull();
    expect(compareMeans({ n: 5, sum: 0, sumSq: 0 }, { n: 5, sum: 0, sumSq: 0 })).toBeNull();
  });
});

describe('sampleRatioMismatch', () => {
  it('matches scipy.stats.chisquare', () => {
    const two = sampleRatioMismatch([5210, 4790], [50, 50]);
    close(two?.chi2, 17.64, 1e-12);
    close(two?.p, 2.6691498031812692e-5, 1e-9);
    expect(two?.df).toBe(1);
    // Weights in any scale: a 10% holdout and two equal variants.
    close(sampleRatioMismatch([1020, 4480, 4500], [0.1, 0.45, 0.45])?.p, 0.7831394949065555, 1e-9);
    close(sampleRatioMismatch([900, 4400, 4700], [10, 45, 45])?.p, 2.6048365002464876e-5, 1e-9);
  });

  it('flags traffic in an arm that should get none, and cannot test fewer than two arms', () => {
    expect(sampleRatioMismatch([10, 500, 490], [0, 1, 1])?.p).toBe(0);
    close(sampleRatioMismatch([0, 500, 490], [0, 1, 1])?.p, 0.7506208241656307, 1e-9); // scipy: chisquare([500, 490], [495, 495])
    expect(sampleRatioMismatch([100], [1])).toBeNull();
    expect(sampleRatioMismatch([0, 0], [1, 1])).toBeNull();
    expect(sampleRatioMismatch([1, 2], [1])).toBeNull();
  });
});

describe('visitorsPerArm', () => {
  it('gives the textbook 3,841 for 10% → 12% at 95% / 80%', () => {
    expect(visitorsPerArm(0.1, 0.2)).toBe(3841);
  });

  it('matches the formula evaluated in numpy/scipy', () => {
    expect(visitorsPerArm(0.05, 0.1)).toBe(Math.ceil(31233.43794012997));
    expect(visitorsPerArm(0.3, -0.05)).toBe(Math.ceil(14436.835278477845));
    expect(visitorsPerArm(0.02, 0.5, { alpha: 0.01, power: 0.9 })).toBe(Math.ceil(7251.229105333074));
  });

  it('is null for rates it cannot work with', () => {
    expect(visitorsPerArm(0, 0.1)).toBeNull();
    expect(visitorsPerArm(0.6, 1)).toBeNull();
    expect(visitorsPerArm(0.1, 0)).toBeNull();
  });
});
