/**
 * A/B statistics on campaign aggregates: pure functions of counts, so the Worker's results API,
 * the editor and any script compute the same numbers. The methods, and why:
 * - Conversion rates: relative uplift with a Wald interval on the log of the rate ratio (the
 *   delta method; Katz et al. 1978). The p-value tests the same statistic, so "significant" and
 *   "the interval excludes 0" can never disagree, and the interval never goes below -100%.
 * - Chance to beat control: Beta(1 + converted, 1 + not converted) posteriors (uniform prior),
 *   P(variant > control) by the exact finite sum, or a normal approximation for large counts.
 * - Revenue per visitor: Welch's t-test from n, sum and sum of squares (unequal variances).
 * - Sample ratio mismatch: Pearson's chi-squared goodness of fit against the configured split.
 * - Sample size: the normal-approximation formula for two proportions (Fleiss, without
 *   continuity correction), as common A/B calculators use.
 */
import { chiSquaredSurvival, logBeta, normalCdf, normalQuantile, normalTwoSided, studentQuantileTwoSided, studentTwoSided } from './stats-special.ts';

export interface Rate {
  /** Exposed visitors. */
  visitors: number;
  /** Of them, visitors who converted at least once. */
  converted: number;
}

export interface Uplift {
  controlRate: number;
  variantRate: number;
  /** Relative uplift of the variant's rate over control's: 0.12 is +12%. */
  rel: number;
  /** Confidence interval of `rel`. */
  lo: number;
  hi: number;
  /** Two-sided p-value of "no difference". */
  p: number;
}

export const DEFAULT_CONFIDENCE = 0.95;

const rateOf = (r: Rate) => (r.visitors > 0 ? r.converted / r.visitors : 0);
const validRate = (r: Rate) => Number.isFinite(r.visitors) && Number.isFinite(r.converted) && r.visitors > 0 && r.converted >= 0 && r.converted <= r.visitors;

/**
 * The variant's rate against control's. Null when either arm has no visitors. With an empty
 * cell (no conversions, or everybody converted) the log ratio is undefined; then 0.5 is added
 * to every cell (the Haldane-Anscombe correction), for the estimate as well as the interval.
 */
export function compareRates(control: Rate, variant: Rate, confidence = DEFAULT_CONFIDENCE): Uplift | null {
  const ratio = logRateRatio(control, variant);
  if (!ratio) return null;
  const { logRatio, se } = ratio;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = se > 0 ? normalTwoSided(logRatio / se) : logRatio === 0 ? 1 : 0;
  return {
    controlRate: rateOf(control),
    variantRate: rateOf(variant),
    rel: Math.expm1(logRatio),
    lo: Math.expm1(logRatio - z * se),
    hi: Math.expm1(logRatio + z * se),
    p,
  };
}

/** The log of the rate ratio and its standard error (Katz), with the Haldane-Anscombe correction for empty cells; null without visitors. */
export function logRateRatio(control: Rate, variant: Rate): { logRatio: number; se: number } | null {
  if (!validRate(control) || !validRate(variant)) return null;
  const empty = [control.converted, control.visitors - control.converted, variant.converted, variant.visitors - variant.converted].some((n) => n === 0);
  const k = empty ? 0.5 : 0;
  const [ca, na, cb, nb] = [control.converted + k, control.visitors + 2 * k, variant.converted + k, variant.visitors + 2 * k];
  return { logRatio: Math.log(cb / nb) - Math.log(ca / na), se: Math.sqrt(1 / ca - 1 / na + 1 / cb - 1 / nb) };
}

/** Beyond this many terms the exact sum gives way to the normal approximation (both then agree to ~1e-4). */
const EXACT_TERMS = 5000;

/** P(variant's true rate > control's) under Beta(1 + converted, 1 + not converted) posteriors; null without visitors. */
export function chanceToBeat(control: Rate, variant: Rate): number | null {
  if (!validRate(control) || !validRate(variant)) return null;
  const [aA, bA] = [1 + control.converted, 1 + control.visitors - control.converted];
  const [aB, bB] = [1 + variant.converted, 1 + variant.visitors - variant.converted];
  if (Math.min(aA, aB) > EXACT_TERMS) return betaNormalApprox(aA, bA, aB, bB);
  // The sum runs over one arm's alpha; by symmetry, P(B > A) = 1 - P(A > B) lets it take the shorter one.
  return aB <= aA ? probabilityGreater(aA, bA, aB, bB) : 1 - probabilityGreater(aB, bB, aA, bA);
}

/**
 * P(X_B > X_A) for X ~ Beta(a, b) with integer aB: the closed form
 *   Σ_{i=0}^{aB-1} B(aA + i, bA + bB) / ((bB + i) B(1 + i, bB) B(aA, bA))
 * (Evan Miller, "Formulas for Bayesian A/B testing"), each term in logs so none overflows.
 */
function probabilityGreater(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  const base = logBeta(aA, bA);
  for (let i = 0; i < aB; i++) total += Math.exp(logBeta(aA + i, bA + bB) - Math.log(bB + i) - logBeta(1 + i, bB) - base);
  return Math.min(1, Math.max(0, total));
}

function betaNormalApprox(aA: number, bA: number, aB: number, bB: number): number {
  const moments = (a: number, b: number) => [a / (a + b), (a * b) / ((a + b) ** 2 * (a + b + 1))] as const;
  const [mA, vA] = moments(aA, bA);
  const [mB, vB] = moments(aB, bB);
  return normalCdf((mB - mA) / Math.sqrt(vA + vB));
}

/** A per-visitor quantity (revenue) summarized by its count, sum and sum of squares over visitors. */
export interface Moments {
  n: number;
  sum: number;
  sumSq: number;
}

export interface MeanComparison {
  controlMean: number;
  variantMean: number;
  /** variantMean - controlMean, with its confidence interval. */
  diff: number;
  lo: number;
  hi: number;
  /** diff / controlMean; null when control's mean is 0. */
  rel: number | null;
  p: number;
  /** Welch-Satterthwaite degrees of freedom. */
  df: number;
}

/** Welch's t-test of the variant's mean against control's; null when an arm has fewer than 2 visitors or both have no spread. */
export function compareMeans(control: Moments, variant: Moments, confidence = DEFAULT_CONFIDENCE): MeanComparison | null {
  if (!(control.n >= 2 && variant.n >= 2)) return null;
  const stats = (m: Moments) => {
    const mean = m.sum / m.n;
    // Sum of squared deviations; clamped because rounding can push an all-equal sample a hair below 0.
    const ss = Math.max(0, m.sumSq - m.sum * mean);
    return { mean, se2: ss / (m.n - 1) / m.n, n: m.n };
  };
  const a = stats(control);
  const b = stats(variant);
  const se2 = a.se2 + b.se2;
  if (!(se2 > 0)) return null;
  const se = Math.sqrt(se2);
  const df = se2 ** 2 / (a.se2 ** 2 / (a.n - 1) + b.se2 ** 2 / (b.n - 1));
  const diff = b.mean - a.mean;
  const t = studentQuantileTwoSided(1 - confidence, df);
  return {
    controlMean: a.mean,
    variantMean: b.mean,
    diff,
    lo: diff - t * se,
    hi: diff + t * se,
    rel: a.mean !== 0 ? diff / a.mean : null,
    p: studentTwoSided(diff / se, df),
    df,
  };
}

export interface SampleRatioTest {
  chi2: number;
  df: number;
  p: number;
}

/** Below this p the split is flagged: strict, because SRM checks run on every look at the results. */
export const SRM_ALPHA = 0.001;

/**
 * Pearson's chi-squared test of observed visitors per arm against the expected split (weights
 * in any positive scale). Arms with weight 0 are left out, unless visitors landed there: that
 * alone is a mismatch (p = 0). Null when fewer than two arms are expected to get traffic or
 * nobody was counted.
 */
export function sampleRatioMismatch(observed: readonly number[], weights: readonly number[]): SampleRatioTest | null {
  if (observed.length !== weights.length) return null;
  const arms = observed.map((o, i) => ({ o, w: weights[i] ?? 0 }));
  const live = arms.filter((a) => a.w > 0);
  const total = live.reduce((s, a) => s + a.o, 0);
  const weightSum = live.reduce((s, a) => s + a.w, 0);
  if (live.length < 2 || total <= 0) return null;
  const df = live.length - 1;
  if (arms.some((a) => a.w <= 0 && a.o > 0)) return { chi2: Number.POSITIVE_INFINITY, df, p: 0 };
  const chi2 = live.reduce((s, a) => {
    const expected = (total * a.w) / weightSum;
    return s + (a.o - expected) ** 2 / expected;
  }, 0);
  return { chi2, df, p: chiSquaredSurvival(chi2, df) };
}

export interface PowerOptions {
  /** Two-sided significance level (default 0.05). */
  alpha?: number;
  /** Chance of detecting a true effect of the given size (default 0.8). */
  power?: number;
}

/**
 * Visitors needed in each of two equal arms to detect a relative change `rel` of a base
 * conversion rate, two-sided:
 *   n = (z_{1-α/2} √(2 p̄ (1 - p̄)) + z_{power} √(p1 (1 - p1) + p2 (1 - p2)))² / (p2 - p1)²
 * Null when the rates make no sense (base rate 0 or 1, change 0, or p2 outside (0, 1)).
 */
export function visitorsPerArm(baseRate: number, rel: number, options: PowerOptions = {}): number | null {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const p1 = baseRate;
  const p2 = baseRate * (1 + rel);
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1) || p1 === p2) return null;
  const zA = normalQuantile(1 - alpha / 2);
  const zB = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const root = zA * Math.sqrt(2 * pBar * (1 - pBar)) + zB * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(root ** 2 / (p2 - p1) ** 2);
}
