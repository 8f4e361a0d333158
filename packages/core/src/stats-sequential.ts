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
 * narrowest relative to the fixed-horizon one when τ² ≈ 8–10 V, and any τ > 0 keeps it valid.
 * Each read uses only the current sums, never the history, so it is a valid interval on its own
 * (intersecting past ones would be narrower still, and is optional).
 */
import type { LiftInterval } from './stats-metric-types.ts';

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
