/**
 * Results as the Worker measures them: the overview and one campaign in depth, read in the view
 * the marketer chose (always-valid intervals by default; fixed-horizon for a sample size fixed
 * in advance), and the guardrails that are worse with confidence, which the campaigns list flags.
 */
import { signal } from '@preact/signals';
import type { CampaignSummary, ResultsView } from '@slotwise/core/stats';
import { api } from '../api.ts';

/** Which intervals the results screen shows and decides with. */
export const resultsView = signal<ResultsView>('sequential');

/** Per campaign id, the guardrails worse with confidence, as "CLS (layout shift) in Tall hero". */
export const guardrailFlags = signal<Readonly<Record<string, string[]>>>({});

export function setResultsView(view: ResultsView): void {
  resultsView.value = view;
}

/** The flags of these campaigns' results: each guardrail worse with confidence, with the arm's name. */
export function flagsOf(campaigns: readonly CampaignSummary[]): Record<string, string[]> {
  const flags: Record<string, string[]> = {};
  for (const c of campaigns) {
    const worse = c.metrics?.guardrailWorse ?? [];
    if (worse.length === 0) continue;
    const metricName = (id: string) => c.metrics.metrics.find((m) => m.id === id)?.name ?? id;
    const armName = (id: string) => c.arms.find((a) => a.id === id)?.name ?? id;
    flags[c.id] = worse.map((g) => `${metricName(g.metric)} in ${armName(g.arm)}`);
  }
  return flags;
}

/** The overview; it refreshes the guardrail flags as it goes. */
export async function loadResults() {
  const results = await api.results(resultsView.value);
  guardrailFlags.value = flagsOf(results.campaigns);
  return results;
}

/** Reads the results only for their guardrail flags (the campaigns list); a failure keeps the flags known. */
export async function refreshGuardrailFlags(): Promise<void> {
  try {
    await loadResults();
  } catch {
    // the list shows what it knew
  }
}

export const loadCampaignResults = (id: string) => api.campaignResults(id, resultsView.value);
