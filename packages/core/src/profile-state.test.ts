/** Folding events into the on-device profile state, and the compact summary made from it. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from './testing.ts';
import type { EventProps, SwEvent } from './events.ts';
import { emptyProfile } from './profile.ts';
import { segmentsOf } from './segments.ts';
import { MAX_PROFILE_COOKIE_BYTES, decodeProfileCookie, encodeProfileCookie } from './profile-cookie.ts';
import { MAX_EVENT_TYPES, MAX_INTERESTS, type ProfileState, SESSION_TIMEOUT_MS, ageState, emptyState, foldEvent, foldEvents, profileCookie, summarize } from './profile-state.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Midnight UTC, 15 January 2025: day boundaries fall on multiples of DAY from here. */
const D = Date.UTC(2025, 0, 15);
const T = D + 12 * HOUR;

let seq = 0;
function ev(type: string, ts: number, props?: EventProps): SwEvent {
  seq += 1;
  return { id: `event-${String(seq).padStart(6, '0')}`, type, ts, ...(props ? { props } : {}) };
}
const fold = (...events: SwEvent[]) => foldEvents(emptyState(), events);
const sec = (ms: number) => Math.floor(ms / 1000);

describe('sessions and visits', () => {
  it('the first event starts the first session and sets first/last seen', () => {
    const s = fold(ev('page_view', T));
    expect(s).toMatchObject({ sessions: 1, returnGap: 0, firstSeen: T, lastSeen: T, pageviews: 1 });
  });

  it('a gap of exactly 30 minutes continues the session; one millisecond more starts a new one', () => {
    const same = fold(ev('page_view', T), ev('page_view', T + SESSION_TIMEOUT_MS));
    expect(same).toMatchObject({ sessions: 1, returnGap: 0 });
    const next = fold(ev('page_view', T), ev('page_view', T + SESSION_TIMEOUT_MS + 1));
    expect(next).toMatchObject({ sessions: 2, returnGap: SESSION_TIMEOUT_MS + 1 });
  });

  it('the timeout runs from the latest event, so steady activity stays one session', () => {
    const events = Array.from({ length: 7 }, (_, i) => ev('click', T + i * 20 * MIN));
    expect(fold(...events)).toMatchObject({ sessions: 1, lastSeen: T + 120 * MIN, pageviews: 0 });
  });

  it('counts a late event but never moves lastSeen back or starts a session with it', () => {
    const s = fold(ev('page_view', T), ev('page_view', T + HOUR), ev('view_item', T - 2 * DAY));
    expect(s).toMatchObject({ sessions: 2, lastSeen: T + HOUR, firstSeen: T - 2 * DAY, pageviews: 2 });
    expect(s.events.view_item).toEqual([1, T - 2 * DAY, [[D / DAY - 2, 1]]]);
  });

  it('counts exposures (for frequency caps) without treating them as behaviour', () => {
    const s = fold(ev('exposure', T, { campaign: 'c', variant: 'v' }), ev('exposure', T + DAY));
    expect(s).toMatchObject({ sessions: 0, firstSeen: 0, lastSeen: 0, pageviews: 0 });
    expect(s.events.exposure).toEqual([
      2,
      T + DAY,
      [
        [D / DAY, 1],
        [D / DAY + 1, 1],
      ],
    ]);
    const later = foldEvents(fold(ev('page_view', T)), [ev('exposure', T + 2 * HOUR)]);
    expect(later).toMatchObject({ sessions: 1, lastSeen: T });
    expect(summarize(later, T + 2 * HOUR).events.exposure).toMatchObject({ d1: 1, total: 1 });
  });
});

describe('windows and totals', () => {
  it('counts whole UTC days: dN holds the days with dayIndex(now) - dayIndex(ts) < N', () => {
    const at = [D, D - 1, D - 6 * DAY, D - 7 * DAY, D - 29 * DAY, D - 30 * DAY, D - 89 * DAY, D - 90 * DAY];
    const s = fold(...at.map((ts) => ev('add_to_cart', ts)));
    const now = D + 5 * MIN;
    expect(summarize(s, now).events.add_to_cart).toEqual({ d1: 1, d7: 3, d30: 5, d90: 7, total: 8, last: sec(D) });
    // Just before midnight, today's event is not yet "yesterday".
    expect(summarize(s, D + DAY - 1).events.add_to_cart?.d1).toBe(1);
    expect(summarize(s, D + DAY).events.add_to_cart).toMatchObject({ d1: 0, d7: 2, d30: 4, d90: 6, total: 8 });
  });

  it('reports first/last seen and last occurrences in Unix seconds', () => {
    const p = summarize(fold(ev('page_view', T + 999), ev('search', T + DAY + 1500, { query: 'boots' })), T + DAY);
    expect(p).toMatchObject({ firstSeen: sec(T), lastSeen: sec(T + DAY + 1500), sessions: 2, pageviews: 1 });
    expect(p.events.search).toEqual({ d1: 1, d7: 1, d30: 1, d90: 1, total: 1, last: sec(T + DAY + 1500) });
  });

  it('summarizes an empty state as an empty, new profile', () => {
    expect(summarize(emptyState(), T)).toEqual(emptyProfile());
    expect(segmentsOf(summarize(emptyState(), T), T)).toEqual(['new']);
  });
});

describe('interests', () => {
  it('halve every 14 days', () => {
    const s = fold(ev('page_view', T, { category: 'shoes' }));
    expect(summarize(s, T).interests).toEqual({ shoes: 1 });
    expect(summarize(s, T + 14 * DAY).interests).toEqual({ shoes: 0.5 });
    expect(summarize(s, T + 28 * DAY).interests).toEqual({ shoes: 0.25 });
  });

  it('decay to the event before adding to it', () => {
    const s = fold(ev('page_view', T, { category: 'shoes' }), ev('page_view', T + 14 * DAY, { category: 'shoes' }));
    expect(s.interests.shoes).toEqual([1.5, T + 14 * DAY]);
  });

  it('add a late event decayed, without rewinding the clock', () => {
    const s = fold(ev('view_item', T, { category: 'bags' }), ev('view_item', T - 14 * DAY, { category: 'bags' }));
    expect(s.interests.bags).toEqual([1.5, T]);
  });

  it('weigh views 1, add to cart 3, purchase 5, and lower-case the category', () => {
    const s = fold(
      ev('page_view', T, { category: 'Shoes' }),
      ev('view_item', T, { category: ' shoes ' }),
      ev('add_to_cart', T, { category: 'bags' }),
      ev('purchase', T, { value: 10, category: 'coats' }),
      ev('search', T, { query: 'x', category: 'hats' }),
      ev('add_to_cart', T),
    );
    expect(summarize(s, T).interests).toEqual({ shoes: 2, bags: 3, coats: 5 });
  });

  it('round to 2 decimals and drop scores under 0.05', () => {
    const s = fold(ev('page_view', T, { category: 'shoes' }));
    expect(summarize(s, T + DAY).interests).toEqual({ shoes: 0.95 });
    expect(summarize(s, T + 60 * DAY).interests).toEqual({ shoes: 0.05 });
    expect(summarize(s, T + 61 * DAY).interests).toEqual({});
  });

  it('ignore categories that are not cookie keys, without touching Object.prototype', () => {
    const bad = ['Running Shoes', '', 'x'.repeat(41), '__proto__', 'constructor', 'prototype', 'a/b'];
    const s = fold(...bad.map((category) => ev('page_view', T, { category })), ev('page_view', T, { category: 5 }));
    expect(Object.keys(s.interests)).toEqual([]);
    expect(({} as Record<string, unknown>).score).toBeUndefined();
    const ok = fold(ev('page_view', T, { category: 'tostring' }), ev('page_view', T, { category: 'a:b.c-d_9' }));
    expect(summarize(ok, T).interests).toEqual({ tostring: 1, 'a:b.c-d_9': 1 });
  });
});

describe('purchases', () => {
  it('count orders and add finite, non-negative values to revenue', () => {
    const s = fold(
      ev('purchase', T, { value: 0.1 }),
      ev('purchase', T, { value: 0.2 }),
      ev('purchase', T, { value: -5 }),
      ev('purchase', T, { value: '12' }),
      ev('purchase', T, { value: Number.POSITIVE_INFINITY }),
      ev('purchase', T),
    );
    expect(s.orders).toBe(6);
    expect(summarize(s, T)).toMatchObject({ orders: 6, revenue: 0.3 });
  });
});

describe('deal signals', () => {
  const signals = (e: SwEvent) => fold(e).events.deal_signal?.[0] ?? 0;
  it.each([
    ['page_view', { tags: 'new,sale' }],
    ['view_item', { tags: 'shoes, Sale ,outdoor' }],
    ['page_view', { sale: true }],
    ['view_item', { sale: true }],
    ['search', { query: 'summer sale' }],
    ['search', { query: 'Deals on boots' }],
    ['search', { query: 'discount' }],
    ['search', { query: 'any coupon?' }],
    ['search', { query: 'special offer' }],
    ['search', { query: 'clearance-rack' }],
    ['purchase', { value: 10, coupon: 'SAVE10' }],
  ] as [string, EventProps][])('count %s %j', (type, props) => {
    expect(signals(ev(type, T, props))).toBe(1);
    expect(summarize(fold(ev(type, T, props)), T).events.deal_signal?.d1).toBe(1);
  });

  it.each([
    ['page_view', { tags: 'wholesale,sales' }],
    ['view_item', { sale: 'true' }],
    ['page_view', { sale: false }],
    ['add_to_cart', { sale: true, tags: 'sale' }],
    ['search', { query: 'salesman boots' }],
    ['search', { query: 'offering' }],
    ['purchase', { value: 10, coupon: '  ' }],
    ['purchase', { value: 10 }],
    ['click', { query: 'sale' }],
  ] as [string, EventProps][])('do not count %s %j', (type, props) => {
    expect(signals(ev(type, T, props))).toBe(0);
  });
});

describe('bounds', () => {
  it('keep the 40 most recently seen event types, standard ones first', () => {
    const s = fold(ev('purchase', T - DAY), ev('exposure', T - DAY), ...Array.from({ length: 45 }, (_, i) => ev(`custom_${i}`, T + i * MIN)));
    expect(Object.keys(s.events)).toHaveLength(MAX_EVENT_TYPES);
    expect(s.events.purchase?.slice(0, 2)).toEqual([1, T - DAY]);
    expect(s.events.exposure?.slice(0, 2)).toEqual([1, T - DAY]);
    expect(s.events.custom_6).toBeUndefined();
    expect(s.events.custom_7).toBeDefined();
  });

  it('evict the least recently seen custom type', () => {
    const s = fold(...Array.from({ length: 45 }, (_, i) => ev(`custom_${i}`, T + i * MIN)));
    expect(Object.keys(s.events)).toHaveLength(MAX_EVENT_TYPES);
    for (let i = 0; i < 5; i += 1) expect(s.events[`custom_${i}`]).toBeUndefined();
    expect(s.events.custom_44).toEqual([1, T + 44 * MIN, [[D / DAY, 1]]]);
    // One at a time, a new type evicts the stalest.
    const next = foldEvent(s, ev('custom_0', T + HOUR));
    expect(next.events.custom_5).toBeUndefined();
    expect(next.events.custom_0?.slice(0, 2)).toEqual([1, T + HOUR]);
  });

  it('keep the 32 strongest interests', () => {
    const weak = Array.from({ length: 8 }, (_, i) => ev('page_view', T, { category: `weak${i}` }));
    const strong = Array.from({ length: 32 }, (_, i) => ev('add_to_cart', T - DAY, { category: `strong${i}` }));
    const batch = fold(...weak, ...strong);
    const oneByOne = [...weak, ...strong].reduce(foldEvent, emptyState());
    for (const s of [batch, oneByOne]) {
      expect(Object.keys(s.interests)).toHaveLength(MAX_INTERESTS);
      expect(Object.keys(s.interests).every((c) => c.startsWith('strong'))).toBe(true);
    }
  });

  it('keep 90 days of day buckets, and all-time totals', () => {
    const s = fold(ev('page_view', T), ev('page_view', T + 89 * DAY), ev('page_view', T + 90 * DAY));
    expect(s.events.page_view).toEqual([
      3,
      T + 90 * DAY,
      [
        [D / DAY + 89, 1],
        [D / DAY + 90, 1],
      ],
    ]);
    expect(summarize(s, T + 90 * DAY).events.page_view).toMatchObject({ d90: 2, total: 3 });
  });

  it('ignore events whose type is not a cookie key, or whose time is not usable', () => {
    const bad = [
      ev('Page View', T),
      ev('', T),
      ev('__proto__', T),
      ev('constructor', T),
      ev('x'.repeat(41), T),
      ev('page_view', -1),
      ev('page_view', Number.NaN),
      ev('page_view', 1e16),
    ];
    expect(fold(...bad)).toEqual(emptyState());
  });
});

describe('purity', () => {
  it('never mutates the state it is given', () => {
    const s = deepFreeze(fold(ev('page_view', T, { category: 'shoes' }), ev('purchase', T, { value: 5 })));
    const snapshot = JSON.stringify(s);
    const next = foldEvent(s, ev('page_view', T + HOUR, { category: 'shoes' }));
    expect(next).not.toBe(s);
    expect(next.pageviews).toBe(2);
    expect(JSON.stringify(s)).toBe(snapshot);
    expect(JSON.stringify(ageState(s, 3))).not.toBe(snapshot);
    expect(JSON.stringify(s)).toBe(snapshot);
  });

  it('fills in fields missing from an older stored state', () => {
    const old = { v: 2, sessions: 2 } as unknown as ProfileState;
    expect(foldEvent(old, ev('page_view', T))).toMatchObject({ sessions: 3, pageviews: 1, lastSeen: T });
  });
});

describe('ageState', () => {
  const state = fold(ev('page_view', T, { category: 'shoes' }), ev('add_to_cart', T + MIN, { category: 'shoes' }));

  it('shifts every timestamp and day bucket back', () => {
    const aged = ageState(state, 45);
    expect(aged).toMatchObject({ firstSeen: T - 45 * DAY, lastSeen: T + MIN - 45 * DAY, sessions: 1 });
    expect(aged.events.add_to_cart).toEqual([1, T + MIN - 45 * DAY, [[D / DAY - 45, 1]]]);
    expect(aged.interests.shoes?.[1]).toBe(T + MIN - 45 * DAY);
    expect(aged.events.page_view?.[2]).toEqual([[D / DAY - 45, 1]]);
  });

  it('makes the visitor look 45 days away, now and on the next visit', () => {
    const aged = ageState(state, 45);
    const p = summarize(aged, T + MIN);
    expect(p.events.add_to_cart).toMatchObject({ d7: 0, d30: 0, d90: 1 });
    expect(segmentsOf(p, T + MIN)).toContain('lapsed');
    const back = foldEvent(aged, ev('page_view', T + 2 * MIN));
    expect(back).toMatchObject({ sessions: 2, returnGap: 45 * DAY + MIN });
  });

  it('moves day buckets by whole days and never below zero', () => {
    expect(ageState(state, 1.5).events.page_view?.[2]).toEqual([[D / DAY - 2, 1]]);
    expect(ageState(state, 1.5).lastSeen).toBe(T + MIN - 1.5 * DAY);
    const far = ageState(state, 1e6);
    expect(far.firstSeen).toBe(1);
    expect(decodeProfileCookie(encodeProfileCookie(summarize(far, T))).sessions).toBe(1);
    expect(ageState(state, Number.NaN)).toEqual(state);
  });
});

describe('summary → cookie', () => {
  it('a heavy state stays within the cookie budget and keeps its segments', () => {
    const events: SwEvent[] = [];
    for (let day = 89; day >= 0; day -= 1) {
      const ts = T - day * DAY;
      for (let i = 0; i < 40; i += 1) events.push(ev(`custom_event_${i}`, ts + i * MIN, { category: `category-${i}` }));
      events.push(ev('page_view', ts, { category: `category-${day % 40}`, tags: 'sale' }));
    }
    events.push(ev('purchase', T - 3 * DAY, { value: 99.99, coupon: 'X' }), ev('purchase', T - 2 * DAY, { value: 10 }), ev('purchase', T - DAY, { value: 10 }));
    for (let i = 0; i < 40; i += 1) events.push(ev('add_to_cart', T + i, { category: `category-${i}` }));
    const profile = summarize(fold(...events), T + HOUR);
    const segments = ['returning', 'brand_advocate', 'multicategory', 'deal_seeker', 'cart_abandoner'];
    expect(segmentsOf(profile, T + HOUR)).toEqual(segments);
    const cookie = encodeProfileCookie(profile);
    expect(profileCookie(fold(...events), T + HOUR)).toBe(cookie);
    expect(cookie.length).toBeLessThanOrEqual(MAX_PROFILE_COOKIE_BYTES);
    const decoded = decodeProfileCookie(cookie);
    expect(segmentsOf(decoded, T + HOUR)).toEqual(segments);
    expect(decoded).toMatchObject({ sessions: profile.sessions, orders: 3, revenue: 119.99, lastSeen: profile.lastSeen });
    // The codec sheds the stalest counters to fit; what it keeps is exact.
    expect(Object.keys(decoded.events).length).toBeGreaterThan(10);
    for (const [type, stats] of Object.entries(decoded.events)) expect(stats).toEqual(profile.events[type]);
  });
});

describe('properties', () => {
  const TYPES = ['page_view', 'view_item', 'add_to_cart', 'purchase', 'search', 'exposure', ...Array.from({ length: 50 }, (_, i) => `t${i}`)];
  const arbEvent = fc
    .record({
      type: fc.constantFrom(...TYPES),
      at: fc.integer({ min: 0, max: 120 * DAY }),
      category: fc.constantFrom(...Array.from({ length: 40 }, (_, i) => `c${i}`)),
      value: fc.double({ min: -10, max: 1000, noNaN: true }),
      sale: fc.boolean(),
    })
    .map((e) => ev(e.type, T + e.at, { category: e.category, value: e.value, sale: e.sale, query: 'deal' }));
  /** Within every bound: 12 event types, 20 categories. */
  const few = arbEvent.filter((e) => TYPES.indexOf(e.type) < 12 && Number(String(e.props?.category).slice(1)) < 20);

  it('stay bounded, keep windows nested, and always make a cookie that decodes', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { maxLength: 150 }), fc.integer({ min: 0, max: 200 * DAY }), (events, later) => {
        const s = fold(...events);
        expect(Object.keys(s.events).length).toBeLessThanOrEqual(MAX_EVENT_TYPES);
        for (const [n, , days] of Object.values(s.events)) expect(days.reduce((sum, [, k]) => sum + k, 0)).toBeLessThanOrEqual(n);
        expect(Object.keys(s.interests).length).toBeLessThanOrEqual(MAX_INTERESTS);
        const p = summarize(s, T + later);
        for (const e of Object.values(p.events)) {
          expect(e.d1 <= e.d7 && e.d7 <= e.d30 && e.d30 <= e.d90 && e.d90 <= e.total).toBe(true);
        }
        const cookie = encodeProfileCookie(p);
        expect(cookie.length).toBeLessThanOrEqual(MAX_PROFILE_COOKIE_BYTES);
        const decoded = decodeProfileCookie(cookie);
        expect(segmentsOf(decoded, T + later)).toEqual(segmentsOf(p, T + later));
        expect(decoded.sessions).toBe(p.sessions);
      }),
      { numRuns: 150 },
    );
  });

  it('make the cookie the SDK writes from the state, which decodes to the summary', () => {
    fc.assert(
      fc.property(fc.array(few, { maxLength: 60 }), fc.integer({ min: 0, max: 200 * DAY }), (events, later) => {
        const s = fold(...events);
        const summary = summarize(s, T + later);
        const cookie = profileCookie(s, T + later);
        expect(cookie).toBe(encodeProfileCookie(summary));
        // Shedding starts past the size bound, which 12 event types and 20 categories never reach.
        expect(cookie.length).toBeLessThan(MAX_PROFILE_COOKIE_BYTES);
        expect(decodeProfileCookie(cookie)).toEqual(summary);
      }),
      { numRuns: 100 },
    );
  });

  it('summarize leaves out keys the cookie cannot carry, from a state stored by anyone', () => {
    const stored = { ...emptyState(), events: { 'not a key': [1, T, [[D / DAY, 1]]] }, interests: { 'Bad Key': [2, T] } } as ProfileState;
    expect(summarize(stored, T)).toEqual(emptyProfile());
    expect(decodeProfileCookie(profileCookie(stored, T))).toEqual(emptyProfile());
  });

  it('fold one at a time as in a batch while within bounds', () => {
    fc.assert(
      fc.property(fc.array(few, { maxLength: 60 }), (events) => {
        expect(events.reduce(foldEvent, emptyState())).toEqual(fold(...events));
      }),
      { numRuns: 100 },
    );
  });
});
