/**
 * The contact budget spent per segment per week (issue 24, the airline's chart). The event store
 * keeps, per UTC week (Monday to Sunday) × segment, how many customers got 0, 1, 2, …
 * promotional messages; these functions say which cells one customer's week counts in, and turn
 * the stored cells into the chart the Programme view draws.
 *
 * Counting rules, chosen so every row reads alone:
 * - a customer counts in a week when any of their events was stored that week (seen), with the
 *   promotional messages they got in it (one campaign on one UTC day on one channel kind = one);
 * - their segments that week are every lifecycle segment they were in at any event of the week
 *   (the segment at the time of each event, so a customer who became a deal seeker on Wednesday
 *   counts as one for the week); a customer in several segments counts in each segment's row,
 *   with all their messages of the week, so segment rows overlap and do not add up to the total;
 * - the "all" row counts every customer seen once;
 * - "got nothing": customers of the row seen that week with 0 promotional messages.
 */
import { ALL_CUSTOMERS_ROW, type ProgrammeSegment, type ProgrammeWeek } from './admin-types.ts';
import { SEGMENTS } from './segments.ts';

const DAY_MS = 86_400_000;
/** The row that counts every customer once. */
export const ALL_CUSTOMERS = ALL_CUSTOMERS_ROW.id;
/** The chart's last bar holds this many messages or more. */
export const CHART_TOP = 10;

/** The UTC week of a time, weeks starting on Monday (1970-01-01, day 0, was a Thursday). */
export const utcWeek = (ts: number): number => Math.floor((Math.floor(ts / DAY_MS) + 3) / 7);
/** When a week starts: its Monday, 00:00 UTC, in ms. */
export const weekStartTime = (week: number): number => (week * 7 - 3) * DAY_MS;
/** A week's Monday, `YYYY-MM-DD`. */
export const weekStart = (week: number): string => new Date(weekStartTime(week)).toISOString().slice(0, 10);

/** One stored cell: `visitors` customers of `segment` got `got` promotional messages in `week`. */
export interface ContactCell {
  week: number;
  segment: string;
  got: number;
  visitors: number;
}

/** The rows one customer's week counts in: "all", then each of their segments, each with their messages. */
export function contactCells(segments: readonly string[], messages: number): { segment: string; got: number }[] {
  return [ALL_CUSTOMERS, ...new Set(segments)].map((segment) => ({ segment, got: messages }));
}

/** Segment lists merged: each known segment once, in SEGMENTS order (unknown ids are dropped). */
export function unionSegments(...lists: readonly (readonly string[])[]): string[] {
  const seen = new Set(lists.flat());
  return SEGMENTS.map((s) => s.id).filter((id) => seen.has(id));
}

function weekOf(cells: readonly ContactCell[], week: number, limit: number | null, top: number): ProgrammeWeek {
  const got = Array.from({ length: top + 1 }, () => 0);
  for (const c of cells) if (c.week === week && c.visitors > 0) got[Math.min(Math.max(0, c.got), top)]! += c.visitors;
  const visitors = got.reduce((a, b) => a + b, 0);
  return { start: weekStart(week), visitors, got, atBudget: limit === null ? null : got.slice(limit).reduce((a, b) => a + b, 0) };
}

/**
 * The chart: one row for all customers, then one per lifecycle segment (SEGMENTS order, each
 * with its definition in words), each with `weeks` oldest first. `limit` is the weekly budget
 * (null without one): a row's `atBudget` counts customers who got that many or more.
 */
export function segmentChart(cells: readonly ContactCell[], weeks: readonly number[], limit: number | null, top = CHART_TOP): ProgrammeSegment[] {
  const rows = [ALL_CUSTOMERS_ROW, ...SEGMENTS];
  return rows.map(({ id, description }) => {
    const mine = cells.filter((c) => c.segment === id);
    return { id, description, weeks: weeks.map((w) => weekOf(mine, w, limit, top)) };
  });
}
