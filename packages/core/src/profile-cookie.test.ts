import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeBase64url } from './base64url.ts';
import { type Profile, emptyProfile } from './profile.ts';
import { MAX_PROFILE_COOKIE_BYTES, decodeProfileCookie, encodeProfileCookie } from './profile-cookie.ts';

const profile: Profile = {
  firstSeen: 1_750_000_000,
  lastSeen: 1_760_000_000,
  sessions: 4,
  pageviews: 31,
  events: { add_to_cart: { d1: 1, d7: 2, d30: 2, d90: 3, total: 3, last: 1_760_000_000 } },
  interests: { shoes: 3.25, kitchen: 0.5 },
  orders: 1,
  revenue: 129.9,
  returnGap: 3 * 86_400,
};

describe('the profile cookie', () => {
  it('round-trips a profile as versioned base64url', () => {
    const value = encodeProfileCookie(profile);
    expect(value).toMatch(/^2\.[A-Za-z0-9_-]+$/);
    expect(decodeProfileCookie(value)).toEqual(profile);
  });

  it('sheds the weakest interests and stalest events to stay within the size bound', () => {
    const big: Profile = { ...profile, events: {}, interests: {} };
    for (let i = 0; i < 200; i++) {
      big.interests[`category_${i}`] = i;
      big.events[`event_${i}`] = { d1: i, d7: i, d30: i, d90: i, total: i, last: 1_700_000_000 + i };
    }
    const value = encodeProfileCookie(big);
    expect(value.length).toBeLessThanOrEqual(MAX_PROFILE_COOKIE_BYTES);
    const back = decodeProfileCookie(value);
    expect(back.interests).not.toHaveProperty('category_0');
    expect(back.events).not.toHaveProperty('event_0');
    expect(back).toMatchObject({ sessions: 4, orders: 1, revenue: 129.9, returnGap: 3 * 86_400 });
  });

  it.each([
    ['nothing', null],
    ['an empty string', ''],
    ['garbage', '%%%not-a-cookie'],
    ['another version', `3.${encodeBase64url('[3]')}`],
    ['the previous version (it carried segments)', `1.${encodeBase64url('[1,0,0,1,1,0,0,["new"],{},{}]')}`],
    ['a truncated value', encodeProfileCookie(profile).slice(0, 40)],
    ['an oversized value', `2.${'A'.repeat(MAX_PROFILE_COOKIE_BYTES)}`],
    ['base64 of text', `2.${encodeBase64url('hello')}`],
    ['the wrong shape', `2.${encodeBase64url('{"a":1}')}`],
    ['negative counts', `2.${encodeBase64url('[2,-1,0,0,0,0,0,0,{},{}]')}`],
    ['a negative return gap', `2.${encodeBase64url('[2,0,0,0,0,0,0,-5,{},{}]')}`],
    ['prototype keys', `2.${encodeBase64url('[2,0,0,0,0,0,0,0,{"__proto__":[0,0,0,0,0,0]},{}]')}`],
  ])('decodes %s to an empty profile', (_, value) => {
    expect(decodeProfileCookie(value)).toEqual(emptyProfile());
    expect(({} as Record<string, unknown>).d1).toBeUndefined();
  });

  it('never throws and always yields finite numbers, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (s) => {
        const p = decodeProfileCookie(s);
        return [p.firstSeen, p.lastSeen, p.sessions, p.pageviews, p.orders, p.revenue].every(Number.isFinite);
      }),
    );
  });

  it('round-trips any small valid profile (after rounding to cents)', () => {
    const key = fc.stringMatching(/^[a-z][a-z0-9_]{0,15}$/);
    const n = fc.integer({ min: 0, max: 1_000_000 });
    const arb = fc.record({
      firstSeen: n,
      lastSeen: n,
      sessions: n,
      pageviews: n,
      orders: n,
      revenue: fc.integer({ min: 0, max: 10_000_000 }).map((c) => c / 100),
      events: fc.dictionary(key, fc.record({ d1: n, d7: n, d30: n, d90: n, total: n, last: n }), { maxKeys: 10 }),
      interests: fc.dictionary(
        key,
        fc.integer({ min: 0, max: 10_000 }).map((c) => c / 100),
        { maxKeys: 10 },
      ),
      returnGap: n,
    });
    fc.assert(
      fc.property(arb, (p) => {
        expect(decodeProfileCookie(encodeProfileCookie(p))).toEqual(p);
      }),
    );
  });
});
