/**
 * The per-metric sums the statistics read (issue 21; core's MetricSums): per campaign × metric
 * key × arm × UTC day of the visitor's first exposure, sums over visitors of their value after
 * exposure and of its products with their pre-exposure covariate (CUPED) — never raw rows. Every
 * column is a plain sum, so the rows of several stores (shards) or days add field by field.
 *
 * A visitor's values for a key are a pure function of their first exposure and their events of
 * that key in its attribution window, so the EventStore applies the difference whenever either
 * changes, as it does for goal_daily. Per visitor and key:
 *   c = 1 when they have any such event, v = the events' total `value` (for a web vital: the
 *   mean of what was measured on their page views), k = how many events (measurements),
 *   x = their covariate from the first exposure's `pre` prop (0 when absent).
 * The exposure-level sums (Σx, Σx² of every covariate the exposure carried) are kept apart, so
 * a visitor without any event of a key still counts in its n and its covariate sums.
 */
import { type Metric, VITALS_EVENT, WEB_VITALS, type WebVital, covariateOf, isWebVital } from '@slotwise/core';
import { parseCovariates, parseVitals } from '@slotwise/core/protocol';
import { type BinSums, type MetricSums, cappedSums, percentileCap, valueBin } from '@slotwise/core/stats';

const DAY_MS = 86_400_000;

/** The first exposure a visitor's metric values hang on: its arm, its day, its covariates. */
export interface MetricExposure {
  campaign: string;
  arm: string;
  ts: number;
  covariates: Record<string, number>;
}

export interface MetricEvent {
  id: string;
  ts: number;
  props: string | null;
}

/** One visitor's values for a key (see the header). */
interface VisitorValues {
  c: number;
  v: number;
  k: number;
}

/** What the store sums per campaign × key × arm (one row of metric_daily, summed over days). */
export interface KeySums {
  converted: number;
  sumV: number;
  sumV2: number;
  sumK: number;
  sumK2: number;
  sumVK: number;
  sumXC: number;
  sumX2C: number;
  sumXV: number;
  sumXK: number;
}

/** Per arm: visitors first exposed, with the sums of one covariate over them. */
export interface ExposedSums {
  n: number;
  sumX: number;
  sumX2: number;
}

const COLUMNS = ['converted', 'sum_v', 'sum_v2', 'sum_k', 'sum_k2', 'sum_vk', 'sum_xc', 'sum_x2c', 'sum_xv', 'sum_xk'] as const;

export function ensureMetricTables(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS metric_daily (
    campaign TEXT NOT NULL, key TEXT NOT NULL, arm TEXT NOT NULL, day INTEGER NOT NULL,
    ${COLUMNS.map((c) => `${c} REAL NOT NULL`).join(', ')},
    PRIMARY KEY (campaign, key, arm, day)) WITHOUT ROWID`);
  sql.exec(`CREATE TABLE IF NOT EXISTS covariate_daily (
    campaign TEXT NOT NULL, arm TEXT NOT NULL, day INTEGER NOT NULL, covariate TEXT NOT NULL, sum_x REAL NOT NULL, sum_x2 REAL NOT NULL,
    PRIMARY KEY (campaign, arm, day, covariate)) WITHOUT ROWID`);
  // Revenue outliers (core's stats-capping.ts): the same visitors' sums again, per log-spaced bin of their value.
  sql.exec(`CREATE TABLE IF NOT EXISTS metric_bins (
    campaign TEXT NOT NULL, key TEXT NOT NULL, arm TEXT NOT NULL, day INTEGER NOT NULL, bin INTEGER NOT NULL,
    n REAL NOT NULL, sum_v REAL NOT NULL, sum_v2 REAL NOT NULL, sum_x REAL NOT NULL, sum_x2 REAL NOT NULL, sum_xv REAL NOT NULL,
    PRIMARY KEY (campaign, key, arm, day, bin)) WITHOUT ROWID`);
}

export function clearMetricTables(sql: SqlStorage): void {
  sql.exec('DELETE FROM metric_daily');
  sql.exec('DELETE FROM covariate_daily');
  sql.exec('DELETE FROM metric_bins');
}

export function pruneMetricTables(sql: SqlStorage, dayBefore: number): void {
  sql.exec('DELETE FROM metric_daily WHERE day < ?', dayBefore);
  sql.exec('DELETE FROM covariate_daily WHERE day < ?', dayBefore);
  sql.exec('DELETE FROM metric_bins WHERE day < ?', dayBefore);
}

/** The covariates of an exposure's props (stored JSON or the event's own); malformed ones count as none. */
export function covariatesOf(props: string | Record<string, unknown> | null | undefined): Record<string, number> {
  const parsed = typeof props === 'string' ? (JSON.parse(props) as Record<string, unknown>) : (props ?? {});
  const pre = parseCovariates(parsed.pre);
  return pre.ok ? pre.covariates : {};
}

/** The metric keys an event type feeds: itself, or for the SDK's `vitals` report one key per web vital. */
export const keysOfType = (type: string): string[] => (type === VITALS_EVENT ? WEB_VITALS.map((w) => `vital:${w}`) : [type]);
/** The event type a key is measured from. */
export const typeOfKey = (key: string): string => (key.startsWith('vital:') ? VITALS_EVENT : key);

function valuesOf(key: string, events: readonly MetricEvent[]): VisitorValues {
  const props = (e: MetricEvent) => (e.props === null ? {} : (JSON.parse(e.props) as Record<string, unknown>));
  if (key.startsWith('vital:')) {
    const vital = key.slice('vital:'.length) as WebVital;
    const measured = events.flatMap((e) => {
      const parsed = parseVitals(props(e) as Parameters<typeof parseVitals>[0]);
      const value = parsed.ok ? parsed.vitals[vital] : undefined;
      return value === undefined ? [] : [value];
    });
    const k = measured.length;
    return { c: k > 0 ? 1 : 0, v: k > 0 ? measured.reduce((a, b) => a + b, 0) / k : 0, k };
  }
  let v = 0;
  for (const e of events) {
    const value = props(e).value;
    if (typeof value === 'number' && Number.isFinite(value)) v += value;
  }
  return { c: events.length > 0 ? 1 : 0, v, k: events.length };
}

function rowOf(values: VisitorValues, x: number): number[] {
  const { c, v, k } = values;
  return [c, v, v * v, k, k * k, v * k, x * c, x * x * c, x * v, x * k];
}

/**
 * Applies the change in one visitor's values for `key` from `before` to `after` (their events of
 * that key, in the window of `first`), scaled by `sign` (−1 to take a whole contribution back).
 */
export function addMetricDifference(sql: SqlStorage, first: MetricExposure, key: string, before: readonly MetricEvent[], after: readonly MetricEvent[], sign: 1 | -1 = 1): void {
  const x = first.covariates[covariateOf(key)] ?? 0;
  const valuesAfter = valuesOf(key, after);
  const valuesBefore = valuesOf(key, before);
  const a = rowOf(valuesAfter, x);
  const b = rowOf(valuesBefore, x);
  const delta = a.map((value, i) => sign * (value - (b[i] ?? 0)));
  if (delta.every((d) => d === 0)) return;
  if (!key.startsWith('vital:')) {
    addBin(sql, first, key, valuesBefore.v, x, -sign);
    addBin(sql, first, key, valuesAfter.v, x, sign);
  }
  sql.exec(
    `INSERT INTO metric_daily (campaign, key, arm, day, ${COLUMNS.join(', ')}) VALUES (?, ?, ?, ?, ${COLUMNS.map(() => '?').join(', ')})
     ON CONFLICT (campaign, key, arm, day) DO UPDATE SET ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`,
    first.campaign,
    key,
    first.arm,
    Math.floor(first.ts / DAY_MS),
    ...delta,
  );
}

/** Adds (or takes back) one visitor's value to the bin it falls in; 0 and negative values are in none. */
function addBin(sql: SqlStorage, first: MetricExposure, key: string, v: number, x: number, sign: number): void {
  const bin = valueBin(v);
  if (bin === null) return;
  sql.exec(
    `INSERT INTO metric_bins (campaign, key, arm, day, bin, n, sum_v, sum_v2, sum_x, sum_x2, sum_xv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (campaign, key, arm, day, bin) DO UPDATE SET n = n + excluded.n, sum_v = sum_v + excluded.sum_v, sum_v2 = sum_v2 + excluded.sum_v2,
       sum_x = sum_x + excluded.sum_x, sum_x2 = sum_x2 + excluded.sum_x2, sum_xv = sum_xv + excluded.sum_xv`,
    first.campaign,
    key,
    first.arm,
    Math.floor(first.ts / DAY_MS),
    bin,
    sign,
    sign * v,
    sign * v * v,
    sign * x,
    sign * x * x,
    sign * x * v,
  );
}

/** Counts (sign 1) or takes back (−1) a first exposure's covariates. */
export function addCovariates(sql: SqlStorage, first: MetricExposure, sign: 1 | -1): void {
  for (const [covariate, x] of Object.entries(first.covariates)) {
    if (x === 0) continue;
    sql.exec(
      `INSERT INTO covariate_daily (campaign, arm, day, covariate, sum_x, sum_x2) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (campaign, arm, day, covariate) DO UPDATE SET sum_x = sum_x + excluded.sum_x, sum_x2 = sum_x2 + excluded.sum_x2`,
      first.campaign,
      first.arm,
      Math.floor(first.ts / DAY_MS),
      covariate,
      sign * x,
      sign * x * x,
    );
  }
}

/** Per arm: a key's sums, and the exposed visitors with the sums of its covariate. */
export interface ArmKeySums {
  arm: string;
  exposed: ExposedSums;
  sums: KeySums;
  /** The visitors with a positive value, by bin of it (revenue outliers; none for a web vital). */
  bins: BinSums[];
}

const zeroSums = (): KeySums => ({ converted: 0, sumV: 0, sumV2: 0, sumK: 0, sumK2: 0, sumVK: 0, sumXC: 0, sumX2C: 0, sumXV: 0, sumXK: 0 });

/** One campaign's sums for one key, per arm that had an exposure counted. */
export function keySums(sql: SqlStorage, campaign: string, key: string): ArmKeySums[] {
  const arms = new Map<string, ArmKeySums>();
  const arm = (id: string) => {
    let a = arms.get(id);
    if (!a) arms.set(id, (a = { arm: id, exposed: { n: 0, sumX: 0, sumX2: 0 }, sums: zeroSums(), bins: [] }));
    return a;
  };
  for (const r of sql.exec<{ arm: string; n: number }>('SELECT arm, SUM(visitors) AS n FROM exposed_daily WHERE campaign = ? GROUP BY arm', campaign)) arm(r.arm).exposed.n = r.n;
  for (const r of sql.exec<{ arm: string; x: number; x2: number }>(
    'SELECT arm, SUM(sum_x) AS x, SUM(sum_x2) AS x2 FROM covariate_daily WHERE campaign = ? AND covariate = ? GROUP BY arm',
    campaign,
    covariateOf(key),
  )) {
    Object.assign(arm(r.arm).exposed, { sumX: r.x, sumX2: r.x2 });
  }
  const sums = COLUMNS.map((c) => `SUM(${c}) AS ${c}`).join(', ');
  for (const r of sql.exec<Record<(typeof COLUMNS)[number], number> & { arm: string }>(
    `SELECT arm, ${sums} FROM metric_daily WHERE campaign = ? AND key = ? GROUP BY arm`,
    campaign,
    key,
  )) {
    arm(r.arm).sums = {
      converted: r.converted,
      sumV: r.sum_v,
      sumV2: r.sum_v2,
      sumK: r.sum_k,
      sumK2: r.sum_k2,
      sumVK: r.sum_vk,
      sumXC: r.sum_xc,
      sumX2C: r.sum_x2c,
      sumXV: r.sum_xv,
      sumXK: r.sum_xk,
    };
  }
  for (const r of sql.exec<{ arm: string; bin: number; n: number; v: number; v2: number; x: number; x2: number; xv: number }>(
    `SELECT arm, bin, SUM(n) AS n, SUM(sum_v) AS v, SUM(sum_v2) AS v2, SUM(sum_x) AS x, SUM(sum_x2) AS x2, SUM(sum_xv) AS xv
     FROM metric_bins WHERE campaign = ? AND key = ? GROUP BY arm, bin HAVING SUM(n) > 0`,
    campaign,
    key,
  )) {
    arm(r.arm).bins.push({ bin: r.bin, n: r.n, sumY: r.v, sumY2: r.v2, sumX: r.x, sumX2: r.x2, sumXY: r.xv });
  }
  return [...arms.values()].filter((a) => a.exposed.n > 0);
}

/**
 * Each arm's sums of a metric, revenue per visitor capped at its `capPercentile` of buyers'
 * values: one cap from every arm's bins together, so the comparison stays fair.
 */
export function armMetricSums(metric: Metric, arms: readonly ArmKeySums[]): [string, MetricSums][] {
  const sums = arms.map((a): [string, MetricSums] => [a.arm, metricSumsOf(metric, a)]);
  if (metric.kind !== 'revenue-per-visitor' || metric.capPercentile === undefined) return sums;
  const cap = percentileCap(
    arms.flatMap((a) => a.bins),
    metric.capPercentile / 100,
  );
  if (cap === null) return sums;
  return sums.map(([arm, s], i) => [arm, cappedSums(s, arms[i]?.bins ?? [], cap)]);
}

/**
 * The statistics' sums of a metric for one arm. Conversions and page visits: y = c; revenue per
 * visitor: y = v over every exposed visitor; AOV: v over k (a ratio, delta method); a web vital:
 * y = v over the visitors with a measurement, with their covariate sums.
 */
export function metricSumsOf(metric: Metric, a: Pick<ArmKeySums, 'exposed' | 'sums'>): MetricSums {
  const { exposed, sums: s } = a;
  const base = { n: exposed.n, sumX: exposed.sumX, sumX2: exposed.sumX2 };
  if (isWebVital(metric.kind)) return { n: s.converted, sumY: s.sumV, sumY2: s.sumV2, sumX: s.sumXC, sumX2: s.sumX2C, sumXY: s.sumXV };
  if (metric.kind === 'revenue-per-visitor') return { ...base, sumY: s.sumV, sumY2: s.sumV2, sumXY: s.sumXV };
  if (metric.kind === 'aov') return { ...base, sumY: s.sumV, sumY2: s.sumV2, sumXY: s.sumXV, sumD: s.sumK, sumD2: s.sumK2, sumYD: s.sumVK };
  return { ...base, sumY: s.converted, sumY2: s.converted, sumXY: s.sumXC };
}
