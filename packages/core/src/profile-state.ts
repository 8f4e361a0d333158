/**
 * Profile folding: the full state the SDK keeps on the device, how each event updates it, and
 * the compact Profile (profile.ts) made from it for the cookie the edge reads. Pure functions,
 * so the browser, the edge and tests fold the same history to the same profile.
 */
import { DEAL_SIGNAL, isCoreEvent } from './event-types.ts';
import type { SwEvent } from './events.ts';
import type { EventStats, Profile } from './profile.ts';

/** The full on-device state (kept in IndexedDB by the SDK), from which the cookie summary is made. */
export interface ProfileState {
  v: 1;
  /** Epoch ms of the first behaviour event, 0 when none. */
  firstSeen: number;
  /** Epoch ms of the latest behaviour event. */
  lastSeen: number;
  /** Epoch ms the current session began. */
  sessionStart: number;
  sessions: number;
  pageviews: number;
  /** Gap before the current session began (ms), 0 for the first session: how "lapsed" is known during a returning visit. */
  returnGap: number;
  /** Per event type, counts per UTC day index (Math.floor(ms / 86_400_000)), pruned beyond 90 days. */
  days: Record<string, Record<string, number>>;
  /** Per event type, all-time count and last occurrence (ms). */
  totals: Record<string, { n: number; last: number }>;
  /** Per category, an interest score as of `at` (ms); decays with a half-life. */
  interests: Record<string, { score: number; at: number }>;
  orders: number;
  revenue: number;
}

export const SESSION_TIMEOUT_MS = 30 * 60_000;
export const INTEREST_HALF_LIFE_DAYS = 14;
/** Day buckets kept: the longest window (d90). */
export const MAX_DAYS = 90;
/** Event types kept; the least recently seen custom types go first. */
export const MAX_EVENT_TYPES = 40;
/** Interest categories kept; the weakest go first. */
export const MAX_INTERESTS = 32;

const DAY_MS = 86_400_000;
// The cookie's key pattern; the three names the codec refuses would also reach Object.prototype.
const KEY = /^[A-Za-z0-9_:.-]{1,40}$/;
const BAD_KEY = /^(__proto__|constructor|prototype)$/;
const DEAL_QUERY = /\b(sale|deal|deals|discount|coupon|offer|clearance)\b/i;

const isKey = (k: unknown): k is string => typeof k === 'string' && KEY.test(k) && !BAD_KEY.test(k);
/** Own properties only: `toString` and friends are valid keys but must never come from the prototype. */
const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);
const dayIndex = (ms: number) => Math.floor(ms / DAY_MS);
const decay = (score: number, ms: number) => score * 0.5 ** (Math.max(0, ms) / (INTEREST_HALF_LIFE_DAYS * DAY_MS));
const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));
const round2 = (x: number) => Math.round(x * 100) / 100;

export function emptyState(): ProfileState {
  return {
    v: 1, firstSeen: 0, lastSeen: 0, sessionStart: 0, sessions: 0, pageviews: 0, returnGap: 0,
    days: {}, totals: {}, interests: {}, orders: 0, revenue: 0,
  };
}

/** Pure: returns a new state with the event folded in. Late events count but never move lastSeen back. */
export function foldEvent(state: ProfileState, event: SwEvent): ProfileState {
  return foldEvents(state, [event]);
}

export function foldEvents(state: ProfileState, events: readonly SwEvent[]): ProfileState {
  const s = copy(state);
  for (const e of events) fold(s, e);
  bound(s);
  return s;
}

/**
 * A deep copy to mutate (the state is plain JSON). Fields missing from an older stored state
 * start empty, and keys that would reach Object.prototype are dropped at every level.
 */
function copy(state: ProfileState): ProfileState {
  const clean = JSON.parse(JSON.stringify(state), (k, v: unknown) => (BAD_KEY.test(k) ? undefined : v)) as ProfileState;
  return { ...emptyState(), ...clean };
}

function fold(s: ProfileState, e: SwEvent): void {
  const { type, ts } = e;
  // Up to 1e15 ms, so every time stays within what the cookie accepts (1e12 s).
  if (!isKey(type) || typeof ts !== 'number' || !(ts >= 0 && ts < 1e15)) return;
  const p = e.props ?? {};
  // Exposures are reports of what was shown, not behaviour: they are counted (frequency caps)
  // but never start a session or move firstSeen/lastSeen.
  if (type !== 'exposure') visit(s, ts, type === 'page_view');
  count(s, type, ts);
  if (type === 'purchase') {
    s.orders += 1;
    const value = p.value;
    s.revenue += typeof value === 'number' && value >= 0 && value < Infinity ? value : 0;
  }
  const weight = type === 'purchase' ? 5 : type === 'add_to_cart' ? 3 : type === 'page_view' || type === 'view_item' ? 1 : 0;
  if (weight) addInterest(s, p.category, weight, ts);
  if (isDealSignal(type, p)) count(s, DEAL_SIGNAL, ts);
}

/** Sessions, first/last seen and page views: a gap over SESSION_TIMEOUT_MS starts a new session. */
function visit(s: ProfileState, ts: number, pageView: boolean): void {
  if (s.sessions === 0 || ts - s.lastSeen > SESSION_TIMEOUT_MS) {
    s.sessions += 1;
    s.returnGap = s.lastSeen ? ts - s.lastSeen : 0;
    s.sessionStart = ts;
  }
  if (!s.firstSeen || ts < s.firstSeen) s.firstSeen = ts;
  if (ts > s.lastSeen) s.lastSeen = ts;
  if (pageView) s.pageviews += 1;
}

function count(s: ProfileState, type: string, ts: number): void {
  const total = own(s.totals, type);
  if (total) {
    total.n += 1;
    total.last = Math.max(total.last, ts);
  } else {
    s.totals[type] = { n: 1, last: ts };
  }
  const days = own(s.days, type) ?? (s.days[type] = {});
  const day = String(dayIndex(ts));
  days[day] = (own(days, day) ?? 0) + 1;
}

function addInterest(s: ProfileState, raw: unknown, amount: number, ts: number): void {
  const category = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if (!isKey(category)) return;
  const prev = own(s.interests, category);
  // Both the old score and the new points are decayed to the later of the two times, so a
  // slightly late event adds slightly less instead of rewinding the clock.
  const at = Math.max(ts, prev?.at ?? 0);
  const score = (prev ? decay(prev.score, at - prev.at) : 0) + decay(amount, at - ts);
  s.interests[category] = { score, at };
}

function isDealSignal(type: string, p: NonNullable<SwEvent['props']>): boolean {
  if (type === 'page_view' || type === 'view_item') {
    const tags = p.tags;
    return p.sale === true || (typeof tags === 'string' && tags.split(',').some((t) => t.trim().toLowerCase() === 'sale'));
  }
  if (type === 'search') return typeof p.query === 'string' && DEAL_QUERY.test(p.query);
  return type === 'purchase' && typeof p.coupon === 'string' && p.coupon.trim() !== '';
}

/** Keeps the state small: 90 days of buckets, MAX_EVENT_TYPES types, MAX_INTERESTS categories. */
function bound(s: ProfileState): void {
  const types = Object.entries(s.totals);
  // Times stay below 1e15 (see fold), so core types rank above every custom one.
  const rank = ([type, t]: (typeof types)[number]) => (isCoreEvent(type) ? 2e15 : 0) + t.last;
  types.sort((a, b) => rank(b) - rank(a));
  for (const [type] of types.slice(MAX_EVENT_TYPES)) delete s.totals[type];
  // Relative to the newest event of any kind, so a late batch cannot prune recent days.
  let newest = s.lastSeen;
  for (const [, t] of types) newest = Math.max(newest, t.last);
  newest = dayIndex(newest);
  for (const [type, days] of Object.entries(s.days)) {
    if (!own(s.totals, type)) {
      delete s.days[type];
      continue;
    }
    for (const day of Object.keys(days)) if (newest - Number(day) >= MAX_DAYS) delete days[day];
  }
  const categories = Object.entries(s.interests);
  if (categories.length > MAX_INTERESTS) {
    const at = Math.max(...categories.map(([, i]) => i.at));
    categories.sort((a, b) => decay(b[1].score, at - b[1].at) - decay(a[1].score, at - a[1].at));
    for (const [category] of categories.slice(MAX_INTERESTS)) delete s.interests[category];
  }
}

/**
 * The compact Profile at `now`. Windows count whole UTC days: dN holds the days with
 * dayIndex(now) - dayIndex(ts) < N, so d1 is "today (UTC)", not a rolling 24 hours.
 */
export function summarize(state: ProfileState, now: number): Profile {
  const today = dayIndex(now);
  const events: Record<string, EventStats> = {};
  for (const [type, total] of Object.entries(state.totals)) {
    if (!isKey(type)) continue;
    let d1 = 0, d7 = 0, d30 = 0, d90 = 0;
    for (const [day, n] of Object.entries(own(state.days, type) ?? {})) {
      const age = today - Number(day);
      if (age < 1) d1 += n;
      if (age < 7) d7 += n;
      if (age < 30) d30 += n;
      if (age < 90) d90 += n;
    }
    events[type] = { d1, d7, d30, d90, total: total.n, last: seconds(total.last) };
  }
  const interests: Record<string, number> = {};
  for (const [category, { score, at }] of Object.entries(state.interests)) {
    const value = decay(score, now - at);
    if (isKey(category) && value >= 0.05) interests[category] = round2(value);
  }
  return {
    firstSeen: seconds(state.firstSeen),
    lastSeen: seconds(state.lastSeen),
    sessions: state.sessions,
    pageviews: state.pageviews,
    events,
    interests,
    orders: state.orders,
    revenue: round2(state.revenue),
    returnGap: seconds(state.returnGap),
  };
}

/**
 * Shifts every timestamp in the state back by `days` (demo/dev control: "pretend my last visit
 * was N days ago"). Timestamps move by exactly `days`; day buckets by the nearest whole day.
 */
export function ageState(state: ProfileState, days: number): ProfileState {
  const s = copy(state);
  if (!Number.isFinite(days)) return s;
  const ms = days * DAY_MS;
  const shift = Math.round(days);
  // 0 means "never"; clamping keeps the summary encodable (the cookie refuses negative times).
  const back = (t: number) => (t > 0 ? Math.max(1, t - ms) : t);
  s.firstSeen = back(s.firstSeen);
  s.lastSeen = back(s.lastSeen);
  s.sessionStart = back(s.sessionStart);
  for (const total of Object.values(s.totals)) total.last = back(total.last);
  for (const interest of Object.values(s.interests)) interest.at = back(interest.at);
  for (const [type, buckets] of Object.entries(s.days)) {
    const moved: Record<string, number> = {};
    for (const [day, n] of Object.entries(buckets)) moved[Number(day) - shift] = n;
    s.days[type] = moved;
  }
  return s;
}
