/**
 * Auto-pause (issue 21): a live campaign with a ticked guardrail that is worse with confidence
 * stops being served. The check runs wherever a campaign's results are computed — each results
 * request, and the scheduled job (index.ts `scheduled`, every few minutes) so a campaign nobody
 * looks at is paused too — always in the always-valid view, which stays valid however often it
 * is checked. The pause is an ordinary publish through the site's ConfigPublisher: a new
 * version with the campaign paused, its note naming the guardrail, by "auto-pause" in the
 * change history; a draft with unpublished changes keeps them, with the campaign paused there too.
 */
import type { Campaign, SiteConfig, SiteConfigInput } from '@slotwise/core';
import type { CompiledConfig } from '@slotwise/core/decide';
import { type CampaignMetricSums, DEFAULT_GOAL, analyzeMetrics, autoPauseReason, campaignMetricSums } from '@slotwise/core/stats';
import { resetConfigCache } from '../config/live.ts';
import type { Env } from '../env.ts';
import { storeOf } from '../objects/aggregates.ts';
import { metricSumsFor } from './metric-results.ts';
import { checkConfig, publisher, readDraft } from './store.ts';

/** Who the change history credits with an automatic pause. */
export const AUTO_PAUSE_BY = 'auto-pause';

const hasTickedGuardrail = (c: Campaign) => c.status === 'live' && (c.metrics ?? []).some((m) => m.role === 'guardrail' && m.autoPause);

/** The reasons to pause, by campaign id, for the live campaigns given with their sums. */
export function pauseReasons(campaigns: readonly Campaign[], sums: readonly CampaignMetricSums[]): Map<string, string> {
  const reasons = new Map<string, string>();
  campaigns.forEach((c, i) => {
    if (!hasTickedGuardrail(c)) return;
    const { definitions, arms } = campaignMetricSums(c, DEFAULT_GOAL, sums[i] ?? {});
    const reason = autoPauseReason(c, analyzeMetrics(definitions, arms, { view: 'sequential' }));
    if (reason) reasons.set(c.id, reason);
  });
  return reasons;
}

const paused = <T extends SiteConfigInput>(config: T, ids: ReadonlySet<string>): T => ({
  ...config,
  campaigns: config.campaigns.map((c) => (ids.has(c.id) ? { ...c, status: 'paused' as const } : c)),
});

/**
 * Publishes the live config with these campaigns paused, unless another publish came first
 * (then the next check decides again, on what is live by then). Returns whether it published.
 */
export async function pauseCampaigns(env: Env, live: SiteConfig, reasons: ReadonlyMap<string, string>): Promise<boolean> {
  if (reasons.size === 0) return false;
  const ids = new Set(reasons.keys());
  const note = [...reasons.values()].join('; ');
  const draft = await readDraft(env);
  const result = await publisher(env).publish(paused(live, ids), live.version, AUTO_PAUSE_BY, note, 'publish');
  if (!result.ok) return false;
  // The publish made the draft the new live config; unpublished work goes back, paused there too.
  if (draft.changed && draft.revision > 0) {
    const kept = checkConfig(paused(draft.draft, ids), result.version);
    if (kept.ok) await publisher(env).saveDraft(kept.config, null, AUTO_PAUSE_BY);
  }
  resetConfigCache();
  return true;
}

/** The scheduled check: every live campaign with a ticked guardrail, against its current sums. */
export async function checkGuardrails(env: Env, config: CompiledConfig | null): Promise<boolean> {
  if (!config) return false;
  const watched = config.source.campaigns.filter(hasTickedGuardrail);
  if (watched.length === 0) return false;
  const sums = await metricSumsFor(storeOf(env, config), watched);
  return pauseCampaigns(env, config.source, pauseReasons(watched, sums));
}
