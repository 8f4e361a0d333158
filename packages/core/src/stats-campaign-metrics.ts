/**
 * A campaign's metrics as the statistics read them (issue 21): its metrics list (or its goal) as
 * definitions with the event store's sums per arm — the `metrics` option of campaignResults —
 * and what auto-pause acts on in the analysis. The Worker's results API and its auto-pause
 * check both use these, so the screen and the pause can never disagree.
 */
import { metricName, metricsOf } from './metrics.ts';
import type { Campaign, Goal } from './schema.ts';
import type { ArmMetricSums, MetricDefinition, MetricSums, MetricsAnalysis } from './stats-metric-types.ts';

/** `sums[metricId][arm]`: the event store's sums for each metric and arm. */
export type CampaignMetricSums = Readonly<Record<string, Readonly<Record<string, MetricSums>>>>;

/** The campaign's metrics, primary first, with each arm's sums: `ResultsOptions.metrics`. */
export function campaignMetricSums(
  campaign: Pick<Campaign, 'goal' | 'metrics'>,
  fallback: Goal,
  sums: CampaignMetricSums,
): { definitions: MetricDefinition[]; arms: ArmMetricSums[] } {
  const metrics = metricsOf(campaign, fallback);
  const armIds = new Set<string>();
  for (const perArm of Object.values(sums)) for (const arm of Object.keys(perArm)) armIds.add(arm);
  return {
    definitions: metrics.map((m) => ({ id: m.id, name: metricName(m), role: m.role, kind: m.kind })),
    arms: [...armIds].sort().map((arm) => ({
      arm,
      metrics: Object.fromEntries(metrics.flatMap((m) => (sums[m.id]?.[arm] ? [[m.id, sums[m.id]?.[arm] as MetricSums]] : []))),
    })),
  };
}

/** Guardrails with auto-pause ticked that are worse with confidence, per arm. */
export function pausingGuardrails(campaign: Pick<Campaign, 'metrics'>, analysis: MetricsAnalysis): { metric: string; arm: string }[] {
  const ticked = new Set((campaign.metrics ?? []).filter((m) => m.role === 'guardrail' && m.autoPause).map((m) => m.id));
  return analysis.guardrailWorse.filter((g) => ticked.has(g.metric));
}

/**
 * Why a live campaign should stop being served, in the words the change history shows, or null.
 * Only the always-valid view may pause: the check runs again and again, which would make a
 * fixed-horizon interval cry wolf.
 */
export function autoPauseReason(campaign: Pick<Campaign, 'name' | 'status' | 'metrics'>, analysis: MetricsAnalysis): string | null {
  const failing = pausingGuardrails(campaign, analysis);
  if (campaign.status !== 'live' || analysis.view !== 'sequential' || failing.length === 0) return null;
  const names = failing.map(({ metric, arm }) => `${analysis.metrics.find((m) => m.id === metric)?.name ?? metric} (${arm})`);
  return `auto-paused "${campaign.name}": guardrail worse with confidence: ${names.join(', ')}`;
}
