/**
 * The contract between the event store and the statistics (issue 21): per arm and per metric,
 * the store keeps sums only, never raw rows, and `analyzeMetrics` (stats-metrics.ts) turns them
 * into estimates, intervals and a verdict. Sums from several stores (or days) add field by field.
 */

/**
 * One arm's sums for one metric, over its exposed visitors.
 * y: the visitor's metric value after exposure (conversion 0/1, revenue capped, a web-vital value);
 * x: the visitor's pre-exposure covariate (CUPED; 0 when the SDK sent none).
 */
export interface MetricSums {
  /** Visitors counted (for a web vital: visitors with at least one measured page view). */
  n: number;
  sumY: number;
  sumY2: number;
  sumX: number;
  sumX2: number;
  sumXY: number;
  /**
   * Ratio metrics only (AOV = revenue / orders): d is the visitor's denominator (orders), with
   * its square and its product with y. Absent for plain per-visitor metrics.
   */
  sumD?: number;
  sumD2?: number;
  sumYD?: number;
}

export const METRIC_KINDS = ['conversion', 'revenue-per-visitor', 'aov', 'page-visit', 'lcp', 'cls', 'inp'] as const;
export type MetricKind = (typeof METRIC_KINDS)[number];

export const METRIC_ROLES = ['primary', 'secondary', 'guardrail'] as const;
export type MetricRole = (typeof METRIC_ROLES)[number];

/** Which way is good: more conversions and revenue, less layout shift and waiting. */
export type MetricDirection = 'higher' | 'lower';

/** What the statistics need to know of a metric (the schema's metric carries more: events, pages, auto-pause). */
export interface MetricDefinition {
  id: string;
  /** Shown in sentences; the id when absent. */
  name?: string;
  role: MetricRole;
  kind: MetricKind;
}

/** One arm's sums, by metric id. */
export interface ArmMetricSums {
  /** A variant id, or "control". */
  arm: string;
  /** Shown in the summary sentence; the id when absent. */
  name?: string;
  metrics: Readonly<Record<string, MetricSums>>;
}

export type CorrectionMethod = 'holm' | 'bh' | 'none';
export type ResultsView = 'sequential' | 'fixed';

export interface AnalysisOptions {
  /** Default 0.95. */
  confidence?: number;
  /**
   * Visitors (both arms together) at which the always-valid interval is tuned to be tightest
   * (default 5000). It sets the mSPRT's mixing standard deviation τ per metric; any value keeps
   * the intervals valid under peeking, it only moves where they are narrowest.
   * See stats-sequential.ts and docs/statistics.md.
   */
  tuningVisitors?: number;
  /** A fixed τ on the relative-lift scale instead (0.1: tuned for true lifts of about ±10%). */
  tau?: number;
  /** Multiple-comparison correction across arms × metrics (default 'holm'). */
  correction?: CorrectionMethod;
  /** Which intervals decide: always-valid ('sequential', the default) or fixed-horizon. */
  view?: ResultsView;
  /** Arm id of the baseline (default "control"). */
  control?: string;
}

/** A relative-lift interval with the p-value of "no difference" that matches it. */
export interface LiftInterval {
  lo: number;
  hi: number;
  p: number;
}

/** Relative lift of a variant over control (0.12 = +12%), with both kinds of interval. */
export interface LiftEstimate {
  rel: number;
  /** Standard error of `rel` (delta method). */
  se: number;
  /** Valid when read once, at a sample size fixed in advance. */
  fixed: LiftInterval;
  /** Always valid: holds however often, and whenever, the results are read. */
  sequential: LiftInterval;
}

export interface CupedEstimate extends LiftEstimate {
  /** θ = pooled within-arm cov(x, y) / var(x). */
  theta: number;
  /** 1 − se(adjusted)² / se(unadjusted)²: the share of the estimate's variance removed. */
  varianceReduction: number;
  /** 1 − se(adjusted) / se(unadjusted): how much narrower the interval is. */
  narrowing: number;
}

export type ComparisonOutcome = 'better' | 'worse' | 'inconclusive';

/** One variant against control on one metric. */
export interface MetricComparison {
  metric: string;
  arm: string;
  role: MetricRole;
  direction: MetricDirection;
  controlMean: number;
  variantMean: number;
  controlN: number;
  variantN: number;
  /** Null when the lift is undefined (an arm with < 2 visitors, control's mean 0, no spread). */
  unadjusted: LiftEstimate | null;
  /** Null without a usable covariate (none sent, no spread) and for ratio metrics. */
  cuped: CupedEstimate | null;
  /** `cuped ?? unadjusted`: the estimate the verdict uses. */
  best: LiftEstimate | null;
  /** The decision's p-value (of `best`, in the chosen view) after the correction across arms × metrics; 1 when undefined. */
  adjustedP: number;
  /** adjustedP < 1 − confidence, signed by the metric's direction. */
  outcome: ComparisonOutcome;
}

export interface MetricResult {
  id: string;
  name: string;
  role: MetricRole;
  kind: MetricKind;
  direction: MetricDirection;
  /** Each variant against control. */
  comparisons: MetricComparison[];
}

export type VerdictOutcome = 'win' | 'lose' | 'inconclusive';

export interface ArmVerdict {
  arm: string;
  outcome: VerdictOutcome;
  /** Guardrail metric ids on which this arm is worse with confidence. */
  guardrailsWorse: string[];
}

export interface MetricsAnalysis {
  view: ResultsView;
  confidence: number;
  /** The fixed τ when one was given; null when τ comes from `tuningVisitors`, per metric. */
  tau: number | null;
  tuningVisitors: number;
  correction: CorrectionMethod;
  /** How many comparisons the correction accounted for (arms × metrics with a defined lift). */
  comparisons: number;
  metrics: MetricResult[];
  arms: ArmVerdict[];
  /**
   * The campaign's verdict: 'win' when a variant beats control on the primary metric with no
   * guardrail worse, 'lose' when every variant is worse on it, else 'inconclusive'.
   */
  outcome: VerdictOutcome;
  /** The winning arm when outcome is 'win' (the largest lift among the winners). */
  winner: string | null;
  /** Any guardrail worse with confidence, on any arm: the red flag. */
  guardrailWorse: { metric: string; arm: string }[];
  /** One sentence for the results screen, saying which view and correction it used. */
  summary: string;
}
