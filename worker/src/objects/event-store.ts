/**
 * Validated events, stored per site in a Durable Object with SQLite storage: strongly
 * consistent, so an event id a visitor (or a channel, for a customer) sends again is recognised
 * and counted once, and the campaign
 * aggregates below are updated in the same transaction as the events they count.
 *
 * Aggregates (README, "Measurement"), per campaign × arm × UTC day of the device's timestamp:
 * - exposed: visitors whose first exposure to the campaign was to that arm (counted once);
 * - per goal (any delivered event type; the results API picks the campaign's): converted
 *   visitors (on the day of their first attributed conversion), conversions, the sum of their
 *   `value` props and the sum of each visitor's running total squared (so per-visitor variance
 *   survives aggregation). A conversion is attributed to each campaign the visitor was first
 *   exposed to at or before it, and no more than ATTRIBUTION_WINDOW_MS before it.
 * A visitor's contribution to a campaign is a pure function of their first exposure and their
 * goal events, so it is recomputed whenever either changes: the aggregates are the same
 * whatever order events arrive in (an exposure delivered after the purchase it led to, from
 * another tab, still counts it).
 *
 * Retention (README, "Measurement"; docs/measurement.md): a daily alarm deletes raw events older
 * than the site's retention (`site.measurement.retentionDays`, default EVENT_RETENTION_DAYS; for a
 * site that exports, only once exported), and aggregate rows and first exposures older than
 * AGGREGATE_RETENTION_DAYS. First exposures go with the aggregates that count them, so a
 * visitor is never counted twice in the days that are kept.
 */
import type { RecoCounts } from '@slotwise/core/stats';
import type { ArmTotals, DailyRow } from '@slotwise/core/stats';
import type { SwEvent } from '@slotwise/core/protocol';
import { DurableObject } from 'cloudflare:workers';
// Campaign and variant ids follow the config's id rule; anything else in an exposure is not counted.
import { isId } from '@slotwise/core';
import { shardOf, utcWeek } from '@slotwise/core/stats';
import { HEALTH_DAYS_KEPT, type SlotHealth, type SlotHealthRow, addSlotHealth, ensureSlotHealthTable, pruneSlotHealth, readSlotHealth } from './slot-health.ts';
import {
  type ArmKeySums,
  type MetricExposure,
  addCovariates,
  addMetricDifference,
  clearMetricTables,
  covariatesOf,
  ensureMetricTables,
  keySums,
  keysOfType,
  pruneMetricTables,
} from './metric-sums.ts';
import {
  decodeSegments,
  encodeSegments,
  ensureContactTables,
  forgetContactWeeks,
  noteContactWeeks,
  pruneContactWeeks,
  readContactCells,
  rebuildContactWeeks,
} from './contact-weeks.ts';
import { type SegmentTotals, addSegmentConverted, addSegmentExposed, clearSegmentTables, ensureSegmentTables, pruneSegmentTables, segmentTotals } from './segment-sums.ts';
import type { ContactCell } from '@slotwise/core/stats';
import { PROGRAMME_CAMPAIGN } from '@slotwise/core';

export const ATTRIBUTION_WINDOW_MS = 30 * 86_400_000;
const DAY_MS = 86_400_000;
/**
 * Raw events are kept 180 days unless the site sets otherwise (never under 120: the schema's floor). Counting needs them for as long as a new event can still change
 * what they count: /__sw/collect accepts events up to 90 days late (its clock check), and such an
 * event is attributed against the visitor's events in the attribution window before it (30 days),
 * so 120 days is the floor; 180 leaves two months of margin (and of events for support and for a
 * rebuild), and stays far below what an unbounded store of page-level behaviour would grow to.
 */
export const EVENT_RETENTION_DAYS = 180;
/**
 * Daily aggregates, and the first exposures that say who they count, are kept two years: enough
 * to compare a season with the same one a year before. Older days drop out of the results.
 */
export const AGGREGATE_RETENTION_DAYS = 730;
/** How often the alarm prunes, and how many events (and first exposures) one run deletes at most: a minute later the next goes on. */
export const PRUNE_INTERVAL_MS = DAY_MS;
export const PRUNE_BATCH = 20_000;
const PRUNE_AGAIN_MS = 60_000;
/** Bumped when the aggregation rules change: the aggregates are then rebuilt from the stored events. */
const AGGREGATES_VERSION = 3;
/**
 * Campaigns one visitor can be counted in. Far above what a real visitor sees; it bounds the
 * per-visitor rows and the work each of their conversions costs when a client makes up campaigns.
 */
export const MAX_CAMPAIGNS_PER_VISITOR = 200;

/** A visitor's first exposure to a campaign, with the segments it was stored with (segment-sums.ts). */
type FirstExposure = { campaign: string; arm: string; ts: number; event: string; segments: string | null };
const FIRST_COLUMNS = 'campaign, arm, ts, event, segments';
type GoalEvent = { id: string; ts: number; props: string | null };
type Cell = { converted: number; conversions: number; value: number; valueSq: number };
/** A visitor's contribution to one campaign goal: day → cell, all for the arm of their first exposure. */
type Contribution = Map<number, Cell>;

const dayOf = (ts: number) => Math.floor(ts / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** Sums kept by adding and subtracting differences pick up float dust; money needs no more than this. */
const money = (x: number) => Math.round(x * 1e6) / 1e6;

/** The `value` prop (a purchase's amount, or any event's), when it is a finite number. */
function eventValue(props: string | null): number {
  if (props === null) return 0;
  const value = (JSON.parse(props) as Record<string, unknown>).value;
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

/** Goal events in (ts, id) order → per-day cells. The first counts the visitor as converted. */
function contribution(events: readonly GoalEvent[]): Contribution {
  const cells: Contribution = new Map();
  let total = 0;
  events.forEach((e, i) => {
    const day = dayOf(e.ts);
    const cell = cells.get(day) ?? { converted: 0, conversions: 0, value: 0, valueSq: 0 };
    const value = eventValue(e.props);
    cell.converted += i === 0 ? 1 : 0;
    cell.conversions += 1;
    cell.value += value;
    // Telescopes to (visitor's total)² over all days.
    cell.valueSq += (total + value) ** 2 - total ** 2;
    total += value;
    cells.set(day, cell);
  });
  return cells;
}

/**
 * Where an event came from, part of its dedupe key: "" for the site (the SDK's `/__sw/collect`
 * and the edge's own events), `channel:<name>` for a channel's report (`/__sw/decide/exposures`).
 */
export type EventSource = '' | `channel:${string}`;

const EVENTS_TABLE = `CREATE TABLE events (
  id TEXT NOT NULL, visitor TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', type TEXT NOT NULL, ts INTEGER NOT NULL,
  props TEXT, received INTEGER NOT NULL, exported INTEGER NOT NULL DEFAULT 0, segments TEXT, contact INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (visitor, source, id))`;
/**
 * Events stored before exposures were marked as messages (contact-weeks.ts): every campaign's
 * counts, the default purpose being promotional, but for the global holdout's own record.
 */
const MARK_OLD_CONTACTS = `UPDATE events SET contact = 1 WHERE type = 'exposure' AND json_valid(props) AND json_extract(props, '$.campaign') != '${PROGRAMME_CAMPAIGN}'`;

/**
 * One visitor's events as the pipeline hands them to a store (pipeline/ingest.ts), with the
 * lifecycle segments the visitor was in when they sent them, where known (the per-segment counts).
 */
export type StoredBatch = { visitor: string; events: SwEvent[]; source?: EventSource; segments?: readonly string[] };
/**
 * The site's settings the store applies (docs/measurement.md): raw-event retention and export,
 * and the campaigns whose exposures are promotional messages (the live config's; contact-weeks.ts).
 */
export type StoreSettings = { retentionDays?: number; export?: boolean; promotional?: readonly string[] };
/** One exported file's worth of raw events, as written to R2 (pipeline/export.ts). */
export type ExportRow = { id: string; visitor: string; source: string; type: string; ts: number; props: string | null; received: number };

/** A table's column names (none when the table does not exist): what a store made by an older version lacks. */
function columnsOf(sql: SqlStorage, table: 'events' | 'exposures'): string[] {
  return sql
    .exec<{ name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .toArray()
    .map((c) => c.name);
}

/**
 * Creates the events table, or moves one of the first schema to this one. An event id is unique
 * within its visitor and source, not across the site: an id one client guesses can no longer
 * suppress another visitor's event, nor a channel's report (issue 16, item 8). The first schema
 * keyed events by id alone; its rows are copied as they are (each was stored, and counted, once:
 * the aggregates stay as they are), a channel's exposure under its channel, so a resend of a
 * report made before the move is still a duplicate. One transaction: a failure leaves the old table.
 */
export function ensureEventsTable(sql: SqlStorage): void {
  const columns = columnsOf(sql, 'events');
  if (columns.length === 0) {
    sql.exec(EVENTS_TABLE);
  } else if (!columns.includes('source')) {
    sql.exec('DROP INDEX IF EXISTS events_type_ts');
    sql.exec('DROP INDEX IF EXISTS events_visitor_type_ts');
    sql.exec('ALTER TABLE events RENAME TO events_v1');
    sql.exec(EVENTS_TABLE);
    sql.exec(`INSERT INTO events (id, visitor, source, type, ts, props, received)
      SELECT id, visitor,
        CASE WHEN type = 'exposure' AND json_valid(props) AND json_type(props, '$.channel') = 'text'
          THEN 'channel:' || json_extract(props, '$.channel') ELSE '' END,
        type, ts, props, received FROM events_v1`);
    sql.exec('DROP TABLE events_v1');
    sql.exec(MARK_OLD_CONTACTS);
  } else {
    // Stores made before export existed: every event they hold is still to be exported.
    if (!columns.includes('exported')) sql.exec('ALTER TABLE events ADD COLUMN exported INTEGER NOT NULL DEFAULT 0');
    // Stores made before the per-segment chart: segments unknown, exposures marked as messages.
    if (!columns.includes('contact')) {
      sql.exec('ALTER TABLE events ADD COLUMN segments TEXT');
      sql.exec('ALTER TABLE events ADD COLUMN contact INTEGER NOT NULL DEFAULT 0');
      sql.exec(MARK_OLD_CONTACTS);
    }
  }
  sql.exec('CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts)');
  // What the next export picks up: a partial index stays as small as the backlog.
  sql.exec('CREATE INDEX IF NOT EXISTS events_unexported ON events (exported) WHERE exported = 0');
  // A visitor's goal events in a window: what every attribution reads.
  sql.exec('CREATE INDEX IF NOT EXISTS events_visitor_type_ts ON events (visitor, type, ts)');
}

export class EventStore extends DurableObject {
  /** Whether this instance has made sure the retention alarm is scheduled. */
  private alarmChecked = false;

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    ctx.storage.transactionSync(() => ensureEventsTable(sql));
    // What the site has, for the editor's pickers: categories seen in its pages.
    sql.exec('CREATE TABLE IF NOT EXISTS categories (name TEXT PRIMARY KEY, last_seen INTEGER NOT NULL)');
    // One row per visitor per campaign: their first exposure. This is the only per-visitor table
    // the aggregates add; it grows with visitors × campaigns they saw, like the events themselves.
    sql.exec(`CREATE TABLE IF NOT EXISTS exposures (
      campaign TEXT NOT NULL, visitor TEXT NOT NULL, arm TEXT NOT NULL, ts INTEGER NOT NULL, event TEXT NOT NULL, segments TEXT,
      PRIMARY KEY (campaign, visitor)) WITHOUT ROWID`);
    sql.exec('CREATE INDEX IF NOT EXISTS exposures_visitor_ts ON exposures (visitor, ts)');
    // The segments a first exposure was stored with (segment-sums.ts); stores made before have none.
    if (!columnsOf(sql, 'exposures').includes('segments')) sql.exec('ALTER TABLE exposures ADD COLUMN segments TEXT');
    sql.exec(`CREATE TABLE IF NOT EXISTS exposed_daily (
      campaign TEXT NOT NULL, arm TEXT NOT NULL, day INTEGER NOT NULL, visitors INTEGER NOT NULL,
      PRIMARY KEY (campaign, arm, day)) WITHOUT ROWID`);
    sql.exec(`CREATE TABLE IF NOT EXISTS goal_daily (
      campaign TEXT NOT NULL, goal TEXT NOT NULL, arm TEXT NOT NULL, day INTEGER NOT NULL,
      converted INTEGER NOT NULL, conversions INTEGER NOT NULL, value REAL NOT NULL, value_sq REAL NOT NULL,
      PRIMARY KEY (campaign, goal, arm, day)) WITHOUT ROWID`);
    sql.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)');
    ensureSlotHealthTable(sql);
    // Per-metric sums for the statistics (metric-sums.ts); version 2 of the aggregates counts them from the stored events.
    ensureMetricTables(sql);
    ensureContactTables(sql);
    ensureSegmentTables(sql);
    const version = sql.exec<{ value: number }>("SELECT value FROM meta WHERE key = 'aggregates'").toArray()[0]?.value;
    // Events stored before aggregation existed (or under older rules) are counted once, here.
    if (version !== AGGREGATES_VERSION) void ctx.blockConcurrencyWhile(async () => this.rebuildAggregates());
  }

  async noteCategory(name: string): Promise<void> {
    this.ctx.storage.sql.exec('INSERT INTO categories (name, last_seen) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen', name, Date.now());
  }

  /** Adds the edge's selector-health counts (slot-health.ts), dropping days no longer kept. */
  async noteSlotHealth(rows: SlotHealthRow[]): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      addSlotHealth(sql, rows);
      pruneSlotHealth(sql, healthDay(Date.now() - HEALTH_DAYS_KEPT * DAY_MS));
    });
  }

  /** Selector health per element slot and day, the last HEALTH_DAYS_KEPT days. */
  async slotHealth(): Promise<SlotHealth> {
    return readSlotHealth(this.ctx.storage.sql, healthDay(Date.now() - HEALTH_DAYS_KEPT * DAY_MS));
  }

  /** Categories seen in pages and event types delivered, most recent first, bounded. */
  async catalog(): Promise<{ categories: string[]; events: string[] }> {
    const sql = this.ctx.storage.sql;
    const categories = sql
      .exec('SELECT name FROM categories ORDER BY last_seen DESC LIMIT 200')
      .toArray()
      .map((r) => String(r.name));
    // Page-goal visits (`page:/path`, recorded by the edge) are not events a marketer picks.
    const events = sql
      .exec("SELECT type, MAX(ts) AS last FROM events WHERE type NOT LIKE 'page:%' GROUP BY type ORDER BY last DESC LIMIT 200")
      .toArray()
      .map((r) => String(r.type));
    return { categories, events };
  }

  /**
   * Stores the events not seen before (`INSERT OR IGNORE`: an id this visitor already sent from
   * this source is a no-op, and changes no aggregate) and returns how many were new. One transaction: if anything fails, nothing of
   * the batch is stored or counted, and the SDK's retry starts clean.
   */
  async append(visitor: string, events: SwEvent[], source: EventSource = ''): Promise<{ inserted: number }> {
    const [inserted = 0] = await this.appendMany([{ visitor, events, source }]);
    return { inserted };
  }

  /**
   * Several visitors' batches (a queue batch routed to this shard) in one transaction, and the
   * site's settings they came with; returns how many events of each were new. All or nothing: a
   * failure stores and counts none of them, and the queue's retry starts clean.
   */
  async appendMany(batches: readonly StoredBatch[], settings: StoreSettings = {}): Promise<number[]> {
    const received = Date.now();
    if (!this.alarmChecked) {
      // The first append of each instance (re)schedules retention: an alarm survives restarts.
      this.alarmChecked = true;
      if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(received + PRUNE_INTERVAL_MS);
    }
    return this.ctx.storage.transactionSync(() => {
      this.keepSettings(settings);
      const promotional = new Set(settings.promotional ?? []);
      return batches.map((b) => this.insert(b, promotional, received));
    });
  }

  /** The settings the last append came with, kept for the retention alarm (meta: 0/1 and days). */
  private keepSettings(settings: StoreSettings): void {
    const sql = this.ctx.storage.sql;
    const set = (key: string, value: number) => sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
    if (settings.retentionDays !== undefined) set('retention_days', settings.retentionDays);
    if (settings.export !== undefined) set('export', settings.export ? 1 : 0);
  }

  private meta(key: string): number | undefined {
    const row = this.ctx.storage.sql.exec<{ value: number }>('SELECT value FROM meta WHERE key = ?', key).toArray()[0];
    return row === undefined ? undefined : Number(row.value);
  }

  /**
   * Inside the caller's transaction: one visitor's events, each stored and counted once. An
   * exposure of a `promotional` campaign is marked as a message (contact-weeks.ts).
   */
  private insert(batch: StoredBatch, promotional: ReadonlySet<string>, received: number): number {
    const { visitor, events } = batch;
    const sql = this.ctx.storage.sql;
    const segments = encodeSegments(batch.segments);
    const times: number[] = [];
    for (const e of events) {
      const props = e.props ? JSON.stringify(e.props) : null;
      const contact = e.type === 'exposure' && typeof e.props?.campaign === 'string' && promotional.has(e.props.campaign) ? 1 : 0;
      const isNew =
        sql
          .exec(
            'INSERT OR IGNORE INTO events (id, visitor, source, type, ts, props, received, segments, contact) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
            e.id,
            visitor,
            batch.source ?? '',
            e.type,
            e.ts,
            props,
            received,
            segments,
            contact,
          )
          .toArray().length > 0;
      if (!isNew) continue;
      times.push(e.ts);
      if (e.type === 'exposure') this.countExposure(visitor, e, segments);
      else this.countConversion(visitor, e);
    }
    if (times.length) noteContactWeeks(sql, visitor, times, batch.segments ?? []);
    return times.length;
  }

  /** A visitor's first exposure to a campaign counts them in; an earlier one arriving late takes its place. */
  private countExposure(visitor: string, e: SwEvent, segments: string | null): void {
    const campaign = e.props?.campaign;
    const arm = e.props?.variant;
    if (typeof campaign !== 'string' || typeof arm !== 'string' || !isId(campaign) || !isId(arm)) return;
    const sql = this.ctx.storage.sql;
    const old = sql.exec<FirstExposure>(`SELECT ${FIRST_COLUMNS} FROM exposures WHERE campaign = ? AND visitor = ?`, campaign, visitor).toArray()[0];
    if (old && (old.ts < e.ts || (old.ts === e.ts && old.event <= e.id))) return;
    if (!old && Number(sql.exec('SELECT COUNT(*) AS n FROM exposures WHERE visitor = ?', visitor).one().n) >= MAX_CAMPAIGNS_PER_VISITOR) return;
    const first: FirstExposure = { campaign, arm, ts: e.ts, event: e.id, segments };
    const goals = this.goalsNear(visitor, Math.min(e.ts, old?.ts ?? e.ts), Math.max(e.ts, old?.ts ?? e.ts) + ATTRIBUTION_WINDOW_MS);
    if (old) {
      this.addExposed(old, -1);
      for (const goal of goals) this.addCells(old, goal, this.contributionOf(visitor, old, goal), -1);
      this.countMetrics(visitor, old, this.metricExposure(visitor, old), goals, -1);
    }
    sql.exec('INSERT OR REPLACE INTO exposures (campaign, visitor, arm, ts, event, segments) VALUES (?, ?, ?, ?, ?, ?)', campaign, visitor, arm, e.ts, e.id, segments);
    this.addExposed(first, 1);
    for (const goal of goals) this.addCells(first, goal, this.contributionOf(visitor, first, goal), 1);
    this.countMetrics(visitor, first, { campaign, arm, ts: e.ts, covariates: covariatesOf(e.props) }, goals, 1);
  }

  /** The first exposure with the covariates its event carried, for the per-metric sums. */
  private metricExposure(visitor: string, first: FirstExposure): MetricExposure {
    const row = this.ctx.storage.sql
      .exec<{ props: string | null }>("SELECT props FROM events WHERE visitor = ? AND id = ? AND type = 'exposure' LIMIT 1", visitor, first.event)
      .toArray()[0];
    return { campaign: first.campaign, arm: first.arm, ts: first.ts, covariates: covariatesOf(row?.props) };
  }

  /** Counts (1) or takes back (−1) a visitor's whole contribution to the per-metric sums of a first exposure. */
  private countMetrics(visitor: string, first: FirstExposure, exposure: MetricExposure, types: readonly string[], sign: 1 | -1): void {
    const sql = this.ctx.storage.sql;
    addCovariates(sql, exposure, sign);
    for (const type of types) {
      const events = this.goalEvents(visitor, first, type);
      for (const key of keysOfType(type)) addMetricDifference(sql, exposure, key, [], events, sign);
    }
  }

  /** Re-derives the visitor's contribution to each campaign whose window holds this event, and applies the difference. */
  private countConversion(visitor: string, e: SwEvent): void {
    const exposures = this.ctx.storage.sql
      .exec<FirstExposure>(`SELECT ${FIRST_COLUMNS} FROM exposures WHERE visitor = ? AND ts <= ? AND ts >= ?`, visitor, e.ts, e.ts - ATTRIBUTION_WINDOW_MS)
      .toArray();
    for (const first of exposures) {
      const events = this.goalEvents(visitor, first, e.type);
      const without = events.filter((g) => g.id !== e.id);
      this.applyDifference(first, e.type, contribution(without), contribution(events));
      const exposure = this.metricExposure(visitor, first);
      for (const key of keysOfType(e.type)) addMetricDifference(this.ctx.storage.sql, exposure, key, without, events);
    }
  }

  /** The visitor's events of one type inside the campaign's attribution window, in (ts, id) order. */
  private goalEvents(visitor: string, first: FirstExposure, goal: string): GoalEvent[] {
    return this.ctx.storage.sql
      .exec<GoalEvent>(
        'SELECT id, ts, props FROM events WHERE visitor = ? AND type = ? AND ts >= ? AND ts <= ? ORDER BY ts, id',
        visitor,
        goal,
        first.ts,
        first.ts + ATTRIBUTION_WINDOW_MS,
      )
      .toArray();
  }

  private contributionOf(visitor: string, first: FirstExposure, goal: string): Contribution {
    return contribution(this.goalEvents(visitor, first, goal));
  }

  /** Event types (other than exposures) the visitor sent between two times: the goals an exposure can be credited with. */
  private goalsNear(visitor: string, from: number, to: number): string[] {
    return this.ctx.storage.sql
      .exec<{ type: string }>("SELECT DISTINCT type FROM events WHERE visitor = ? AND ts >= ? AND ts <= ? AND type != 'exposure'", visitor, from, to)
      .toArray()
      .map((r) => r.type);
  }

  private addExposed(first: FirstExposure, sign: 1 | -1): void {
    this.ctx.storage.sql.exec(
      `INSERT INTO exposed_daily (campaign, arm, day, visitors) VALUES (?, ?, ?, ?)
       ON CONFLICT (campaign, arm, day) DO UPDATE SET visitors = visitors + excluded.visitors`,
      first.campaign,
      first.arm,
      dayOf(first.ts),
      sign,
    );
    addSegmentExposed(this.ctx.storage.sql, first, sign);
  }

  private applyDifference(first: FirstExposure, goal: string, before: Contribution, after: Contribution): void {
    const days = new Set([...before.keys(), ...after.keys()]);
    const zero: Cell = { converted: 0, conversions: 0, value: 0, valueSq: 0 };
    const delta: Contribution = new Map();
    for (const day of days) {
      const a = after.get(day) ?? zero;
      const b = before.get(day) ?? zero;
      const d = { converted: a.converted - b.converted, conversions: a.conversions - b.conversions, value: a.value - b.value, valueSq: a.valueSq - b.valueSq };
      if (d.converted || d.conversions || d.value || d.valueSq) delta.set(day, d);
    }
    this.addCells(first, goal, delta, 1);
  }

  private addCells(first: FirstExposure, goal: string, cells: Contribution, sign: 1 | -1): void {
    let converted = 0;
    for (const [day, c] of cells) {
      converted += c.converted;
      this.ctx.storage.sql.exec(
        `INSERT INTO goal_daily (campaign, goal, arm, day, converted, conversions, value, value_sq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (campaign, goal, arm, day) DO UPDATE SET converted = converted + excluded.converted,
           conversions = conversions + excluded.conversions, value = value + excluded.value, value_sq = value_sq + excluded.value_sq`,
        first.campaign,
        goal,
        first.arm,
        day,
        sign * c.converted,
        sign * c.conversions,
        sign * c.value,
        sign * c.valueSq,
      );
    }
    addSegmentConverted(this.ctx.storage.sql, first, goal, sign * converted);
  }

  /** The retention alarm: prunes, then runs again in a day (in a minute while a run left rows to delete). */
  override async alarm(): Promise<void> {
    const more = this.prune(Date.now());
    await this.ctx.storage.setAlarm(Date.now() + (more ? PRUNE_AGAIN_MS : PRUNE_INTERVAL_MS));
  }

  /**
   * Deletes raw events older than EVENT_RETENTION_DAYS, and aggregate rows and first exposures
   * of UTC days older than AGGREGATE_RETENTION_DAYS, in one transaction. At most PRUNE_BATCH
   * events and PRUNE_BATCH first exposures go per run, so one run never blocks the object for
   * long; returns whether some were left for the next. (An aggregate row goes no later than the
   * first exposures it counts: a visitor is never counted again while their first day is kept.)
   */
  private prune(now: number): boolean {
    const sql = this.ctx.storage.sql;
    const deleted = (query: string, ...args: (string | number)[]) => {
      sql.exec(query, ...args);
      return Number(sql.exec('SELECT changes() AS n').one().n);
    };
    const eventsBefore = now - (this.meta('retention_days') ?? EVENT_RETENTION_DAYS) * DAY_MS;
    // A site that exports keeps every raw event until it is in R2: the files are the long-term copy.
    const exportedOnly = this.meta('export') === 1 ? ' AND exported = 1' : '';
    const dayBefore = dayOf(now) - AGGREGATE_RETENTION_DAYS;
    return this.ctx.storage.transactionSync(() => {
      // Per type, so the (type, ts) index finds them: no index on ts alone to maintain on every append.
      let events = 0;
      for (const { type } of sql.exec<{ type: string }>('SELECT DISTINCT type FROM events').toArray()) {
        if (events >= PRUNE_BATCH) break;
        events += deleted(
          `DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE type = ? AND ts < ?${exportedOnly} LIMIT ?)`,
          type,
          eventsBefore,
          PRUNE_BATCH - events,
        );
      }
      const exposures = deleted(
        'DELETE FROM exposures WHERE (campaign, visitor) IN (SELECT campaign, visitor FROM exposures WHERE ts < ? LIMIT ?)',
        dayBefore * DAY_MS,
        PRUNE_BATCH,
      );
      // A few rows per campaign × arm × day: no batch needed.
      sql.exec('DELETE FROM exposed_daily WHERE day < ?', dayBefore);
      sql.exec('DELETE FROM goal_daily WHERE day < ?', dayBefore);
      pruneMetricTables(sql, dayBefore);
      pruneSegmentTables(sql, dayBefore);
      const weeks = pruneContactWeeks(sql, utcWeek(dayBefore * DAY_MS), PRUNE_BATCH);
      return events >= PRUNE_BATCH || exposures >= PRUNE_BATCH || weeks >= PRUNE_BATCH;
    });
  }

  /**
   * Recomputes every aggregate from the stored events, by the same rules as `append`. Runs
   * once when the rules change (AGGREGATES_VERSION); also a support tool, and the tests use it
   * to prove that incremental counting and a full recount agree. It sees only the retained
   * events (EVENT_RETENTION_DAYS): a rebuild replaces the aggregates with a recount of those,
   * so days older than that leave the results, and a visitor whose first exposure was pruned
   * counts from their first retained one.
   */
  async rebuildAggregates(): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      // The columns the rules read (segments, contact) exist whatever schema the events were stored under.
      ensureEventsTable(sql);
      sql.exec('DELETE FROM exposures');
      sql.exec('DELETE FROM exposed_daily');
      sql.exec('DELETE FROM goal_daily');
      clearMetricTables(sql);
      clearSegmentTables(sql);
      const exposures = sql
        .exec<{ id: string; visitor: string; ts: number; props: string | null; segments: string | null }>(
          "SELECT id, visitor, ts, props, segments FROM events WHERE type = 'exposure' ORDER BY ts, id",
        )
        .toArray();
      for (const e of exposures) {
        const props = e.props === null ? {} : (JSON.parse(e.props) as Record<string, unknown>);
        const campaign = props.campaign;
        const arm = props.variant;
        if (typeof campaign !== 'string' || typeof arm !== 'string' || !isId(campaign) || !isId(arm)) continue;
        // The cap as in countExposure (which campaigns make it past the cap can then depend on arrival order).
        const pair = sql.exec('SELECT 1 FROM exposures WHERE campaign = ? AND visitor = ?', campaign, e.visitor).toArray().length > 0;
        if (!pair && Number(sql.exec('SELECT COUNT(*) AS n FROM exposures WHERE visitor = ?', e.visitor).one().n) >= MAX_CAMPAIGNS_PER_VISITOR) continue;
        // In (ts, id) order, the first row a pair gets is its first exposure.
        const added = sql
          .exec(
            'INSERT OR IGNORE INTO exposures (campaign, visitor, arm, ts, event, segments) VALUES (?, ?, ?, ?, ?, ?) RETURNING campaign',
            campaign,
            e.visitor,
            arm,
            e.ts,
            e.id,
            e.segments,
          )
          .toArray().length;
        if (!added) continue;
        const first: FirstExposure = { campaign, arm, ts: e.ts, event: e.id, segments: e.segments };
        this.addExposed(first, 1);
        const goals = this.goalsNear(e.visitor, e.ts, e.ts + ATTRIBUTION_WINDOW_MS);
        for (const goal of goals) this.addCells(first, goal, this.contributionOf(e.visitor, first, goal), 1);
        this.countMetrics(e.visitor, first, { campaign, arm, ts: e.ts, covariates: covariatesOf(props) }, goals, 1);
      }
      rebuildContactWeeks(sql);
      sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('aggregates', ?)", AGGREGATES_VERSION);
    });
  }

  /** Per-arm totals of each campaign for a goal (an event type), in query order: one call for the results list. */
  async totals(queries: readonly { campaign: string; goal: string }[]): Promise<ArmTotals[][]> {
    return queries.map(({ campaign, goal }) => this.armTotals(campaign, goal));
  }

  private armTotals(campaign: string, goal: string): ArmTotals[] {
    const sql = this.ctx.storage.sql;
    const arms = new Map<string, ArmTotals>();
    const arm = (id: string) => {
      let t = arms.get(id);
      if (!t) arms.set(id, (t = { arm: id, exposed: 0, converted: 0, conversions: 0, valueSum: 0, valueSumSq: 0 }));
      return t;
    };
    for (const r of sql.exec<{ arm: string; visitors: number }>('SELECT arm, SUM(visitors) AS visitors FROM exposed_daily WHERE campaign = ? GROUP BY arm', campaign)) {
      arm(r.arm).exposed = r.visitors;
    }
    for (const r of sql.exec<{ arm: string; converted: number; conversions: number; value: number; value_sq: number }>(
      'SELECT arm, SUM(converted) AS converted, SUM(conversions) AS conversions, SUM(value) AS value, SUM(value_sq) AS value_sq FROM goal_daily WHERE campaign = ? AND goal = ? GROUP BY arm',
      campaign,
      goal,
    )) {
      Object.assign(arm(r.arm), { converted: r.converted, conversions: r.conversions, valueSum: money(r.value), valueSumSq: r.value_sq });
    }
    return [...arms.values()].filter((t) => t.exposed || t.converted || t.conversions);
  }

  /**
   * Per-metric sums (metric-sums.ts) of each campaign for a metric key, per arm, in query order:
   * what core's analyzeMetrics reads. Plain sums: several stores' answers add field by field.
   */
  async metricTotals(queries: readonly { campaign: string; key: string }[]): Promise<ArmKeySums[][]> {
    return queries.map(({ campaign, key }) => keySums(this.ctx.storage.sql, campaign, key));
  }

  /** One campaign's rows per UTC day and arm, oldest first; a day appears for an arm when anything was counted. */
  async daily(campaign: string, goal: string): Promise<DailyRow[]> {
    const sql = this.ctx.storage.sql;
    const rows = new Map<string, DailyRow & { n: number }>();
    const row = (day: number, arm: string) => {
      const key = `${day}\u0000${arm}`;
      let r = rows.get(key);
      if (!r) rows.set(key, (r = { day: isoDay(day), arm, exposed: 0, converted: 0, conversions: 0, value: 0, n: day }));
      return r;
    };
    for (const r of sql.exec<{ day: number; arm: string; visitors: number }>('SELECT day, arm, visitors FROM exposed_daily WHERE campaign = ?', campaign)) {
      row(r.day, r.arm).exposed = r.visitors;
    }
    for (const r of sql.exec<{ day: number; arm: string; converted: number; conversions: number; value: number }>(
      'SELECT day, arm, converted, conversions, value FROM goal_daily WHERE campaign = ? AND goal = ?',
      campaign,
      goal,
    )) {
      Object.assign(row(r.day, r.arm), { converted: r.converted, conversions: r.conversions, value: money(r.value) });
    }
    return [...rows.values()]
      .filter((r) => r.exposed || r.converted || r.conversions)
      .sort((a, b) => a.n - b.n || (a.arm < b.arm ? -1 : a.arm > b.arm ? 1 : 0))
      .map(({ n: _, ...r }) => r);
  }

  /** Every campaign with a counted exposure, whatever config it ran in: results outlive the live config. */
  async campaignsSeen(): Promise<string[]> {
    return this.ctx.storage.sql
      .exec<{ campaign: string }>('SELECT DISTINCT campaign FROM exposed_daily WHERE visitors > 0 ORDER BY campaign')
      .toArray()
      .map((r) => r.campaign);
  }

  /** Counts a batch /__sw/collect dropped because a crawler sent it (never stored). */
  async noteBots(events: number): Promise<void> {
    const sql = this.ctx.storage.sql;
    const add = (key: string, n: number) => sql.exec('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = value + excluded.value', key, n);
    add('bot_batches', 1);
    add('bot_events', Math.max(0, Math.floor(events)));
  }

  /** What was filtered as bot traffic since the store began: batches and the events in them. */
  async botCounts(): Promise<{ batches: number; events: number }> {
    const rows = this.ctx.storage.sql.exec<{ key: string; value: number }>("SELECT key, value FROM meta WHERE key IN ('bot_batches', 'bot_events')").toArray();
    const get = (k: string) => Number(rows.find((r) => r.key === k)?.value ?? 0);
    return { batches: get('bot_batches'), events: get('bot_events') };
  }

  /**
   * The most shards the site's events were ever spread over, kept in shard 0: results read that
   * many, so a shard that still holds visitors after N went down is still counted (shards.ts).
   */
  async shardsSeen(): Promise<number> {
    return this.meta('shards_seen') ?? 1;
  }

  /** Raises shardsSeen to `count` (a writer saw it in the config), or sets it after a rebalance emptied the shards above it. */
  async noteShards(count: number, lower = false): Promise<number> {
    const now = this.meta('shards_seen') ?? 1;
    const next = lower ? count : Math.max(now, count);
    this.ctx.storage.sql.exec("INSERT INTO meta (key, value) VALUES ('shards_seen', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", next);
    return next;
  }

  /** Up to `limit` raw events not yet exported, oldest row first (pipeline/export.ts writes them, then marks them). */
  async unexported(limit: number): Promise<{ rows: ExportRow[]; last: number }> {
    const rows = this.ctx.storage.sql
      .exec<ExportRow & { seq: number }>(
        'SELECT rowid AS seq, id, visitor, source, type, ts, props, received FROM events WHERE exported = 0 ORDER BY rowid LIMIT ?',
        Math.max(1, Math.floor(limit)),
      )
      .toArray();
    return { rows: rows.map(({ seq: _, ...r }) => r), last: rows.at(-1)?.seq ?? 0 };
  }

  /** Marks the rows `unexported` returned as written: up to and including rowid `last`. */
  async markExported(last: number): Promise<number> {
    this.ctx.storage.sql.exec('UPDATE events SET exported = 1 WHERE exported = 0 AND rowid <= ?', last);
    return Number(this.ctx.storage.sql.exec('SELECT changes() AS n').one().n);
  }

  /** Visitors stored here that `home` says belong elsewhere (a rebalance after N changed), at most `limit`. */
  async visitorsNotHome(self: number, count: number, limit: number): Promise<string[]> {
    const out: string[] = [];
    for (const { visitor } of this.ctx.storage.sql.exec<{ visitor: string }>('SELECT DISTINCT visitor FROM events ORDER BY visitor')) {
      if (shardOf(visitor, count) !== self) out.push(visitor);
      if (out.length >= limit) break;
    }
    return out;
  }

  /** Every stored event of a visitor, by source and the segments they were stored with, for moving them to another shard. */
  async visitorBatches(visitor: string): Promise<StoredBatch[]> {
    const groups = new Map<string, StoredBatch>();
    for (const r of this.ctx.storage.sql.exec<{ id: string; source: string; type: string; ts: number; props: string | null; segments: string | null }>(
      'SELECT id, source, type, ts, props, segments FROM events WHERE visitor = ? ORDER BY ts, id',
      visitor,
    )) {
      const e: SwEvent = { id: r.id, type: r.type, ts: r.ts, ...(r.props === null ? {} : { props: JSON.parse(r.props) as SwEvent['props'] }) };
      const key = `${r.source}\u0000${r.segments ?? ''}`;
      const group = groups.get(key);
      if (group) group.events.push(e);
      else groups.set(key, { visitor, events: [e], source: r.source as EventSource, ...(r.segments ? { segments: decodeSegments(r.segments) } : {}) });
    }
    return [...groups.values()];
  }

  /**
   * Removes a visitor and everything they counted here, in one transaction: each first exposure's
   * exposed count and goal cells are subtracted exactly as a replaced exposure's are, so the
   * aggregates are what they would be had the visitor never been stored here.
   */
  async forgetVisitor(visitor: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const first of sql.exec<FirstExposure>(`SELECT ${FIRST_COLUMNS} FROM exposures WHERE visitor = ?`, visitor).toArray()) {
        this.addExposed(first, -1);
        for (const goal of this.goalsNear(visitor, first.ts, first.ts + ATTRIBUTION_WINDOW_MS)) this.addCells(first, goal, this.contributionOf(visitor, first, goal), -1);
      }
      sql.exec('DELETE FROM exposures WHERE visitor = ?', visitor);
      forgetContactWeeks(sql, visitor);
      sql.exec('DELETE FROM events WHERE visitor = ?', visitor);
    });
  }

  async count(): Promise<number> {
    return Number(this.ctx.storage.sql.exec('SELECT COUNT(*) AS n FROM events').one().n);
  }

  /** A campaign's clicks on recommended items and what they led to, per arm (recommend/results.ts). */
  async recoCounts(campaign: string): Promise<RecoCounts[]> {
    return this.ctx.storage.sql
      .exec<{ arm: string; type: RecoCounts['type']; visitors: number; events: number; value: number }>(
        `SELECT json_extract(props, '$.variant') AS arm, type, COUNT(DISTINCT visitor) AS visitors, COUNT(*) AS events,
          COALESCE(SUM(json_extract(props, '$.value')), 0) AS value
         FROM events WHERE type IN ('reco_click', 'reco_cart', 'reco_purchase') AND json_extract(props, '$.campaign') = ?
         GROUP BY arm, type`,
        campaign,
      )
      .toArray()
      .map((r) => ({ arm: String(r.arm), type: r.type, visitors: Number(r.visitors), events: Number(r.events), value: Number(r.value) }));
  }

  /** Stored events in all, by type, distinct visitors, and the bytes the store's database takes (operations, the load test, the capacity model). */
  async summary(): Promise<{ events: number; visitors: number; byType: Record<string, number>; bytes: number }> {
    const sql = this.ctx.storage.sql;
    const byType = Object.fromEntries(
      sql
        .exec('SELECT type, COUNT(*) AS n FROM events GROUP BY type ORDER BY type')
        .toArray()
        .map((r) => [String(r.type), Number(r.n)]),
    );
    const visitors = Number(sql.exec('SELECT COUNT(DISTINCT visitor) AS n FROM events').one().n);
    return { events: Object.values(byType).reduce((a, b) => a + b, 0), visitors, byType, bytes: sql.databaseSize };
  }

  /** The budget chart's cells (contact-weeks.ts) of UTC weeks `from` … `to`: counts of visitors, which add across shards. */
  async contactWeeks(from: number, to: number): Promise<ContactCell[]> {
    return readContactCells(this.ctx.storage.sql, from, to);
  }

  /** Exposed and converted visitors per arm and segment of each campaign for a goal (segment-sums.ts), in query order. */
  async segmentTotals(queries: readonly { campaign: string; goal: string }[]): Promise<SegmentTotals[][]> {
    return queries.map(({ campaign, goal }) => segmentTotals(this.ctx.storage.sql, campaign, goal));
  }

  /** The stored events of one visitor, oldest first (tests and support tools). */
  async byVisitor(visitor: string): Promise<{ id: string; type: string }[]> {
    return this.ctx.storage.sql.exec<{ id: string; type: string }>('SELECT id, type FROM events WHERE visitor = ? ORDER BY ts, id', visitor).toArray();
  }
}

const healthDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
