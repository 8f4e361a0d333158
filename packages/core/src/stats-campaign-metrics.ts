/**
 * A campaign's metrics analysed (issue 21): its metrics list (or its goal) as the statistics'
 * definitions, the event store's sums per arm, core's analyzeMetrics, and what auto-pause acts
 * on. The Worker's results API and its auto-pause check both call this, so the screen and the
 * pause can never disagree.
 */
import { metricName, metricsOf } from './metrics.ts';
import type { Campaign, Goal, Metric } from './schema.ts';
import type { CampaignDetail, CampaignSummary } from './stats-results.ts';
import type { AnalysisOptions, ArmMetricSums, MetricDefinition, MetricSums, MetricsAnalysis } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';

export interface CampaignMetrics {
  /** The metrics analysed, primary first, as the campaign defines them. */
  metrics: Metric[];
  analysis: MetricsAnalysis;
  /** Guardrails worse with confidence whose auto-pause is ticked: each stops the campaign. */
  pauseFor: { metric: string; arm: string }[];
}

/** A campaign in the results API (`GET /__sw/admin/results`): its goal's results and its metrics analysed. */
export type MeasuredCampaign = CampaignSummary & { metrics: CampaignMetrics };
/** One campaign's results (`GET /__sw/admin/results/:campaign`), with its daily rows. */
export type MeasuredCampaignDetail = CampaignDetail & { metrics: CampaignMetrics };

/** `sums[metricId][arm]`: the event store's sums for each metric and arm. */
export type CampaignMetricSums = Readonly<Record<string, Readonly<Record<string, MetricSums>>>>;

export function campaignMetrics(campaign: Campaign, fallback: Goal, sums: CampaignMetricSums, options: AnalysisOptions = {}): CampaignMetrics {
  const metrics = metricsOf(campaign, fallback);
  const definitions: MetricDefinition[] = metrics.map((m) => ({ id: m.id, name: metricName(m), role: m.role, kind: m.kind }));
  const armIds = new Set<string>();
  for (const perArm of Object.values(sums)) for (const arm of Object.keys(perArm)) armIds.add(arm);
  const arms: ArmMetricSums[] = [...armIds].sort().map((arm) => ({
    arm,
    metrics: Object.fromEntries(metrics.flatMap((m) => (sums[m.id]?.[arm] ? [[m.id, sums[m.id]?.[arm] as MetricSums]] : []))),
  }));
  const analysis = analyzeMetrics(definitions, arms, options);
  const ticked = new Set(metrics.filter((m) => m.role === 'guardrail' && m.autoPause).map((m) => m.id));
  return { metrics, analysis, pauseFor: analysis.guardrailWorse.filter((g) => ticked.has(g.metric)) };
}

/**
 * Why a campaign should stop being served, in the words the change history shows, or null.
 * Only the always-valid view may pause: it is checked again and again, which would make a
 * fixed-horizon interval cry wolf.
 */
export function autoPauseReason(campaign: Pick<Campaign, 'name' | 'status'>, result: CampaignMetrics): string | null {
  if (campaign.status !== 'live' || result.analysis.view !== 'sequential' || result.pauseFor.length === 0) return null;
  const names = result.pauseFor.map(({ metric, arm }) => `${result.analysis.metrics.find((m) => m.id === metric)?.name ?? metric} (${arm})`);
  return `auto-paused "${campaign.name}": guardrail worse with confidence: ${names.join(', ')}`;
}
