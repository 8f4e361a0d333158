/**
 * One plain-language sentence on an experiment, for marketers: a winner or loser with its
 * interval, how many more visitors a verdict needs, or that there is no difference worth the
 * name. Each variant is compared with control at the same confidence; with `correction` the
 * p-values are adjusted for the number of variants (Holm or Benjamini–Hochberg), and with
 * `view: 'sequential'` the intervals and p-values are the always-valid ones, safe to read daily.
 */
import type { CorrectionMethod, ResultsView } from './stats-metric-types.ts';
import { adjustP } from './stats-multiple.ts';
import { alwaysValidHalfWidth, alwaysValidUplift } from './stats-sequential.ts';
import { normalQuantile } from './stats-special.ts';
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
  /** 'fixed' (the default here): intervals valid at a sample size fixed in advance; 'sequential': always valid. */
  view?: ResultsView;
  /** Adjust the variants' p-values for their number (default 'none'). */
  correction?: CorrectionMethod;
  /** The always-valid intervals' tuning sample size (stats-sequential.ts). */
  tuningVisitors?: number;
}

export const MIN_DETECTABLE_EFFECT = 0.05;

export function verdictOf(control: VerdictArm | null, variants: readonly VerdictArm[], options: VerdictOptions = {}): string {
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const view = options.view ?? 'fixed';
  const level = view === 'sequential' ? `always-valid ${Math.round(confidence * 100)}% interval` : `${Math.round(confidence * 100)}% CI`;
  const all = control ? [control, ...variants] : [...variants];
  const visitors = all.reduce((s, a) => s + a.visitors, 0);
  if (visitors === 0) return 'not enough data yet — no visitors counted';
  if (!control) return 'no control group: conversion rates only (a holdout measures uplift)';
  if (all.reduce((s, a) => s + a.converted, 0) === 0) return 'not enough data yet — no conversions recorded';

  const compared = variants.map((v) => {
    const fixed = compareRates(control, v, confidence);
    const always = view === 'sequential' ? alwaysValidUplift(control, v, confidence, options.tuningVisitors) : null;
    return { v, u: fixed && always ? { ...fixed, ...always } : fixed };
  });
  const alpha = 1 - confidence;
  const tested = compared.filter((c) => c.u !== null);
  const adjusted = adjustP(
    tested.map((c) => c.u!.p),
    options.correction ?? 'none',
  );
  const significant = tested.filter((_, i) => (adjusted[i] ?? 1) < alpha);
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
    const fixedPerArm = visitorsPerArm(baseRate, effect, power) ?? visitorsPerArm(baseRate, -Math.min(effect, 0.99), power);
    if (fixedPerArm === null) return null;
    const perArm = Math.ceil(fixedPerArm * (options.view === 'sequential' ? SEQUENTIAL_INFLATION : 1));
    for (const arm of [control, v]) {
      const share = shareOf(arm);
      if (share > 0) more = Math.max(more, Math.ceil((perArm - arm.visitors) / share));
    }
  }
  return more;
}

/**
 * Always-valid intervals are wider: at best (τ² ≈ 8 V) by the factor below, so a sequential
 * test needs at least its square times the visitors of a fixed-horizon one for the same power
 * (about 2.4 at 95%). The guidance uses that best case: a floor, said as "about".
 */
const SEQUENTIAL_INFLATION = (alwaysValidHalfWidth(1, Math.sqrt(8), 0.05) / normalQuantile(0.975)) ** 2;

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
