/**
 * `GET /__sw/admin/programme`: the contact budget as it is spent — for this UTC week so far and
 * the three before it, how many customers seen got 0, 1, 2, … promotional messages, how many
 * reached the tightest weekly budget and how many got nothing (the airline's chart): for all
 * customers and per lifecycle segment (core segment-chart.ts). Counted by the event stores as
 * exposures arrive (objects/contact-weeks.ts) and added across shards; only counts leave them.
 */
import type { SiteConfig } from '@slotwise/core';
import type { ProgrammeView } from '@slotwise/core/protocol';
import { segmentChart, utcWeek } from '@slotwise/core/stats';
import { Hono } from 'hono';
import type { Env } from '../env.ts';
import { siteEvents } from '../objects/site-events.ts';
import { readLive } from './results.ts';

const WEEKS = 4;

function weeklyLimit(config: SiteConfig): number | null {
  const limits = (config.budgets ?? []).filter((b) => b.per === 'week' && b.group === undefined).map((b) => b.limit);
  return limits.length ? Math.min(...limits) : null;
}

export const programmeApi = new Hono<{ Bindings: Env }>().get('/', async (c) => {
  const live = await readLive(c.env, c.executionCtx);
  if (!live) return c.json({ weeklyBudget: null, weeks: [], segments: [] } satisfies ProgrammeView);
  const limit = weeklyLimit(live.source);
  // This UTC week so far and the WEEKS − 1 before it, per segment (core segment-chart.ts counts them).
  const thisWeek = utcWeek(Date.now());
  const weeks = Array.from({ length: WEEKS }, (_, i) => thisWeek - (WEEKS - 1) + i);
  const cells = await siteEvents(c.env, live.siteId).contactWeeks(weeks[0]!, thisWeek);
  const segments = segmentChart(cells, weeks, limit);
  return c.json({ weeklyBudget: limit, weeks: segments[0]?.weeks ?? [], segments } satisfies ProgrammeView);
});
