/** Lifecycle segments at their thresholds, and trigger recipes evaluated as the edge evaluates them. */
import { describe, expect, it } from 'vitest';
import { buildAttributes } from './attributes.ts';
import { type Condition, evalCondition } from './condition.ts';
import type { EventProps, SwEvent } from './events.ts';
import { decodeProfileCookie, encodeProfileCookie } from './profile-cookie.ts';
import { type ProfileState, emptyState, foldEvents, summarize } from './profile-state.ts';
import { LAPSED_DAYS, segmentsOf } from './segments.ts';
import { testContext } from './testing.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Noon UTC, 15 January 2025. */
const T = Date.UTC(2025, 0, 15, 12);

let seq = 0;
function ev(type: string, ts: number, props?: EventProps): SwEvent {
  seq += 1;
  return { id: `event-${String(seq).padStart(6, '0')}`, type, ts, ...(props ? { props } : {}) };
}
const fold = (...events: SwEvent[]) => foldEvents(emptyState(), events);
const segments = (state: ProfileState, now: number) => segmentsOf(summarize(state, now), now);
/** `n` events of a type, one a day, the last `from` days before T. */
const daily = (type: string, n: number, from: number, props?: EventProps) => Array.from({ length: n }, (_, i) => ev(type, T - (from + n - 1 - i) * DAY, props));

describe('new and returning', () => {
  it('new is at most one session, returning two or more', () => {
    expect(segments(emptyState(), T)).toEqual(['new']);
    const one = fold(ev('page_view', T), ev('page_view', T + 29 * MIN));
    expect(segments(one, T + 30 * MIN)).toEqual(['new']);
    const two = fold(ev('page_view', T), ev('page_view', T + 31 * MIN));
    expect(segments(two, T + 31 * MIN)).toEqual(['returning']);
  });
});

describe('lapsed', () => {
  it('a session that began after more than 30 days away, for the rest of that session', () => {
    const away = LAPSED_DAYS * DAY;
    expect(segments(fold(ev('page_view', T), ev('page_view', T + away)), T + away)).not.toContain('lapsed');
    const back = fold(ev('page_view', T), ev('page_view', T + away + 1000), ev('page_view', T + away + 20 * MIN));
    expect(segments(back, T + away + 20 * MIN)).toContain('lapsed');
    const nextDay = foldEvents(back, [ev('page_view', T + away + DAY)]);
    expect(segments(nextDay, T + away + DAY)).not.toContain('lapsed');
  });

  it('or more than 30 days since the last visit', () => {
    const s = fold(ev('page_view', T));
    expect(segments(s, T + 30 * DAY)).not.toContain('lapsed');
    expect(segments(s, T + 30 * DAY + 1)).toContain('lapsed');
  });
});

describe('disengaged', () => {
  const before = daily('page_view', 9, 40);

  it('page views in the last 30 days at under half the rate of days 31-90', () => {
    expect(segments(fold(...before, ev('page_view', T - 20 * DAY)), T)).toContain('disengaged');
    // d30 = 2, d90 = 11: 2/30 is just under half of 9/60.
    const two = fold(...before, ev('page_view', T - 20 * DAY), ev('page_view', T - 19 * DAY));
    expect(summarize(two, T).events.page_view).toMatchObject({ d30: 2, d90: 11 });
    expect(segments(two, T)).toContain('disengaged');
    // d30 = 2, d90 = 10: exactly half the rate, not under it.
    const tie = fold(...daily('page_view', 8, 40), ev('page_view', T - 20 * DAY), ev('page_view', T - 19 * DAY));
    expect(segments(tie, T)).not.toContain('disengaged');
  });

  it('needs at least 6 page views in 90 days', () => {
    const recent = [ev('click', T - 20 * DAY), ev('click', T - 5 * DAY)];
    expect(segments(fold(...daily('page_view', 5, 36), ...recent), T)).not.toContain('disengaged');
    expect(segments(fold(...daily('page_view', 6, 36), ...recent), T)).toContain('disengaged');
  });

  it('is not lapsed, and not a visitor whose views are all recent', () => {
    const lapsed = segments(fold(...daily('page_view', 9, 52), ev('page_view', T)), T);
    expect(lapsed).toContain('lapsed');
    expect(lapsed).not.toContain('disengaged');
    expect(segments(fold(...daily('page_view', 10, 0)), T)).not.toContain('disengaged');
  });
});

describe('brand_advocate', () => {
  it('three orders or more', () => {
    const orders = daily('purchase', 3, 0, { value: 20 });
    expect(segments(fold(...orders.slice(1)), T)).not.toContain('brand_advocate');
    expect(segments(fold(...orders), T)).toContain('brand_advocate');
  });
});

describe('interest segments', () => {
  const views = (category: string, n: number, at = T) => Array.from({ length: n }, (_, i) => ev('page_view', at + i * MIN, { category }));

  it('multicategory: three categories at a decayed score of 1 or more', () => {
    const now = T + 5 * MIN;
    expect(segments(fold(...views('shoes', 1), ...views('bags', 1), ...views('hats', 1)), now)).toContain('multicategory');
    expect(segments(fold(...views('shoes', 2), ...views('bags', 2)), now)).not.toContain('multicategory');
    // A day-old view has decayed to 0.95.
    expect(segments(fold(...views('shoes', 1), ...views('bags', 1), ...views('hats', 1, T - DAY)), T)).not.toContain('multicategory');
  });

  describe('single_category_regular', () => {
    const now = T + 3 * MIN;
    const halfLifeAgo = now - 14 * DAY;
    const sessions = [ev('click', T - 2 * DAY), ev('click', T - DAY)];
    const shoes = views('shoes', 4);
    const half = (category: string) => ev('page_view', halfLifeAgo, { category });

    it('one strong category holding 80% of the interest, over three sessions', () => {
      const s = fold(half('bags'), half('hats'), ...sessions, ...shoes);
      expect(summarize(s, now).interests).toEqual({ shoes: 4, bags: 0.5, hats: 0.5 });
      expect(segments(s, now)).toContain('single_category_regular');
    });

    it('not under 80%, not with two strong categories, not before the third session', () => {
      expect(segments(fold(half('bags'), half('hats'), half('caps'), ...sessions, ...shoes), now)).not.toContain('single_category_regular');
      expect(segments(fold(...sessions, ...shoes, ...views('bags', 1, T + MIN)), now)).not.toContain('single_category_regular');
      const twoSessions = fold(half('bags'), half('hats'), ...shoes);
      expect(twoSessions.sessions).toBe(2);
      expect(segments(twoSessions, now)).not.toContain('single_category_regular');
    });
  });
});

describe('deal_seeker', () => {
  const sale = (daysAgo: number) => ev('view_item', T - daysAgo * DAY, { tags: 'sale' });

  it('three deal signals in the last 30 days', () => {
    expect(segments(fold(sale(0), ev('search', T, { query: 'deals' }), ev('purchase', T, { value: 5, coupon: 'X' })), T)).toContain('deal_seeker');
    expect(segments(fold(sale(0), sale(1)), T)).not.toContain('deal_seeker');
    expect(segments(fold(sale(0), sale(1), sale(29)), T)).toContain('deal_seeker');
    expect(segments(fold(sale(0), sale(1), sale(30)), T)).not.toContain('deal_seeker');
  });
});

describe('cart_abandoner', () => {
  const add = (ts: number) => ev('add_to_cart', ts, { sku: 'A' });
  const buy = (ts: number) => ev('purchase', ts, { value: 10 });

  it('added to cart in the last 7 days and has not bought since', () => {
    expect(segments(fold(add(T)), T)).toContain('cart_abandoner');
    expect(segments(fold(add(T - 6 * DAY)), T)).toContain('cart_abandoner');
    expect(segments(fold(add(T - 7 * DAY)), T)).not.toContain('cart_abandoner');
    expect(segments(fold(buy(T - DAY), add(T)), T)).toContain('cart_abandoner');
    expect(segments(fold(add(T), buy(T + MIN)), T + MIN)).not.toContain('cart_abandoner');
    expect(segments(fold(add(T), buy(T)), T)).not.toContain('cart_abandoner');
    expect(segments(fold(add(T), buy(T + MIN), add(T + 2 * MIN)), T + 2 * MIN)).toContain('cart_abandoner');
  });
});

describe('trigger recipes, evaluated as the edge does', () => {
  /** The attributes the edge builds from a profile summarized at `at` and read at `now`. */
  function matches(state: ProfileState, now: number, condition: Condition, at = now): boolean {
    const profile = decodeProfileCookie(encodeProfileCookie(summarize(state, at)));
    return evalCondition(buildAttributes(profile, testContext(), now), condition);
  }
  const pv = (ts: number, category: string) => ev('page_view', ts, { category });

  it('shoe interest: three shoe page views', () => {
    const shoeFan: Condition = { 'profile.interests.shoes': { $gte: 3 } };
    const three = fold(pv(T, 'shoes'), pv(T + MIN, 'shoes'), pv(T + 2 * MIN, 'shoes'));
    expect(matches(three, T + 5 * MIN, shoeFan)).toBe(true);
    expect(matches(fold(pv(T, 'shoes'), pv(T + MIN, 'shoes')), T + 5 * MIN, shoeFan)).toBe(false);
    // Interest decays: a day later 3 views score 2.86, so "about 3 recent views" is $gte 2.5.
    expect(matches(three, T + DAY, shoeFan)).toBe(false);
    expect(matches(three, T + DAY, { 'profile.interests.shoes': { $gte: 2.5 } })).toBe(true);
  });

  it('cart abandoned: membership in the segment, or the windowed counters', () => {
    const cart = fold(ev('add_to_cart', T, { sku: 'A' }));
    const bought = foldEvents(cart, [ev('purchase', T + MIN, { value: 10 })]);
    const segment: Condition = { 'profile.segments': { $in: ['cart_abandoner'] } };
    const windows: Condition = { 'profile.events.add_to_cart.d7': { $gte: 1 }, 'profile.events.purchase.d7': { $lt: 1 } };
    for (const condition of [segment, windows]) {
      expect(matches(cart, T + MIN, condition)).toBe(true);
      expect(matches(bought, T + MIN, condition)).toBe(false);
    }
    // A plain value compares the whole array, so this form never matches.
    expect(matches(cart, T + MIN, { 'profile.segments': 'cart_abandoner' })).toBe(false);
  });

  it('did not happen within a window: $lt 1 covers "never" and "not lately"', () => {
    const never = fold(pv(T, 'shoes'));
    const longAgo = fold(ev('purchase', T - 60 * DAY, { value: 10 }), pv(T, 'shoes'));
    const lately = fold(ev('purchase', T - 10 * DAY, { value: 10 }), pv(T, 'shoes'));
    const recommended: Condition = { 'profile.events.purchase.d30': { $lt: 1 } };
    const either: Condition = { $or: [{ 'profile.events.purchase.d30': { $exists: false } }, { 'profile.events.purchase.d30': 0 }] };
    for (const condition of [recommended, either]) {
      expect(matches(never, T, condition)).toBe(true);
      expect(matches(longAgo, T, condition)).toBe(true);
      expect(matches(lately, T, condition)).toBe(false);
    }
    // Each half alone misses a case.
    expect(matches(longAgo, T, { 'profile.events.purchase.d30': { $exists: false } })).toBe(false);
    expect(matches(never, T, { 'profile.events.purchase.d30': 0 })).toBe(false);
  });

  it('searched but did not buy, and the first order', () => {
    const searched = fold(ev('search', T, { query: 'boots' }));
    const condition: Condition = { 'profile.events.search.d7': { $gte: 1 }, 'profile.events.purchase.d7': { $lt: 1 } };
    expect(matches(searched, T, condition)).toBe(true);
    const first = foldEvents(searched, [ev('purchase', T + MIN, { value: 10 })]);
    expect(matches(first, T + MIN, condition)).toBe(false);
    expect(matches(first, T + MIN, { 'profile.orders': 1 })).toBe(true);
    expect(matches(foldEvents(first, [ev('purchase', T + 2 * MIN)]), T + 2 * MIN, { 'profile.orders': 1 })).toBe(false);
  });

  it('lapsed: the segment, from the first request of the returning visit', () => {
    const last = fold(pv(T, 'shoes'));
    const now = T + 45 * DAY;
    const back = foldEvents(last, [pv(now, 'shoes')]);
    expect(matches(back, now, { 'profile.segments': { $in: ['lapsed'] } })).toBe(true);
    // The first request of the return carries the cookie written 45 days ago, before the gap:
    // segments are derived at decision time from the clock, as daysSinceLastSeen is.
    expect(segments(last, T)).not.toContain('lapsed');
    expect(matches(last, now, { 'profile.segments': { $in: ['lapsed'] } }, T)).toBe(true);
    expect(matches(last, T + 10 * DAY, { 'profile.segments': { $in: ['lapsed'] } }, T)).toBe(false);
    expect(matches(last, now, { 'profile.daysSinceLastSeen': { $gt: 30 } }, T)).toBe(true);
    expect(matches(last, T + 10 * DAY, { 'profile.daysSinceLastSeen': { $gt: 30 } }, T)).toBe(false);
  });

  it('the Nth event: exactly the fifth workout', () => {
    const workouts = Array.from({ length: 6 }, (_, i) => ev('workout', T + i * DAY));
    const fifth: Condition = { 'profile.events.workout.total': 5 };
    expect(matches(fold(...workouts.slice(0, 4)), T + 4 * DAY, fifth)).toBe(false);
    expect(matches(fold(...workouts.slice(0, 5)), T + 4 * DAY, fifth)).toBe(true);
    expect(matches(fold(...workouts), T + 5 * DAY, fifth)).toBe(false);
  });

  it('stopped happening: the disengaged segment', () => {
    const s = fold(...daily('page_view', 9, 40), ev('page_view', T - 20 * DAY));
    expect(matches(s, T, { 'profile.segments': { $in: ['disengaged'] } })).toBe(true);
  });
});
