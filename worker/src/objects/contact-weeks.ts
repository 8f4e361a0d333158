/**
 * The contact budget as it is spent, per UTC week × lifecycle segment (core segment-chart.ts has
 * the counting rules): how many customers seen in a week got 0, 1, 2, … promotional messages.
 *
 * - `contact_weeks`: one row per visitor per week they were seen — the segments they were in at
 *   any event of the week and the messages they got. Per-visitor, like the first exposures; it
 *   never leaves the store.
 * - `contact_histogram`: the aggregate the chart reads, week × segment × messages → customers.
 *   Counts of visitors only, no ids; a visitor lives in one shard, so shards' rows add.
 *
 * A message is a stored exposure marked `contact` (a campaign the live config called promotional
 * when it was stored) on one UTC day on one kind of channel (the website, or another), as in
 * core's budget.ts. The visitor's row is recounted from their stored events whenever an event
 * of theirs lands in its week, and the histogram takes the difference: the counts do not depend
 * on the order events arrive in.
 */
import { type ContactCell, contactCells, unionSegments, utcWeek, weekStartTime } from '@slotwise/core/stats';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/** A visitor-week's state: the segments they were in and the messages they got. */
type WeekState = { segments: string[]; messages: number };

/** Segments as stored on events: space-separated ids in SEGMENTS order, null when none is known. */
export const encodeSegments = (segments: readonly string[] | undefined): string | null => (segments?.length ? unionSegments(segments).join(' ') : null);
/** The segments stored by encodeSegments, as a list (none for null). */
export const decodeSegments = (text: string | null | undefined): string[] => (text ? text.split(' ') : []);

export function ensureContactTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS contact_weeks (
    visitor TEXT NOT NULL, week INTEGER NOT NULL, segments TEXT NOT NULL, messages INTEGER NOT NULL,
    PRIMARY KEY (visitor, week)) WITHOUT ROWID`);
  sql.exec('CREATE INDEX IF NOT EXISTS contact_weeks_week ON contact_weeks (week)');
  sql.exec(`CREATE TABLE IF NOT EXISTS contact_histogram (
    week INTEGER NOT NULL, segment TEXT NOT NULL, got INTEGER NOT NULL, visitors INTEGER NOT NULL,
    PRIMARY KEY (week, segment, got)) WITHOUT ROWID`);
}

/** The promotional messages a visitor got in a week: distinct campaign × UTC day × kind of channel among their marked exposures. */
function messagesIn(sql: SqlStorage, visitor: string, week: number): number {
  return Number(
    sql
      .exec(
        `SELECT COUNT(DISTINCT json_extract(props, '$.campaign') || ':' || (ts / ${DAY_MS}) || ':' || (source IN ('', 'channel:web'))) AS n
         FROM events WHERE visitor = ? AND type = 'exposure' AND contact = 1 AND ts >= ? AND ts < ?`,
        visitor,
        weekStartTime(week),
        weekStartTime(week) + WEEK_MS,
      )
      .one().n,
  );
}

function addCells(sql: SqlStorage, week: number, state: WeekState, sign: 1 | -1): void {
  for (const { segment, got } of contactCells(state.segments, state.messages)) {
    sql.exec(
      `INSERT INTO contact_histogram (week, segment, got, visitors) VALUES (?, ?, ?, ?)
       ON CONFLICT (week, segment, got) DO UPDATE SET visitors = visitors + excluded.visitors`,
      week,
      segment,
      got,
      sign,
    );
  }
}

function stateOf(sql: SqlStorage, visitor: string, week: number): WeekState | null {
  const row = sql.exec<{ segments: string; messages: number }>('SELECT segments, messages FROM contact_weeks WHERE visitor = ? AND week = ?', visitor, week).toArray()[0];
  return row ? { segments: decodeSegments(row.segments), messages: Number(row.messages) } : null;
}

function setState(sql: SqlStorage, visitor: string, week: number, before: WeekState | null, after: WeekState): void {
  if (before && before.messages === after.messages && before.segments.join(' ') === after.segments.join(' ')) return;
  if (before) addCells(sql, week, before, -1);
  addCells(sql, week, after, 1);
  sql.exec(
    'INSERT INTO contact_weeks (visitor, week, segments, messages) VALUES (?, ?, ?, ?) ON CONFLICT (visitor, week) DO UPDATE SET segments = excluded.segments, messages = excluded.messages',
    visitor,
    week,
    after.segments.join(' '),
    after.messages,
  );
}

/**
 * Inside the store's transaction, after a visitor's new events were stored: each week they fall
 * in takes the batch's segments (those of the visitor when it was sent) and a recount of messages.
 */
export function noteContactWeeks(sql: SqlStorage, visitor: string, times: readonly number[], segments: readonly string[]): void {
  for (const week of new Set(times.map(utcWeek))) {
    const before = stateOf(sql, visitor, week);
    setState(sql, visitor, week, before, { segments: unionSegments(before?.segments ?? [], segments), messages: messagesIn(sql, visitor, week) });
  }
}

/** Takes a visitor out of the chart (a rebalance moved them): their cells are subtracted and their rows go. */
export function forgetContactWeeks(sql: SqlStorage, visitor: string): void {
  for (const row of sql.exec<{ week: number; segments: string; messages: number }>('SELECT week, segments, messages FROM contact_weeks WHERE visitor = ?', visitor).toArray()) {
    addCells(sql, Number(row.week), { segments: decodeSegments(row.segments), messages: Number(row.messages) }, -1);
  }
  sql.exec('DELETE FROM contact_weeks WHERE visitor = ?', visitor);
}

/** Recounts both tables from the stored events (the store's rebuild), by the same rules. */
export function rebuildContactWeeks(sql: SqlStorage): void {
  sql.exec('DELETE FROM contact_weeks');
  sql.exec('DELETE FROM contact_histogram');
  const weeks = new Map<string, { visitor: string; week: number; segments: Set<string> }>();
  for (const e of sql.exec<{ visitor: string; ts: number; segments: string | null }>('SELECT visitor, ts, segments FROM events')) {
    const week = utcWeek(Number(e.ts));
    const key = `${e.visitor}\u0000${week}`;
    let w = weeks.get(key);
    if (!w) weeks.set(key, (w = { visitor: e.visitor, week, segments: new Set() }));
    for (const s of decodeSegments(e.segments)) w.segments.add(s);
  }
  for (const w of weeks.values()) setState(sql, w.visitor, w.week, null, { segments: unionSegments([...w.segments]), messages: messagesIn(sql, w.visitor, w.week) });
}

/** Drops visitor-weeks and chart cells of weeks before `week` (the aggregates' retention); at most `limit` visitor rows a run. */
export function pruneContactWeeks(sql: SqlStorage, week: number, limit: number): number {
  sql.exec('DELETE FROM contact_weeks WHERE (visitor, week) IN (SELECT visitor, week FROM contact_weeks WHERE week < ? LIMIT ?)', week, limit);
  const visitors = Number(sql.exec('SELECT changes() AS n').one().n);
  sql.exec('DELETE FROM contact_histogram WHERE week < ?', week);
  return visitors;
}

/** The chart's cells of weeks `from` … `to` (inclusive). */
export function readContactCells(sql: SqlStorage, from: number, to: number): ContactCell[] {
  return sql
    .exec<{ week: number; segment: string; got: number; visitors: number }>(
      'SELECT week, segment, got, visitors FROM contact_histogram WHERE week >= ? AND week <= ? AND visitors != 0',
      from,
      to,
    )
    .toArray()
    .map((c) => ({ week: Number(c.week), segment: String(c.segment), got: Number(c.got), visitors: Number(c.visitors) }));
}
