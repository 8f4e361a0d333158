/**
 * @slotwise/core/stats — results: a campaign's arms with uplift, intervals and the verdict, the
 * daily rows behind them, and the bandit weights served from them.
 */
export {
  campaignResults,
  banditWeightsToServe,
  DEFAULT_GOAL,
  type ArmTotals,
  type ArmResult,
  type CampaignResults,
  type CampaignSummary,
  type CampaignDetail,
  type DailyRow,
} from '../stats-results.ts';
export { withBanditWeights, type BanditWeights } from '../bandit.ts';
export { analyzeMetrics, directionOf, DEFAULT_TAU } from '../stats-metrics.ts';
export {
  METRIC_KINDS,
  METRIC_ROLES,
  type MetricSums,
  type MetricKind,
  type MetricRole,
  type MetricDirection,
  type MetricDefinition,
  type ArmMetricSums,
  type CorrectionMethod,
  type ResultsView,
  type AnalysisOptions,
  type LiftInterval,
  type LiftEstimate,
  type CupedEstimate,
  type ComparisonOutcome,
  type MetricComparison,
  type MetricResult,
  type VerdictOutcome,
  type ArmVerdict,
  type MetricsAnalysis,
} from '../stats-metric-types.ts';
export { campaignMetrics, autoPauseReason, type CampaignMetrics, type CampaignMetricSums, type MeasuredCampaign, type MeasuredCampaignDetail } from '../stats-campaign-metrics.ts';
