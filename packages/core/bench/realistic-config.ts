/**
 * A realistic config for measuring the engine: 5 slots, N campaigns with nested audience rules
 * over profile and context (the shapes marketers build), schedules, holdouts and A/B splits.
 */
import type { SiteConfigInput } from '../src/schema.ts';

const SLOTS = ['announcement', 'hero', 'promo', 'product-offer', 'footer-cta'];
const CATEGORIES = ['shoes', 'outdoor', 'kitchen', 'garden', 'toys'];

/** A typical `$regex` audience test: the home page or a section, on the page path. */
export const REGEX_PATTERN = '^/($|shoes|boots|sale)(/|$)';

/** With `regex`, every audience first checks the page path with REGEX_PATTERN (it holds on "/"). */
export function realisticConfig(campaigns: number, regex = false): SiteConfigInput {
  const audiences = Array.from({ length: Math.max(1, Math.ceil(campaigns / 2)) }, (_, i) => ({
    id: `aud-${i}`,
    name: `Audience ${i}`,
    condition: {
      $and: [
        ...(regex ? [{ 'page.path': { $regex: REGEX_PATTERN } }] : []),
        { $or: [{ 'geo.country': { $in: ['DE', 'AT', 'CH'] } }, { 'utm.source': 'newsletter' }, { 'device.type': 'mobile' }] },
        { [`profile.interests.${CATEGORIES[i % CATEGORIES.length]}`]: { $gte: 2 + (i % 3) } },
        { 'profile.events.add_to_cart.d7': { $gte: 1 } },
        { $not: { 'profile.segments': { $elemMatch: { $eq: 'lapsed' } } } },
        // Every hour of the day, still evaluated: the edge bench decides on the wall clock (in
        // workerd's default time zone locally), and must personalize the same whenever it runs.
        { 'time.hour': { $gte: 0, $lt: 24 } },
      ],
    },
  }));
  return {
    schema: 1,
    version: 1,
    site: { id: 'bench' },
    slots: SLOTS.map((name) => ({ name })),
    audiences,
    campaigns: Array.from({ length: campaigns }, (_, i) => {
      const slot = SLOTS[i % SLOTS.length]!;
      return {
        id: `c-${i}`,
        name: `Campaign ${i}`,
        status: 'live' as const,
        priority: i + 1,
        audience: `aud-${i % audiences.length}`,
        slots: [slot],
        holdoutPct: 10,
        schedule: { start: '2020-01-01T00:00:00Z', end: '2099-01-01T00:00:00Z' },
        variants: ['a', 'b'].map((id) => ({
          id,
          name: id.toUpperCase(),
          content: { [slot]: { kind: 'html' as const, body: `<p>Hi {{profile.topCategory | friend}}, variant ${id} of ${i}</p>` } },
        })),
      };
    }),
  };
}

/** The clock the benchmark decides at. */
export const BENCH_NOW = Date.parse('2026-06-01T12:00:00Z');

/** Standard events, then the custom ones a shop tracks: together about the size of a busy visitor's cookie. */
const EVENT_NAMES = [
  'page_view',
  'view_item',
  'add_to_cart',
  'search',
  'purchase',
  'click',
  'scroll',
  'engagement',
  'exposure',
  'identify',
  'signup',
  'wishlist_add',
  'share_product',
  'newsletter_open',
  'size_guide_open',
  'review_read',
  'coupon_applied',
  'store_locator',
];
const INTEREST_NAMES = [...CATEGORIES, 'running', 'hiking', 'cookware', 'grills', 'board_games', 'sale'];

/**
 * An engaged visitor seen the day before `now`: 20 event types with windowed counts, 12
 * interests, two orders. Encoded with core's `encodeProfileCookie` it is about 1.2 KB, near
 * the largest the cookie carries (MAX_PROFILE_COOKIE_BYTES).
 */
export function realisticProfile(now: number = BENCH_NOW) {
  const yesterday = Math.floor(now / 1000) - 86_400;
  const events: Record<string, { d1: number; d7: number; d30: number; d90: number; total: number; last: number }> = {};
  EVENT_NAMES.forEach((name, i) => {
    events[name] = { d1: 1 + (i % 3), d7: 3 + i, d30: 9 + 2 * i, d90: 20 + 3 * i, total: 42 + 5 * i, last: yesterday - i * 3_607 };
  });
  return {
    firstSeen: yesterday - 200 * 86_400,
    lastSeen: yesterday,
    sessions: 14,
    pageviews: 120,
    events,
    interests: Object.fromEntries(INTEREST_NAMES.map((c, i) => [c, Math.round((1.5 + i * 0.73) * 100) / 100])),
    orders: 2,
    revenue: 184.5,
    returnGap: 3 * 86_400,
  };
}
