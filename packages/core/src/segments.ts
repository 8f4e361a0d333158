/**
 * Lifecycle segments: the product's named definitions, derived from the profile summary at
 * decision time (edge and browser alike) and seen by conditions as `profile.segments`. They are
 * not stored: recency-based ones (lapsed, cart_abandoner) must follow the clock, not the last write.
 *
 * `profile.segments` is an array, and a plain value compares whole arrays, so an audience tests
 * membership with `{"profile.segments": {"$in": ["lapsed"]}}`; `{"profile.segments": "lapsed"}`
 * never matches.
 *
 * "Did not happen in the last N days": `{"profile.events.purchase.d30": {"$lt": 1}}`. A missing
 * counter orders as 0, so this matches both a visitor who never bought and one whose last
 * purchase fell out of the window. `{"$exists": false}` misses the second (the counter is there,
 * holding 0) and `{"profile.events.purchase.d30": 0}` misses the first (missing equals null).
 */
import type { Profile } from './profile.ts';

const DAY = 86_400;

/** Sessions from which a visitor is `returning` (and below which `new`). */
export const RETURNING_SESSIONS = 2;
/** Days away after which a visitor is `lapsed`. */
export const LAPSED_DAYS = 30;
/** Page views in 90 days needed before a dropping rate counts as `disengaged`. */
export const DISENGAGED_MIN_PAGEVIEWS = 6;
/** Orders that make a `brand_advocate`. */
export const ADVOCATE_ORDERS = 3;
/** Decayed interest score from which a category counts as one the visitor is into. */
export const STRONG_INTEREST = 1;
/** Strong categories that make a visitor `multicategory`. */
export const MULTICATEGORY_COUNT = 3;
/** Sessions, and the top category's share of all interest, for a `single_category_regular`. */
export const REGULAR_SESSIONS = 3;
export const REGULAR_SHARE = 0.8;
/** Deal signals in 30 days that make a `deal_seeker`. */
export const DEAL_SEEKER_SIGNALS = 3;

/** Every segment with its definition in words (the editor's audience builder shows these). */
export const SEGMENTS = [
  { id: 'new', description: 'at most one visit so far' },
  { id: 'returning', description: 'two visits or more' },
  { id: 'lapsed', description: 'this visit began after more than 30 days away, or the last visit is more than 30 days ago' },
  { id: 'disengaged', description: '6+ page views in 90 days, and the daily rate over the last 30 days is under half that of days 31–90; not lapsed' },
  { id: 'brand_advocate', description: '3 orders or more' },
  { id: 'multicategory', description: '3 or more categories with an interest score of at least 1' },
  { id: 'single_category_regular', description: '3+ visits, one category at 1 or more holding 80%+ of all interest' },
  { id: 'deal_seeker', description: '3 or more deal signals (sale items, deal searches, coupons) in 30 days' },
  { id: 'cart_abandoner', description: 'added to cart in the last 7 days and has not bought since' },
] as const;

/** The segments of a visitor at `now` (epoch ms), in the order of SEGMENTS. */
export function segmentsOf(summary: Profile, now: number): string[] {
  const event = (type: string) => (Object.hasOwn(summary.events, type) ? summary.events[type] : undefined);
  const scores = Object.values(summary.interests);
  const strong = scores.filter((x) => x >= STRONG_INTEREST);
  let total = 0;
  for (const x of scores) total += x;
  const pv = event('page_view');
  const pv30 = pv?.d30 ?? 0;
  const pv90 = pv?.d90 ?? 0;
  const away = LAPSED_DAYS * DAY;
  const cart = event('add_to_cart');
  const bought = event('purchase');

  // (d30 / 30) < 0.5 * ((d90 - d30) / 60), times 120 so that a tie compares exactly.
  const dropping = pv30 * 4 < pv90 - pv30;
  // Seconds: the summary keeps times to the second.
  const lapsed = summary.returnGap > away || (summary.lastSeen > 0 && now / 1000 - summary.lastSeen > away);
  const checks: [string, boolean][] = [
    /** new: at most one session (so far). */
    ['new', summary.sessions < RETURNING_SESSIONS],
    /** returning: two sessions or more. */
    ['returning', summary.sessions >= RETURNING_SESSIONS],
    /** lapsed: this session began after more than 30 days away, or the last visit is more than 30 days ago. */
    ['lapsed', lapsed],
    /** disengaged: ≥ 6 page views in 90 days, and the daily rate over the last 30 is under half that of days 31–90; not lapsed. */
    ['disengaged', pv90 >= DISENGAGED_MIN_PAGEVIEWS && dropping && !lapsed],
    /** brand_advocate: 3 orders or more. */
    ['brand_advocate', summary.orders >= ADVOCATE_ORDERS],
    /** multicategory: 3 or more categories with a decayed interest of at least 1. */
    ['multicategory', strong.length >= MULTICATEGORY_COUNT],
    /** single_category_regular: ≥ 3 sessions, exactly one category at ≥ 1, holding ≥ 80% of all interest. */
    ['single_category_regular', summary.sessions >= REGULAR_SESSIONS && strong.length === 1 && (strong[0] ?? 0) >= REGULAR_SHARE * total],
    /** deal_seeker: 3 or more deal signals (sale items, deal searches, coupons) in 30 days. */
    ['deal_seeker', (event('deal_signal')?.d30 ?? 0) >= DEAL_SEEKER_SIGNALS],
    /** cart_abandoner: added to cart in the last 7 days and has not bought since (to the second). */
    ['cart_abandoner', cart !== undefined && cart.d7 >= 1 && !(bought && bought.last >= cart.last)],
  ];
  return checks.filter((c) => c[1]).map((c) => c[0]);
}
