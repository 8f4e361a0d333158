/**
 * Means, ratios and relative lifts from sums, with their variances by the delta method
 * (Deng, Knoblich & Lu, "Applying the Delta Method in Metric Analytics", KDD 2018): a ratio of
 * two asymptotically normal means is normal with
 *   Var(a/b) ≈ Var(a)/b² − 2 a Cov(a,b)/b³ + a² Var(b)/b⁴.
 * It gives the relative lift (variant over control, independent arms) and the ratio metrics
 * whose unit of analysis is the visitor but whose denominator is not (AOV = revenue / orders).
 */
import type { MetricSums } from './stats-metric-types.ts';

/** A mean estimate and the variance of that estimate (not of a single visitor). */
export interface MeanEstimate {
  mean: number;
  variance: number;
  n: number;
}

/** Sample covariance of u and v from n, Σu, Σv, Σuv (n − 1 in the denominator); 0 below 2 visitors. */
export function sampleCovariance(n: number, sumU: number, sumV: number, sumUV: number): number {
  if (!(n >= 2)) return 0;
  return (sumUV - (sumU * sumV) / n) / (n - 1);
}

/** The per-visitor mean of y and its variance. */
export function meanOf(s: MetricSums): MeanEstimate {
  const mean = s.n > 0 ? s.sumY / s.n : 0;
  // Clamped because rounding can push an all-equal sample a hair below 0.
  const unit = Math.max(0, sampleCovariance(s.n, s.sumY, s.sumY, s.sumY2));
  return { mean, variance: s.n > 0 ? unit / s.n : 0, n: s.n };
}

/** Σy / Σd (AOV: revenue per order), its variance by the delta method; null without a denominator. */
export function ratioOf(s: MetricSums): MeanEstimate | null {
  const sumD = s.sumD ?? 0;
  if (!(s.n >= 2) || !(sumD > 0)) return null;
  const y = s.sumY / s.n;
  const d = sumD / s.n;
  const varY = Math.max(0, sampleCovariance(s.n, s.sumY, s.sumY, s.sumY2));
  const varD = Math.max(0, sampleCovariance(s.n, sumD, sumD, s.sumD2 ?? 0));
  const cov = sampleCovariance(s.n, s.sumY, sumD, s.sumYD ?? 0);
  const variance = Math.max(0, (varY / d ** 2 - (2 * y * cov) / d ** 3 + (y ** 2 * varD) / d ** 4) / s.n);
  return { mean: y / d, variance, n: s.n };
}

/** Relative lift variant/control − 1 of two independent estimates, and its variance; null when control's mean is 0. */
export function relativeLift(control: MeanEstimate, variant: MeanEstimate): { rel: number; variance: number } | null {
  const a = control.mean;
  const b = variant.mean;
  if (a === 0 || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  return { rel: b / a - 1, variance: variant.variance / a ** 2 + (b ** 2 * control.variance) / a ** 4 };
}
