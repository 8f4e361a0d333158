/** Where a site's measurement aggregates live, and the key a campaign's goal is counted under. */
import { type Campaign, type CompiledConfig, DEFAULT_GOAL, type Goal } from '@slotwise/core';
import type { Env } from './env.ts';

/** The event type a goal is aggregated under; page goals get a key no event has. */
export const goalKey = (goal: Goal): string => (goal.type === 'event' ? goal.event : `page:${goal.path}`);
export const goalOf = (c: Campaign): Goal => c.goal ?? DEFAULT_GOAL;
export const storeOf = (env: Env, config: CompiledConfig) => env.EVENTS.get(env.EVENTS.idFromName(config.siteId));
