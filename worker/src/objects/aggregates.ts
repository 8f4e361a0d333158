/** Where a site's measurement aggregates live, and the key a campaign's goal is counted under. */
import { type Campaign, type Goal, PROGRAMME_CAMPAIGN } from '@slotwise/core';
import type { CompiledConfig } from '@slotwise/core/decide';
import { DEFAULT_GOAL } from '@slotwise/core/stats';
import type { Env } from '../env.ts';
import { siteEvents } from './site-events.ts';

/** The event type a goal is aggregated under; page goals get a key no event has. */
export const goalKey = (goal: Goal): string => (goal.type === 'event' ? goal.event : `page:${goal.path}`);
export const goalOf = (c: Campaign): Goal => c.goal ?? DEFAULT_GOAL;
/**
 * The global holdout, measured like a campaign: held-out visitors are its control group, the
 * others its one variant, and purchases its goal. Null when the site has no global holdout.
 */
export function programmeCampaign(config: CompiledConfig): Campaign | null {
  const holdoutPct = config.source.site.holdoutPct ?? 0;
  if (holdoutPct <= 0) return null;
  return {
    id: PROGRAMME_CAMPAIGN,
    name: 'All personalization vs global holdout',
    status: 'live',
    priority: 1,
    slots: ['programme'],
    variants: [{ id: 'personalized', name: 'Personalized', content: {} }],
    holdoutPct,
    goal: DEFAULT_GOAL,
  };
}

/** The campaigns results report on: the live config's, and the global holdout when there is one. */
export function measuredCampaigns(config: CompiledConfig): Campaign[] {
  const programme = programmeCampaign(config);
  return programme ? [...config.source.campaigns, programme] : [...config.source.campaigns];
}

/** A site's events, aggregates and catalog: its shards read as one (site-events.ts). */
export const storeOf = (env: Env, config: CompiledConfig) => siteEvents(env, config.siteId);
