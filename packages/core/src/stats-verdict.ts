/**
 * One plain-language sentence on an experiment, for marketers: a winner or loser with its
 * interval, how many more visitors a verdict needs, or that there is no difference worth the
 * name. Each variant is compared with control at the same confidence, uncorrected for the
 * number of variants (the interval shown is the one that decided).
 */
import { DEFAULT_CONFIDENCE, type Rate, compareRates, visitorsPerArm } from './stats.ts';

export interface VerdictArm extends Rate {
  name: string;
  /** Expected share of the campaign's traffic (0..1), to turn visitors per arm into visitors overall. */
  share: number;
}

export interface VerdictOptions {
  confidence?: number;
  /** Power of the sample-size guidance (default 0.8). */
  power?: number;
  /**
   * Smallest relative effect worth detecting (default 0.05, i.e. ±5%): when the observed
   * effect is smaller, "no significant difference" means the test could have seen this much.
   */
  minEffect?: number;
}

export const MIN_DETECTABLE_EFFECT = 0.05;

export function verdictOf(control: VerdictArm | null, variants: readonly VerdictArm[], options: VerdictOptions = {}): string {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const level = `${Math.round(confidence * 100)}% CI`;
  const all = control ? [control, ...variants] : [...variants];
  const visitors = all.reduce((s, a) => s + a.visitors, 0);
  if (visitors === 0) return 'not enough data yet — no visitors counted';
  if (!control) return 'no control group: conversion rates only (a holdout measures uplift)';
  if (all.reduce((s, a) => s + a.converted, 0) === 0) return 'not enough data yet — no conversions recorded';

  const compared = variants.map((v) => ({ v, u: compareRates(control, v, confidence) }));
  const alpha = 1 - confidence;
  const significant = compared.filter((c) => c.u !== null && c.u.p < alpha);
  const winners = significant.filter((c) => c.u!.rel > 0).sort((a, b) => b.u!.rel - a.u!.rel);
  const losers = significant.filter((c) => c.u!.rel < 0).sort((a, b) => a.u!.rel - b.u!.rel);
  const best = winners[0];
  if (best) return `${best.v.name} beats control by ${percent(best.u!.rel)} (${level} ${percent(best.u!.lo)} to ${percent(best.u!.hi)})`;
  const worst = losers[0];
  if (worst) return `${worst.v.name} is worse than control by ${percent(worst.u!.rel)} (${level} ${percent(worst.u!.lo)} to ${percent(worst.u!.hi)})`;

  const more = moreVisitorsNeeded(control, compared, visitors, { ...options, confidence });
  if (more === null) return 'not enough data yet — no conversions recorded';
  return more > 0 ? `not enough data yet — about ${roughly(more)} more visitors needed` : 'no significant difference';
}

/**
 * Visitors overall still needed before every variant's comparison has the power to detect the
 * larger of its observed effect and the minimum effect; 0 when it already has.
 */
function moreVisitorsNeeded(control: VerdictArm, compared: readonly { v: VerdictArm; u: { rel: number } | null }[], visitors: number, options: VerdictOptions): number | null {
  const pooled = [control, ...compared.map((c) => c.v)];
  const baseRate = control.converted > 0 ? control.converted / control.visitors : pooled.reduce((s, a) => s + a.converted, 0) / visitors;
  const minEffect = options.minEffect ?? MIN_DETECTABLE_EFFECT;
  const power = { alpha: 1 - (options.confidence ?? DEFAULT_CONFIDENCE), power: options.power ?? 0.8 };
  const shareOf = (a: VerdictArm) => (a.share > 0 ? a.share : a.visitors / visitors);
  let more = 0;
  for (const { v, u } of compared) {
    const effect = Math.max(Math.abs(u?.rel ?? 0), minEffect);
    // An uplift that would push the rate past 1 cannot be sized; the same drop can.
    const perArm = visitorsPerArm(baseRate, effect, power) ?? visitorsPerArm(baseRate, -Math.min(effect, 0.99), power);
    if (perArm === null) return null;
    for (const arm of [control, v]) {
      const share = shareOf(arm);
      if (share > 0) more = Math.max(more, Math.ceil((perArm - arm.visitors) / share));
    }
  }
  return more;
}

/** +12%, -3.4%: whole percent from 10% up, one decimal below. */
export function percent(x: number): string {
  const v = x * 100;
  const text = Math.abs(v) >= 9.95 ? v.toFixed(0) : v.toFixed(1).replace(/\.0$/, '');
  return text === '0' || text === '-0' ? '0%' : `${v > 0 ? '+' : ''}${text}%`;
}

/** Rounded up to two significant digits, with thousands separators: 12,345 → "13,000". */
export function roughly(n: number): string {
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, n))) - 1);
  const step = 10 ** digits;
  return String(Math.ceil(n / step) * step).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
