/**
 * Which ticked guardrails should pause a campaign now. Auto-pause watches the results
 * continuously, so it always decides with the always-valid intervals, whatever view the
 * marketer reads: a fixed-horizon interval checked on every event would pause healthy
 * campaigns far more often than 5% of the time.
 */
import type { AnalysisOptions, ArmMetricSums, MetricDefinition } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';

export interface GuardrailDefinition extends MetricDefinition {
  /** The marketer ticked "pause the campaign when this gets worse". */
  autoPause?: boolean;
}

/** The (metric, arm) pairs of ticked guardrails that are worse with confidence; empty when none. */
export function guardrailsToPause(
  metrics: readonly GuardrailDefinition[],
  arms: readonly ArmMetricSums[],
  options: Omit<AnalysisOptions, 'view'> = {},
): { metric: string; arm: string }[] {
  const ticked = new Set(metrics.filter((m) => m.role === 'guardrail' && m.autoPause).map((m) => m.id));
  if (ticked.size === 0) return [];
  return analyzeMetrics(metrics, arms, { ...options, view: 'sequential' }).guardrailWorse.filter((g) => ticked.has(g.metric));
}
