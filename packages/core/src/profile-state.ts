/**
 * Profile folding: the full state the SDK keeps on the device, how each event updates it, and
 * the compact Profile (profile.ts) made from it for the cookie the edge reads. Pure functions,
 * so the browser, the edge and tests fold the same history to the same profile.
 *
 * This runs on every page view inside sw.js (4 KB gzip budget), so the state has one shape per
 * thing it counts and the bounds are applied in one place, once per fold.
 */
import { DEAL_SIGNAL, isCoreEvent } from './event-types.ts';
import type { SwEvent } from './events.ts';
import { type Profile, emptyProfile } from './profile.ts';
import { FORBIDDEN_KEY, PROFILE_COOKIE_VERSION, type ProfileWire, encodeWire, fromWire, isProfileKey, round2 } from './profile-cookie.ts';

/**
 * One event type's counts: all time, the latest occurrence (epoch ms), and per UTC day
 * (`Math.floor(ms / 86_400_000)`) for the last MAX_DAYS days, in no order.
 */
export type EventCounter = [total: number, last: number, days: [day: number, count: number][]];

/** The full on-device state (kept in IndexedDB by the SDK), from which the cookie summary is made. */
export interface ProfileState {
  /** 2: one counter per event type (1 kept days and totals apart; the SDK refolds its history). */
  v: 2;
  /** Epoch ms of the first behaviour event, 0 when none. */
  firstSeen: number;
  /** Epoch ms of the latest behaviour event. */
  lastSeen: number;
  sessions: number;
  pageviews: number;
  /** Gap before the current session began (ms), 0 for the first session: how "lapsed" is known during a returning visit. */
  returnGap: number;
  events: Record<string, EventCounter>;
  /** Per category, an interest score as of `at` (ms); decays with a half-life. */
  interests: Record<string, [score: number, at: number]>;
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
const DEAL_QUERY = /\b(sale|deals?|discount|coupon|offer|clearance)\b/i;
/** `sale` as a word in the tags (`"new,sale"`), not inside one (`wholesale`). */
const SALE_TAG = /\bsale\b/i;
/** Interest points per event type. */
const WEIGHT: Record<string, number> = { page_view: 1, view_item: 1, add_to_cart: 3, purchase: 5 };

/** Own properties only: `toString` and friends are valid keys but must never come from the prototype. */
const own = <T>(r: Record<string, T>, k: string): T | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);
const dayIndex = (ms: number) => Math.floor(ms / DAY_MS);
const decay = (score: number, ms: number) => score * 0.5 ** (Math.max(0, ms) / (INTEREST_HALF_LIFE_DAYS * DAY_MS));
const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));
const text = (x: unknown) => (typeof x === 'string' ? x : '');

export function emptyState(): ProfileState {
  return { v: 2, firstSeen: 0, lastSeen: 0, sessions: 0, pageviews: 0, returnGap: 0, events: {}, interests: {}, orders: 0, revenue: 0 };
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
 * A deep copy to mutate (the state is plain JSON). Fields missing from a partial stored state
 * start empty, and keys that would reach Object.prototype are dropped at every level.
 */
function copy(state: ProfileState): ProfileState {
  return { ...emptyState(), ...(JSON.parse(JSON.stringify(state), (k, v: unknown) => (FORBIDDEN_KEY.test(k) ? undefined : v)) as ProfileState) };
}

function fold(s: ProfileState, e: SwEvent): void {
  const { type, ts } = e;
  // Up to 1e15 ms, so every time stays within what the cookie accepts (1e12 s).
  if (!isProfileKey(type) || typeof ts !== 'number' || !(ts >= 0 && ts < 1e15)) return;
  const p = e.props ?? {};
  // Exposures are reports of what was shown, not behaviour: they are counted (frequency caps)
  // but never start a session or move firstSeen/lastSeen.
  if (type !== 'exposure') {
    // A gap over SESSION_TIMEOUT_MS after the latest event starts a new session.
    if (!s.sessions || ts - s.lastSeen > SESSION_TIMEOUT_MS) {
      s.sessions++;
      s.returnGap = s.lastSeen && ts - s.lastSeen;
    }
    s.firstSeen = Math.min(s.firstSeen || ts, ts);
    s.lastSeen = Math.max(s.lastSeen, ts);
    if (type === 'page_view') s.pageviews++;
  }
  count(s, type, ts);
  if (type === 'purchase') {
    s.orders++;
    const value = p.value;
    if (typeof value === 'number' && value >= 0 && value < Infinity) s.revenue += value;
  }
  const category = text(p.category).trim().toLowerCase();
  const weight = own(WEIGHT, type);
  if (weight && isProfileKey(category)) {
    const [score, since] = own(s.interests, category) ?? [0, ts];
    // Both the old score and the new points are decayed to the later of the two times, so a
    // slightly late event adds slightly less instead of rewinding the clock.
    const at = Math.max(ts, since);
    s.interests[category] = [decay(score, at - since) + decay(weight, at - ts), at];
  }
  if (isDealSignal(type, p)) count(s, DEAL_SIGNAL, ts);
}

function count(s: ProfileState, type: string, ts: number): void {
  const c = own(s.events, type) ?? (s.events[type] = [0, ts, []]);
  const day = dayIndex(ts);
  const bucket = c[2].find((d) => d[0] === day);
  c[0]++;
  c[1] = Math.max(c[1], ts);
  if (bucket) bucket[1]++;
  else c[2].push([day, 1]);
}

function isDealSignal(type: string, p: NonNullable<SwEvent['props']>): boolean {
  if (type === 'page_view' || type === 'view_item') return p.sale === true || SALE_TAG.test(text(p.tags));
  if (type === 'search') return DEAL_QUERY.test(text(p.query));
  return type === 'purchase' && /\S/.test(text(p.coupon));
}

/** Keeps the state small: MAX_EVENT_TYPES types with MAX_DAYS of days each, MAX_INTERESTS categories. */
function bound(s: ProfileState): void {
  // Times stay below 1e15 (see fold), so core types rank above every custom one.
  const rank = ([type, [, last]]: [string, EventCounter]) => (isCoreEvent(type) ? 2e15 : 0) + last;
  const events = Object.entries(s.events)
    .sort((a, b) => rank(b) - rank(a))
    .slice(0, MAX_EVENT_TYPES);
  // Relative to the newest event of any kind, so a late batch cannot prune recent days.
  const newest = dayIndex(Math.max(s.lastSeen, ...events.map(([, c]) => c[1])));
  for (const [, c] of events) c[2] = c[2].filter(([day]) => newest - day < MAX_DAYS);
  s.events = Object.fromEntries(events);
  // log2 of the score decayed to any common time, up to a constant: orders by strength now.
  const strength = ([, [score, at]]: [string, [number, number]]) => Math.log2(score) + at / (INTEREST_HALF_LIFE_DAYS * DAY_MS);
  s.interests = Object.fromEntries(
    Object.entries(s.interests)
      .sort((a, b) => strength(b) - strength(a))
      .slice(0, MAX_INTERESTS),
  );
}

/**
 * The compact Profile at `now`, exactly as the edge decodes it from the cookie (when it fits).
 * Windows count whole UTC days: dN holds the days with dayIndex(now) - dayIndex(ts) < N, so d1
 * is "today (UTC)", not a rolling 24 hours.
 */
export function summarize(state: ProfileState, now: number): Profile {
  return fromWire(summaryWire(state, now)) ?? emptyProfile();
}

/** The `sw_p` cookie value for the state at `now`: what the SDK writes after every event. */
export function profileCookie(state: ProfileState, now: number): string {
  return encodeWire(summaryWire(state, now));
}

function summaryWire(state: ProfileState, now: number): ProfileWire {
  const today = dayIndex(now);
  const interests: Record<string, number> = {};
  for (const [category, [score, at]] of Object.entries(state.interests)) {
    const value = decay(score, now - at);
    if (value >= 0.05 && isProfileKey(category)) interests[category] = round2(value);
  }
  return [
    PROFILE_COOKIE_VERSION,
    seconds(state.firstSeen),
    seconds(state.lastSeen),
    state.sessions,
    state.pageviews,
    state.orders,
    round2(state.revenue),
    seconds(state.returnGap),
    // fromEntries: a hostile key becomes an own property, never the object's prototype.
    Object.fromEntries(
      Object.entries(state.events)
        .filter(([type]) => isProfileKey(type))
        .map(([type, [n, last, days]]) => {
          const within = (window: number) => days.reduce((sum, [day, k]) => (today - day < window ? sum + k : sum), 0);
          return [type, [within(1), within(7), within(30), within(90), n, seconds(last)]];
        }),
    ),
    interests,
  ];
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
  for (const c of Object.values(s.events)) {
    c[1] = back(c[1]);
    c[2] = c[2].map(([day, n]) => [day - shift, n]);
  }
  for (const interest of Object.values(s.interests)) interest[1] = back(interest[1]);
  return s;
}
