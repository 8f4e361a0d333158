/**
 * Conversions per campaign × lifecycle segment, for value arbitration by segment (core
 * arbitration.ts, segment-rates.ts): per campaign, arm, segment and UTC day of the first exposure,
 * the visitors first exposed while in that segment, and per goal how many of them converted.
 * A visitor's segments are those their first exposure was stored with (the segments of the
 * visitor when the exposure was sent); a visitor in several counts in each. Counts of visitors
 * only; shards' rows add (a visitor lives in one shard). Kept and pruned with the other
 * aggregates, by the day of the first exposure, so a row goes with the first exposures it counts.
 */
import { decodeSegments } from './contact-weeks.ts';

/** A first exposure as the segment sums need it. */
export type SegmentExposure = { campaign: string; arm: string; ts: number; segments: string | null };
/** What the store answers per campaign: per arm and segment, exposed and converted visitors. */
export type SegmentTotals = { arm: string; segment: string; exposed: number; converted: number };

const DAY_MS = 86_400_000;

export function ensureSegmentTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS segment_exposed (
    campaign TEXT NOT NULL, arm TEXT NOT NULL, segment TEXT NOT NULL, day INTEGER NOT NULL, visitors INTEGER NOT NULL,
    PRIMARY KEY (campaign, arm, segment, day)) WITHOUT ROWID`);
  sql.exec(`CREATE TABLE IF NOT EXISTS segment_converted (
    campaign TEXT NOT NULL, goal TEXT NOT NULL, arm TEXT NOT NULL, segment TEXT NOT NULL, day INTEGER NOT NULL, visitors INTEGER NOT NULL,
    PRIMARY KEY (campaign, goal, arm, segment, day)) WITHOUT ROWID`);
}

/** Counts (1) or takes back (−1) a first exposure in each of its segments. */
export function addSegmentExposed(sql: SqlStorage, first: SegmentExposure, sign: 1 | -1): void {
  for (const segment of decodeSegments(first.segments)) {
    sql.exec(
      `INSERT INTO segment_exposed (campaign, arm, segment, day, visitors) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (campaign, arm, segment, day) DO UPDATE SET visitors = visitors + excluded.visitors`,
      first.campaign,
      first.arm,
      segment,
      Math.floor(first.ts / DAY_MS),
      sign,
    );
  }
}

/** Adds `converted` (a visitor newly converted: 1; no longer: −1) to the first exposure's segments for a goal. */
export function addSegmentConverted(sql: SqlStorage, first: SegmentExposure, goal: string, converted: number): void {
  if (converted === 0) return;
  for (const segment of decodeSegments(first.segments)) {
    sql.exec(
      `INSERT INTO segment_converted (campaign, goal, arm, segment, day, visitors) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (campaign, goal, arm, segment, day) DO UPDATE SET visitors = visitors + excluded.visitors`,
      first.campaign,
      goal,
      first.arm,
      segment,
      Math.floor(first.ts / DAY_MS),
      converted,
    );
  }
}

/** A campaign's exposed and converted visitors per arm and segment, for one goal. */
export function segmentTotals(sql: SqlStorage, campaign: string, goal: string): SegmentTotals[] {
  const rows = new Map<string, SegmentTotals>();
  const row = (arm: string, segment: string) => {
    const key = `${arm}\u0000${segment}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { arm, segment, exposed: 0, converted: 0 }));
    return r;
  };
  for (const r of sql.exec<{ arm: string; segment: string; n: number }>(
    'SELECT arm, segment, SUM(visitors) AS n FROM segment_exposed WHERE campaign = ? GROUP BY arm, segment',
    campaign,
  )) {
    row(r.arm, r.segment).exposed = Number(r.n);
  }
  for (const r of sql.exec<{ arm: string; segment: string; n: number }>(
    'SELECT arm, segment, SUM(visitors) AS n FROM segment_converted WHERE campaign = ? AND goal = ? GROUP BY arm, segment',
    campaign,
    goal,
  )) {
    row(r.arm, r.segment).converted = Number(r.n);
  }
  return [...rows.values()].filter((r) => r.exposed || r.converted);
}

export function clearSegmentTables(sql: SqlStorage): void {
  sql.exec('DELETE FROM segment_exposed');
  sql.exec('DELETE FROM segment_converted');
}

export function pruneSegmentTables(sql: SqlStorage, dayBefore: number): void {
  sql.exec('DELETE FROM segment_exposed WHERE day < ?', dayBefore);
  sql.exec('DELETE FROM segment_converted WHERE day < ?', dayBefore);
}
