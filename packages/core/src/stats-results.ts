/**
 * A campaign's results from its per-arm totals: every number the results API and the editor
 * show, computed in one place (stats.ts for the tests, stats-verdict.ts for the sentence,
 * bandit.ts for the weights).
 */
import { banditWeights } from './bandit.ts';
import { CONTROL } from './compile.ts';
import type { Campaign, Goal } from './schema.ts';
import { DEFAULT_CONFIDENCE, SRM_ALPHA, chanceToBeat, compareMeans, compareRates, sampleRatioMismatch } from './stats.ts';
import type { AnalysisOptions, ArmMetricSums, MetricDefinition, MetricsAnalysis, ResultsView } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';
import { DEFAULT_TUNING_VISITORS, alwaysValidUplift } from './stats-sequential.ts';
import { type VerdictArm, verdictOf } from './stats-verdict.ts';

/** What the event store aggregates per arm (variant id or "control"). */
export interface ArmTotals {
  arm: string;
  /** Visitors whose first exposure to the campaign was to this arm. */
  exposed: number;
  /** Of them, visitors with at least one attributed goal conversion. */
  converted: number;
  /** Attributed goal conversions, a visitor's repeats included. */
  conversions: number;
  /** Sum of the conversions' values, and of each visitor's total value squared (for the variance). */
  valueSum: number;
  valueSumSq: number;
}

export interface ArmResult {
  /** A variant id, or "control". */
  id: string;
  name: string;
  exposed: number;
  converted: number;
  conversions: number;
  /** converted / exposed (0 without visitors). */
  rate: number;
  valueSum: number;
  /** valueSum / exposed: visitors who did not convert count as 0. */
  revenuePerVisitor: number;
  /** Conversion rate vs control; null for control itself, without a control, or without visitors. */
  uplift: { rel: number; lo: number; hi: number; p: number } | null;
  /** The always-valid interval of the same uplift (safe to read daily); null as for uplift. */
  alwaysValid: { lo: number; hi: number; p: number } | null;
  /** Welch test of revenue per visitor vs control (absolute difference and its interval). */
  revenue: { diff: number; lo: number; hi: number; p: number } | null;
  /** Bayesian P(this arm's rate > control's); null as for uplift. */
  chanceToBeat: number | null;
}

export interface CampaignResults {
  /** The campaign's goal, or the default (a purchase) when it has none. */
  goal: Goal;
  arms: ArmResult[];
  /** p is null when the split cannot be tested (fewer than two arms meant to get traffic, or none counted yet). */
  srm: { p: number | null; warning: boolean };
  /** The verdict's sentence, in the view it was computed with. */
  verdict: string;
  /** Which intervals decided the verdict: always-valid ('sequential', the default) or fixed-horizon. */
  view: ResultsView;
  /**
   * Every metric of the campaign, each variant against control (stats-metrics.ts): from the
   * event store's metric sums when given, else from the goal's totals (its conversion as the
   * primary metric, revenue per visitor as a secondary one).
   */
  metrics: MetricsAnalysis;
  /** Bandit campaigns only: the variants' current Thompson-sampling weights (they sum to 1; the holdout is apart). */
  bandit?: { weights: Record<string, number> };
}

/** One campaign in the results API (`GET /__sw/admin/results`, docs/admin-api.md). */
export interface CampaignSummary extends CampaignResults {
  id: string;
  name: string;
  /** Its status in the live config, or the last one it had when it is no longer there. */
  status: Campaign['status'];
  /**
   * Where the campaign stands now: its live status, `removed` (no longer in the live config) or
   * `rolled-back` (a restore of an older version took it out). Results stay readable either way.
   */
  lifecycle?: Campaign['status'] | 'removed' | 'rolled-back';
  /** The published versions in which it was live, oldest first. */
  versions?: number[];
}

/** One arm's counts on one UTC day (`GET /__sw/admin/results/:campaign`, and its CSV). */
export interface DailyRow {
  /** YYYY-MM-DD, UTC, of the device's timestamp. */
  day: string;
  arm: string;
  /** Visitors first exposed that day. */
  exposed: number;
  /** Visitors whose first attributed conversion was that day. */
  converted: number;
  conversions: number;
  value: number;
}

export type CampaignDetail = CampaignSummary & { daily: DailyRow[] };

export const DEFAULT_GOAL: Goal = { type: 'event', event: 'purchase' };

const empty = (arm: string): ArmTotals => ({ arm, exposed: 0, converted: 0, conversions: 0, valueSum: 0, valueSumSq: 0 });

/** The configured traffic shares, as compile.ts splits them: control gets the holdout, variants the rest by weight. */
function configuredShares(c: Campaign): { control: number; variants: number[] } {
  const holdout = (c.holdoutPct ?? 0) / 100;
  const weights = c.variants.map((v) => v.weight ?? 1);
  const total = weights.reduce((s, w) => s + w, 0) || 1;
  return { control: holdout, variants: weights.map((w) => ((1 - holdout) * w) / total) };
}

/** How to read a campaign's results; the defaults are always-valid intervals with Holm's correction. */
export interface ResultsOptions extends Pick<AnalysisOptions, 'view' | 'correction' | 'tuningVisitors' | 'confidence'> {
  /** The campaign's metrics and each arm's sums for them, from the event store. */
  metrics?: { definitions: readonly MetricDefinition[]; arms: readonly ArmMetricSums[] };
}

const GOAL_METRIC = 'goal';
const REVENUE_METRIC = 'revenue';

/** The goal's totals as metric sums (no covariate): its conversion, and revenue per visitor. */
export function goalMetricSums(totals: readonly ArmTotals[]): { definitions: MetricDefinition[]; arms: ArmMetricSums[] } {
  const none = { sumX: 0, sumX2: 0, sumXY: 0 };
  return {
    definitions: [
      { id: GOAL_METRIC, name: 'Goal conversion', role: 'primary', kind: 'conversion' },
      { id: REVENUE_METRIC, name: 'Revenue per visitor', role: 'secondary', kind: 'revenue-per-visitor' },
    ],
    arms: totals.map((t) => ({
      arm: t.arm,
      metrics: {
        [GOAL_METRIC]: { n: t.exposed, sumY: t.converted, sumY2: t.converted, ...none },
        [REVENUE_METRIC]: { n: t.exposed, sumY: t.valueSum, sumY2: t.valueSumSq, ...none },
      },
    })),
  };
}

export function campaignResults(c: Campaign, totals: readonly ArmTotals[], options: ResultsOptions = {}): CampaignResults {
  const view = options.view ?? 'sequential';
  const correction = options.correction ?? 'holm';
  const confidence = options.confidence ?? DEFAULT_CONFIDENCE;
  const tuningVisitors = options.tuningVisitors ?? DEFAULT_TUNING_VISITORS;
  const byArm = new Map(totals.map((t) => [t.arm, t]));
  const shares = configuredShares(c);
  const controlTotals = byArm.get(CONTROL);
  const hasControl = shares.control > 0 || (controlTotals?.exposed ?? 0) > 0;
  const control = hasControl ? (controlTotals ?? empty(CONTROL)) : null;
  const variants = c.variants.map((v) => ({ id: v.id, name: v.name, totals: byArm.get(v.id) ?? empty(v.id) }));
  const known = new Set([CONTROL, ...c.variants.map((v) => v.id)]);
  // Arms that were counted but are no longer in the config (a variant deleted mid-test) still show.
  const removed = totals.filter((t) => !known.has(t.arm)).map((t) => ({ id: t.arm, name: `${t.arm} (removed)`, totals: t }));

  const rate = (t: ArmTotals) => ({ visitors: t.exposed, converted: t.converted });
  const moments = (t: ArmTotals) => ({ n: t.exposed, sum: t.valueSum, sumSq: t.valueSumSq });
  const armResult = (id: string, name: string, t: ArmTotals): ArmResult => {
    const uplift = control && id !== CONTROL ? compareRates(rate(control), rate(t), confidence) : null;
    const alwaysValid = control && id !== CONTROL ? alwaysValidUplift(rate(control), rate(t), confidence, tuningVisitors) : null;
    const revenue = control && id !== CONTROL ? compareMeans(moments(control), moments(t)) : null;
    return {
      id,
      name,
      exposed: t.exposed,
      converted: t.converted,
      conversions: t.conversions,
      rate: t.exposed > 0 ? t.converted / t.exposed : 0,
      valueSum: t.valueSum,
      revenuePerVisitor: t.exposed > 0 ? t.valueSum / t.exposed : 0,
      uplift: uplift && { rel: uplift.rel, lo: uplift.lo, hi: uplift.hi, p: uplift.p },
      alwaysValid,
      revenue: revenue && { diff: revenue.diff, lo: revenue.lo, hi: revenue.hi, p: revenue.p },
      chanceToBeat: control && id !== CONTROL ? chanceToBeat(rate(control), rate(t)) : null,
    };
  };
  const arms = [
    ...(control ? [armResult(CONTROL, 'Control', control)] : []),
    ...variants.map((v) => armResult(v.id, v.name, v.totals)),
    ...removed.map((v) => armResult(v.id, v.name, v.totals)),
  ];

  const bandit = c.allocation === 'bandit';
  // A bandit moves the variants' split on purpose; only the holdout against all variants together stays fixed.
  const srm = bandit
    ? sampleRatioMismatch([control?.exposed ?? 0, variants.reduce((s, v) => s + v.totals.exposed, 0)], [shares.control, 1 - shares.control])
    : sampleRatioMismatch([control?.exposed ?? 0, ...variants.map((v) => v.totals.exposed)], [shares.control, ...shares.variants]);

  const verdictArm = (name: string, t: ArmTotals, share: number): VerdictArm => ({ name, visitors: t.exposed, converted: t.converted, share });
  const verdict = verdictOf(
    control ? verdictArm('Control', control, shares.control) : null,
    // A bandit's shares move, so the sample-size guidance uses the split observed so far.
    variants.map((v, i) => verdictArm(v.name, v.totals, bandit ? 0 : (shares.variants[i] ?? 0))),
    { view, correction, confidence, tuningVisitors },
  );
  const metricSums = options.metrics ?? goalMetricSums(control ? totals : totals.filter((t) => t.arm !== CONTROL));
  const armNames = new Map(arms.map((a) => [a.id, a.name]));
  const named = metricSums.arms.map((a) => ({ ...a, name: a.name ?? armNames.get(a.arm) ?? a.arm }));
  const metrics = analyzeMetrics(metricSums.definitions, named, { view, correction, confidence, tuningVisitors, control: CONTROL });

  const results: CampaignResults = {
    goal: c.goal ?? DEFAULT_GOAL,
    arms,
    srm: { p: srm?.p ?? null, warning: srm !== null && srm.p < SRM_ALPHA },
    verdict,
    view,
    metrics,
  };
  if (bandit) {
    const weights = banditWeights(
      variants.map((v) => rate(v.totals)),
      { seed: c.seed ?? c.id },
    );
    results.bandit = { weights: Object.fromEntries(variants.map((v, i) => [v.id, weights[i] ?? 0])) };
  }
  return results;
}

/**
 * The bandit weights to serve from a campaign's results: null until a variant has data, so the
 * configured split stays and a visitor who cannot be measured gets the first variant, not
 * whichever won the Monte Carlo noise of empty posteriors. The Worker and the editor's preview
 * both use this, so they agree on the best-known variant.
 */
export function banditWeightsToServe(results: Pick<CampaignResults, 'arms' | 'bandit'>): Record<string, number> | null {
  if (!results.bandit) return null;
  return results.arms.some((a) => a.id !== CONTROL && a.exposed > 0) ? results.bandit.weights : null;
}
