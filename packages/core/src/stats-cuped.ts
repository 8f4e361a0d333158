/**
 * CUPED (Deng, Xu, Kohavi & Walker, "Improving the Sensitivity of Online Controlled Experiments
 * by Utilizing Pre-Experiment Data", WSDM 2013) from aggregates. Each visitor's outcome y is
 * replaced by y − θ (x − μx), with x a pre-exposure covariate. Because x was measured before
 * the arm was assigned, E[x] is the same in every arm and the adjusted means stay unbiased;
 * with θ = cov(x, y) / var(x) the variance shrinks by the factor 1 − ρ², ρ = corr(x, y).
 *
 * θ is pooled across arms from within-arm (centred) sums, so a treatment effect on y cannot
 * leak into it through the arms' different means, and μx is the mean of x over all arms. Every
 * term comes from n, Σx, Σx², Σy, Σy², Σxy per arm: no raw rows.
 */
import { type MeanEstimate, sampleCovariance } from './stats-delta.ts';
import type { MetricSums } from './stats-metric-types.ts';

export interface CupedFit {
  theta: number;
  /** Mean of the covariate over every arm. */
  meanX: number;
}

/** θ and μx for a metric's arms; null when the covariate has no spread within arms (none sent, or constant). */
export function cupedFit(arms: readonly MetricSums[]): CupedFit | null {
  let sxx = 0;
  let sxy = 0;
  let n = 0;
  let sumX = 0;
  for (const s of arms) {
    if (!(s.n >= 2)) continue;
    // Centred within the arm: (n − 1) × the sample (co)variance.
    sxx += (s.n - 1) * sampleCovariance(s.n, s.sumX, s.sumX, s.sumX2);
    sxy += (s.n - 1) * sampleCovariance(s.n, s.sumX, s.sumY, s.sumXY);
    n += s.n;
    sumX += s.sumX;
  }
  // Relative threshold: a covariate that is constant up to rounding carries no information.
  if (!(sxx > 1e-12 * Math.max(1, Math.abs(sumX)))) return null;
  return { theta: sxy / sxx, meanX: sumX / n };
}

/** One arm's CUPED-adjusted mean of y and the variance of that mean. */
export function cupedMean(s: MetricSums, fit: CupedFit): MeanEstimate {
  if (!(s.n >= 2)) return { mean: s.n > 0 ? s.sumY / s.n : 0, variance: 0, n: s.n };
  const { theta } = fit;
  const varY = sampleCovariance(s.n, s.sumY, s.sumY, s.sumY2);
  const varX = sampleCovariance(s.n, s.sumX, s.sumX, s.sumX2);
  const covXY = sampleCovariance(s.n, s.sumX, s.sumY, s.sumXY);
  const unit = Math.max(0, varY - 2 * theta * covXY + theta ** 2 * varX);
  return { mean: s.sumY / s.n - theta * (s.sumX / s.n - fit.meanX), variance: unit / s.n, n: s.n };
}
