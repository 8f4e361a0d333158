/**
 * Frequency caps: how often each capped campaign has been shown to this visitor, today (UTC)
 * and in all, kept in a small first-party cookie (`sw_f`) that whoever rendered the campaign
 * updates — the Worker for edge-rendered pages, the SDK for slots it decided — and that the
 * next decision reads. Bounded, versioned, and tolerant of garbage (which reads as "never shown").
 *
 * Cookie: `1|<campaign>:<utc day>:<today>:<total>|…`, most recently shown first.
 */
import type { Decisions } from './decide.ts';

const VERSION = '1';
/** Campaigns remembered at most; the least recently shown are forgotten first. */
export const MAX_CAPPED_CAMPAIGNS = 20;
const MAX_COUNT = 1_000_000;
const DAY_MS = 86_400_000;
const ENTRY = /^([A-Za-z0-9][A-Za-z0-9_-]{0,63}):(\d{1,6}):(\d{1,7}):(\d{1,7})$/;

export interface Shown {
  /** UTC day number (epoch days) of the latest showing. */
  day: number;
  /** Showings on that day. */
  today: number;
  total: number;
}

/** Per campaign id; a Map, so no id can reach an object's prototype. */
export type FrequencyCounts = ReadonlyMap<string, Shown>;

export const utcDay = (now: number): number => Math.floor(now / DAY_MS);

export function decodeFrequency(value: string | null | undefined): FrequencyCounts {
  const counts = new Map<string, Shown>();
  if (typeof value !== 'string' || value.length > 2048) return counts;
  const [version, ...entries] = value.split('|');
  if (version !== VERSION) return counts;
  for (const entry of entries.slice(0, MAX_CAPPED_CAMPAIGNS)) {
    const m = ENTRY.exec(entry);
    if (!m || counts.has(m[1]!)) continue;
    const today = Math.min(Number(m[3]), MAX_COUNT);
    counts.set(m[1]!, { day: Number(m[2]), today, total: Math.max(today, Math.min(Number(m[4]), MAX_COUNT)) });
  }
  return counts;
}

export function encodeFrequency(counts: FrequencyCounts): string {
  const entries = [...counts].sort((a, b) => b[1].day - a[1].day).slice(0, MAX_CAPPED_CAMPAIGNS);
  return [VERSION, ...entries.map(([id, s]) => `${id}:${s.day}:${s.today}:${s.total}`)].join('|');
}

/** How often a campaign was shown today and in all, as of `now`. */
export function shownCount(counts: FrequencyCounts | undefined, campaign: string, now: number): { today: number; total: number } {
  const s = counts?.get(campaign);
  if (!s) return { today: 0, total: 0 };
  return { today: s.day === utcDay(now) ? s.today : 0, total: s.total };
}

/**
 * The counts after showing these decisions: each capped campaign that put a variant on the
 * page counts once (a control group showing keeps the default and is not counted). Null when
 * nothing capped was shown, so callers write the cookie only when it changed.
 */
export function recordShown(counts: FrequencyCounts, decisions: Decisions, capped: ReadonlySet<string>, now: number): FrequencyCounts | null {
  const shown = new Set<string>();
  for (const d of Object.values(decisions.slots)) if (d.content && capped.has(d.campaign)) shown.add(d.campaign);
  if (shown.size === 0) return null;
  const day = utcDay(now);
  const next = new Map(counts);
  for (const id of shown) {
    const { today, total } = shownCount(counts, id, now);
    next.set(id, { day, today: Math.min(today + 1, MAX_COUNT), total: Math.min(total + 1, MAX_COUNT) });
  }
  return next;
}
