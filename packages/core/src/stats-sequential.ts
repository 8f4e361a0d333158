/**
 * Always-valid inference for an asymptotically normal estimate θ̂ with variance V: the mixture
 * sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis & Walsh, "Peeking at A/B
 * tests: why it matters, and what to do about it" (KDD 2017) and "Always valid inference:
 * continuous monitoring of A/B tests" (Operations Research 70(3), 2022), with a normal mixing
 * distribution N(0, τ²) over the true effect. The mixture likelihood ratio of "effect = θ₀" is
 *
 *   Λ(θ₀) = √(V / (V + τ²)) · exp( τ² (θ̂ − θ₀)² / (2 V (V + τ²)) )
 *
 * and by Ville's inequality P(Λ(θ) ever reaches 1/α) ≤ α under the true θ, at every sample size
 * at once. So 1/Λ(0) is an always-valid p-value, and {θ₀ : Λ(θ₀) < 1/α} an always-valid
 * confidence interval (a confidence sequence), of half-width
 *
 *   √( V (V + τ²) / τ² · ( ln((V + τ²) / V) + 2 ln(1/α) ) ).
 *
 * This is GrowthBook's sequential interval too (its docs' formula, with its ρ² = τ²/σ⁴ per
 * unit), and the two-sided normal-mixture boundary of Howard, Ramdas, McAuliffe & Sekhon,
 * "Time-uniform, nonparametric, nonasymptotic confidence sequences" (Ann. Statist. 2021, eq. 14).
 *
 * τ, the mixing standard deviation, is the size of effect the test is tuned for: the interval is
 * narrowest relative to the fixed-horizon one when τ² ≈ 8 V, and any τ > 0 keeps it valid.
 * By default τ is set as GrowthBook sets it, from a tuning sample size n* (visitors in both arms):
 * τ = ρ σ with σ² = V·N the per-visitor variance of the estimate and
 *   ρ² = (−2 ln α + ln(1 − 2 ln α)) / n*
 * (Waudby-Smith, Arbour, Sinha, Kennedy & Ramdas, "Time-uniform central limit theory and
 * asymptotic confidence sequences", Ann. Statist. 2024, eq. 9 and its tuning), which makes the
 * interval tightest when N ≈ n*, whatever the metric's scale. σ is a property of the metric, not
 * of the sample size, so τ stays put as data arrive, as the mixture needs.
 * Each read uses only the current sums, never the history, so it is a valid interval on its own
 * (intersecting past ones would be narrower still, and is optional).
 */
import type { LiftInterval } from './stats-metric-types.ts';
import { DEFAULT_CONFIDENCE, type Rate, logRateRatio } from './stats.ts';

/** Visitors (both arms) at which the default τ makes the always-valid interval tightest (GrowthBook's default). */
export const DEFAULT_TUNING_VISITORS = 5000;

/** τ from the tuning sample size n*: ρ √(V N), with ρ as above. */
export function mixingTau(variance: number, visitors: number, alpha: number, tuningVisitors = DEFAULT_TUNING_VISITORS): number {
  const l = -2 * Math.log(alpha);
  const rho = Math.sqrt((l + Math.log(1 + l)) / tuningVisitors);
  return rho * Math.sqrt(variance * visitors);
}

/** Λ(θ₀) in logs (it overflows a double for large |θ̂ − θ₀| / √V). */
export function mixtureLogLikelihoodRatio(estimate: number, variance: number, tau: number, nullValue = 0): number {
  const t2 = tau * tau;
  const d = estimate - nullValue;
  return 0.5 * Math.log(variance / (variance + t2)) + (t2 * d * d) / (2 * variance * (variance + t2));
}

/** min(1, 1/Λ(0)): the always-valid p-value of "no effect". */
export function alwaysValidP(estimate: number, variance: number, tau: number): number {
  if (!(variance > 0) || !(tau > 0)) return Number.NaN;
  return Math.min(1, Math.exp(-mixtureLogLikelihoodRatio(estimate, variance, tau)));
}

/** Half-width of the always-valid (1 − α) interval around the estimate. */
export function alwaysValidHalfWidth(variance: number, tau: number, alpha: number): number {
  if (!(variance > 0) || !(tau > 0) || !(alpha > 0 && alpha < 1)) return Number.NaN;
  const t2 = tau * tau;
  return Math.sqrt(((variance * (variance + t2)) / t2) * (Math.log((variance + t2) / variance) + 2 * Math.log(1 / alpha)));
}

/** The always-valid interval and p-value of an estimate with variance V. */
export function alwaysValidInterval(estimate: number, variance: number, tau: number, alpha: number): LiftInterval {
  const h = alwaysValidHalfWidth(variance, tau, alpha);
  return { lo: estimate - h, hi: estimate + h, p: alwaysValidP(estimate, variance, tau) };
}

/**
 * The always-valid interval of a variant's relative uplift in conversion rate, on the log
 * rate-ratio scale compareRates uses (so it never goes below −100%), with τ from the tuning
 * sample size; null without visitors.
 */
export function alwaysValidUplift(control: Rate, variant: Rate, confidence = DEFAULT_CONFIDENCE, tuningVisitors = DEFAULT_TUNING_VISITORS): LiftInterval | null {
  const r = logRateRatio(control, variant);
  if (!r || !(r.se > 0)) return null;
  const alpha = 1 - confidence;
  const variance = r.se ** 2;
  const i = alwaysValidInterval(r.logRatio, variance, mixingTau(variance, control.visitors + variant.visitors, alpha, tuningVisitors), alpha);
  return { lo: Math.expm1(i.lo), hi: Math.expm1(i.hi), p: i.p };
}
