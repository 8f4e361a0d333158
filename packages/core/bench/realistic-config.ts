/**
 * A realistic config for measuring the engine: 5 slots, N campaigns with nested audience rules
 * over profile and context (the shapes marketers build), schedules, holdouts and A/B splits.
 */
import type { SiteConfigInput } from '../src/schema.ts';

const SLOTS = ['announcement', 'hero', 'promo', 'product-offer', 'footer-cta'];
const CATEGORIES = ['shoes', 'outdoor', 'kitchen', 'garden', 'toys'];

export function realisticConfig(campaigns: number): SiteConfigInput {
  const audiences = Array.from({ length: Math.max(1, Math.ceil(campaigns / 2)) }, (_, i) => ({
    id: `aud-${i}`,
    name: `Audience ${i}`,
    condition: {
      $and: [
        { $or: [{ 'geo.country': { $in: ['DE', 'AT', 'CH'] } }, { 'utm.source': 'newsletter' }, { 'device.type': 'mobile' }] },
        { [`profile.interests.${CATEGORIES[i % CATEGORIES.length]}`]: { $gte: 2 + (i % 3) } },
        { 'profile.events.add_to_cart.d7': { $gte: 1 } },
        { $not: { 'profile.segments': { $elemMatch: { $eq: 'lapsed' } } } },
        { 'time.hour': { $gte: 6, $lt: 23 } },
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
const YESTERDAY = Math.floor(BENCH_NOW / 1000) - 86_400;

/** An engaged visitor seen yesterday, about the size the cookie carries. */
export function realisticProfile() {
  const events: Record<string, { d1: number; d7: number; d30: number; d90: number; total: number; last: number }> = {};
  for (const name of ['page_view', 'view_item', 'add_to_cart', 'search', 'purchase', 'click', 'scroll_75', 'signup', 'wishlist', 'share']) {
    events[name] = { d1: 1, d7: 3, d30: 9, d90: 20, total: 42, last: YESTERDAY };
  }
  return {
    firstSeen: YESTERDAY - 200 * 86_400,
    lastSeen: YESTERDAY,
    sessions: 14,
    pageviews: 120,
    events,
    interests: Object.fromEntries(CATEGORIES.map((c, i) => [c, 1.5 + i])),
    orders: 2,
    revenue: 184.5,
    returnGap: 3 * 86_400,
  };
}
