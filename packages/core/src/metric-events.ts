/**
 * What the SDK adds to its events for metrics (issue 21), checked alike in the browser and at
 * /__sw/collect:
 * - an exposure's `pre` prop: pre-exposure covariates for CUPED, the visitor's counts of their
 *   most frequent event types in the 30 days before (`purchase:2,page_view:14`). Counts of event
 *   types only: bounded, and nothing personal.
 * - the `vitals` event, one per page view: LCP and INP in milliseconds, CLS as the browser's
 *   layout-shift score, each only when the browser measured it.
 */
import type { Profile } from './profile.ts';
import type { EventProps, SwEvent } from './events.ts';

/** Covariates one exposure carries at most, and the largest count one may hold. */
export const MAX_COVARIATES = 12;
export const MAX_COVARIATE = 100_000;
/** Field values beyond these are measurement faults (a tab left open for hours), not page experience. */
export const VITAL_LIMITS = { lcp: 120_000, inp: 120_000, cls: 100 } as const;

const ENTRY = /^([a-z][a-z0-9_]{0,39}):(\d{1,6})$/;

/** The `pre` prop for a visitor with this profile: their MAX_COVARIATES most frequent event types in 30 days. */
export function encodeCovariates(profile: Profile): string {
  return Object.entries(profile.events)
    .filter(([type, stats]) => ENTRY.test(`${type}:0`) && stats.d30 > 0)
    .sort((a, b) => b[1].d30 - a[1].d30 || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_COVARIATES)
    .map(([type, stats]) => `${type}:${Math.min(MAX_COVARIATE, Math.floor(stats.d30))}`)
    .join(',');
}

/** The covariates in a `pre` prop (event type → count), or a reason it is malformed. */
export function parseCovariates(pre: unknown): { ok: true; covariates: Record<string, number> } | { ok: false; reason: string } {
  if (pre === undefined || pre === '') return { ok: true, covariates: {} };
  if (typeof pre !== 'string') return { ok: false, reason: 'must be a string of "event:count" pairs' };
  const covariates: Record<string, number> = Object.create(null) as Record<string, number>;
  const entries = pre.split(',');
  if (entries.length > MAX_COVARIATES) return { ok: false, reason: `at most ${MAX_COVARIATES} covariates` };
  for (const entry of entries) {
    const m = ENTRY.exec(entry);
    if (!m) return { ok: false, reason: `"${entry.slice(0, 50)}" is not "event:count"` };
    const count = Number(m[2]);
    if (count > MAX_COVARIATE) return { ok: false, reason: `${m[1]}: at most ${MAX_COVARIATE}` };
    covariates[m[1] as string] = count;
  }
  return { ok: true, covariates };
}

/** The measured web vitals of a `vitals` event's props, or a reason one is out of range. */
export function parseVitals(props: EventProps | undefined): { ok: true; vitals: Partial<Record<keyof typeof VITAL_LIMITS, number>> } | { ok: false; reason: string } {
  const vitals: Partial<Record<keyof typeof VITAL_LIMITS, number>> = {};
  for (const name of Object.keys(VITAL_LIMITS) as (keyof typeof VITAL_LIMITS)[]) {
    const value = props?.[name];
    if (value === undefined) continue;
    if (typeof value !== 'number' || value < 0 || value > VITAL_LIMITS[name]) return { ok: false, reason: `${name}: must be a number from 0 to ${VITAL_LIMITS[name]}` };
    vitals[name] = value;
  }
  return { ok: true, vitals };
}

/** Checks what metrics rely on in an event; null when fine, else the reason (under `props.`). */
export function metricPropsProblem(event: SwEvent): string | null {
  if (event.type === 'exposure') {
    const pre = parseCovariates(event.props?.pre);
    return pre.ok ? null : `props.pre: ${pre.reason}`;
  }
  if (event.type === 'vitals') {
    const vitals = parseVitals(event.props);
    return vitals.ok ? null : `props.${vitals.reason}`;
  }
  return null;
}
