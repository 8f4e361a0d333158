/**
 * @slotwise/core/stats — results: a campaign's arms with uplift, intervals and the verdict, the
 * daily rows behind them, and the bandit weights served from them.
 */
export {
  campaignResults,
  goalMetricSums,
  banditWeightsToServe,
  DEFAULT_GOAL,
  type ArmTotals,
  type ResultsOptions,
  type ArmResult,
  type CampaignResults,
  type CampaignSummary,
  type CampaignDetail,
  type DailyRow,
} from '../stats-results.ts';
export { withBanditWeights, type BanditWeights } from '../bandit.ts';
export { analyzeMetrics, directionOf } from '../stats-metrics.ts';
export { DEFAULT_TUNING_VISITORS, alwaysValidUplift } from '../stats-sequential.ts';
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
export { valueBin, binLowerEdge, percentileCap, cappedSums, BINS_PER_DOUBLING, type BinSums } from '../stats-capping.ts';
export { campaignMetricSums, pausingGuardrails, autoPauseReason, type CampaignMetricSums } from '../stats-campaign-metrics.ts';
export { emptyMetricSums, addMetricSums, visitorSums, visitorChange, type VisitorValue } from '../stats-sums.ts';
export { shardOf, MAX_EVENT_SHARDS } from '../shard.ts';
export { recommendationResults, type RecoCounts, type RecoArmResult } from '../recommend/results.ts';
export { segmentChart, contactCells, unionSegments, utcWeek, weekStart, weekStartTime, ALL_CUSTOMERS, CHART_TOP, type ContactCell } from '../segment-chart.ts';
export { segmentRateEstimate, SEGMENT_RATE_MIN_VISITORS, type ConversionCounts } from '../segment-rates.ts';
