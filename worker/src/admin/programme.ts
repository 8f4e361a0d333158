/**
 * `GET /__sw/admin/programme`: the contact budget as it is spent — for each of the last four
 * weeks, how many active visitors got 0, 1, 2, … promotional messages, how many reached the
 * tightest weekly budget and how many got nothing (the airline's chart). Counted by the event
 * store from exposures of the live config's promotional campaigns; no personal data leaves it.
 */
import type { SiteConfig } from '@slotwise/core';
import type { ProgrammeView, ProgrammeWeek } from '@slotwise/core/protocol';
import { Hono } from 'hono';
import type { Env } from '../env.ts';
import { siteEvents } from '../objects/site-events.ts';
import { readLive } from './results.ts';

const WEEK_MS = 7 * 86_400_000;
const WEEKS = 4;
const TOP = 10;

function weeklyLimit(config: SiteConfig): number | null {
  const limits = (config.budgets ?? []).filter((b) => b.per === 'week' && b.group === undefined).map((b) => b.limit);
  return limits.length ? Math.min(...limits) : null;
}

export const programmeApi = new Hono<{ Bindings: Env }>().get('/', async (c) => {
  const live = await readLive(c.env, c.executionCtx);
  if (!live) return c.json({ weeklyBudget: null, weeks: [] } satisfies ProgrammeView);
  const source = live.source;
  const promotional = source.campaigns.filter((k) => (k.purpose ?? 'promotional') === 'promotional').map((k) => k.id);
  const limit = weeklyLimit(source);
  const store = siteEvents(c.env, live.siteId);
  const now = Date.now();
  const weeks: ProgrammeWeek[] = [];
  for (let w = WEEKS - 1; w >= 0; w--) {
    const to = now - w * WEEK_MS;
    const { visitors, got } = await store.contactCounts(to - WEEK_MS, to, promotional, TOP);
    weeks.push({ start: new Date(to - WEEK_MS).toISOString().slice(0, 10), visitors, got, atBudget: limit === null ? null : got.slice(limit).reduce((a, b) => a + b, 0) });
  }
  return c.json({ weeklyBudget: limit, weeks } satisfies ProgrammeView);
});
