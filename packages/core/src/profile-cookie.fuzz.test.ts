/**
 * Property tests of the cookie codec against what a visitor (or anything between them and the
 * edge) can put in a Cookie header: random bytes, valid-looking but hostile payloads, huge
 * values and huge numbers of cookies. Decoding never throws, yields a well-formed profile,
 * does bounded work, and pollutes no prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBase64url, encodeBase64url } from './base64url.ts';
import { readCookie } from './cookies.ts';
import { type Profile, emptyProfile } from './profile.ts';
import { PROFILE_COOKIE } from './cookie-names.ts';
import { MAX_PROFILE_COOKIE_BYTES, PROFILE_COOKIE_VERSION, decodeProfileCookie, encodeProfileCookie } from './profile-cookie.ts';

const PREFIX = `${PROFILE_COOKIE_VERSION}.`;
const polluted = () => (({}) as Record<string, unknown>).polluted ?? ([] as unknown as Record<string, unknown>).polluted;

const finiteCount = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** A decoded profile is always the profile shape, with only own, safe keys and finite counts. */
function wellFormed(p: Profile): boolean {
  const top = [p.firstSeen, p.lastSeen, p.sessions, p.pageviews, p.orders, p.revenue, p.returnGap];
  if (!top.every(finiteCount)) return false;
  for (const record of [p.events, p.interests]) {
    if (Object.getPrototypeOf(record) !== Object.prototype) return false;
    for (const key of Object.keys(record)) if (['__proto__', 'constructor', 'prototype'].includes(key)) return false;
  }
  if (Object.keys(p.events).length > 64 || Object.keys(p.interests).length > 64) return false;
  return Object.values(p.events).every((e) => [e.d1, e.d7, e.d30, e.d90, e.total, e.last].every(finiteCount)) && Object.values(p.interests).every(finiteCount);
}

const n = fc.integer({ min: 0, max: 1e9 });
const wireEvent = fc.tuple(n, n, n, n, n, n);
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'polluted', 'add_to_cart', 'toString', 'hasOwnProperty', 'a'.repeat(41), '', 'bad key');
const hostileNumber = fc.oneof(n, fc.double(), fc.constantFrom(-1, 1e13, Number.MAX_VALUE, '1', null, true, [], {}));

/** JSON text of a wire tuple with random, often hostile, parts: decodes must refuse or sanitize it. */
const hostileWire = fc
  .tuple(
    fc.oneof(fc.constant(PROFILE_COOKIE_VERSION), fc.integer({ min: -2, max: 5 })),
    fc.array(hostileNumber, { minLength: 7, maxLength: 7 }),
    fc.dictionary(hostileKey, fc.oneof(wireEvent, fc.array(hostileNumber, { maxLength: 8 })), { maxKeys: 5 }),
    fc.dictionary(hostileKey, hostileNumber, { maxKeys: 5 }),
    fc.nat({ max: 3 }),
  )
  .map(([version, numbers, events, interests, shape]) => {
    // Keys spelled as JSON, so `__proto__` arrives as an own key, as from a real cookie.
    const record = (r: Record<string, unknown>) =>
      `{${Object.entries(r)
        .map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`)
        .join(',')}}`;
    const parts = [JSON.stringify(version), ...numbers.map((x) => JSON.stringify(x)), record(events), record(interests)];
    if (shape === 1) parts.push('0');
    if (shape === 2) parts.pop();
    if (shape === 3) parts[8] = '{"__proto__":{"polluted":[1,1,1,1,1,1]},"constructor":{"prototype":{"polluted":1}}}';
    return `[${parts.join(',')}]`;
  });

describe('the profile cookie codec under hostile input (property-based)', () => {
  it('decodes random bytes, with or without the version prefix, to a well-formed profile', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 1_400 }), fc.constantFrom('', PREFIX, '1.', '3.'), (bytes, prefix) => {
        const p = decodeProfileCookie(prefix + bytesToBase64url(bytes));
        return wellFormed(p) && polluted() === undefined;
      }),
      { numRuns: 1_000 },
    );
  });

  it('decodes raw random strings (any characters, truncations, padding) without throwing', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 2_000 }), fc.nat({ max: 2_000 }), (s, cut) => {
        const valid = encodeProfileCookie({ ...emptyProfile(), sessions: 3, events: { add_to_cart: { d1: 1, d7: 1, d30: 1, d90: 1, total: 1, last: 5 } } });
        return (
          wellFormed(decodeProfileCookie(s)) &&
          wellFormed(decodeProfileCookie(PREFIX + s)) &&
          wellFormed(decodeProfileCookie(valid.slice(0, cut))) &&
          wellFormed(decodeProfileCookie(`${valid}${s}`))
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('refuses or sanitizes hostile wire tuples, and pollutes no prototype', () => {
    fc.assert(
      fc.property(hostileWire, (json) => {
        const p = decodeProfileCookie(PREFIX + encodeBase64url(json));
        return wellFormed(p) && polluted() === undefined;
      }),
      { numRuns: 1_000 },
    );
    expect(polluted()).toBeUndefined();
  });

  it('refuses a cookie over the size bound outright, however it is made', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_PROFILE_COOKIE_BYTES + 1, max: 1_000_000 }), fc.constantFrom('A', '_', '-', '0'), (size, unit) => {
        const huge = PREFIX + unit.repeat(size - PREFIX.length);
        return JSON.stringify(decodeProfileCookie(huge)) === JSON.stringify(emptyProfile());
      }),
      { numRuns: 300 },
    );
  });

  it('encodes any profile, hostile keys and numbers included, within the bound and decodably', () => {
    const stats = fc.record({ d1: hostileNumber, d7: hostileNumber, d30: hostileNumber, d90: hostileNumber, total: hostileNumber, last: hostileNumber });
    const profile = fc.record({
      firstSeen: n,
      lastSeen: n,
      sessions: n,
      pageviews: n,
      orders: n,
      revenue: n,
      returnGap: n,
      events: fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 50 })), stats, { maxKeys: 200 }),
      interests: fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 50 })), hostileNumber, { maxKeys: 200 }),
    });
    fc.assert(
      fc.property(profile, (p) => {
        const value = encodeProfileCookie(p as unknown as Profile);
        return value.length <= MAX_PROFILE_COOKIE_BYTES && /^[0-9]+\.[A-Za-z0-9_-]*$/.test(value) && wellFormed(decodeProfileCookie(value));
      }),
      { numRuns: 300 },
    );
  });
});

describe('reading cookies from hostile Cookie headers (property-based)', () => {
  const name = fc.stringMatching(/^[a-z_]{1,8}$/);
  const value = fc.string({ maxLength: 40 }).map((s) => s.replace(/[;]/g, ''));

  it('finds the first of many cookies exactly as a plain scan of the first 8 KB would, never throwing', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, value), { maxLength: 2_000 }), name, fc.constantFrom('; ', ';', ' ;  '), (pairs, wanted, sep) => {
        const header = pairs.map(([k, v]) => `${k}=${v}`).join(sep);
        const expected = header
          .slice(0, 8192)
          .split(';')
          .map((part) => part.trim())
          .find((part) => part.startsWith(`${wanted}=`));
        const got = readCookie(header, wanted);
        return expected === undefined ? got === null : got === expected.slice(wanted.length + 1).trim();
      }),
      { numRuns: 300 },
    );
  });

  it('ignores a profile cookie past 8 KB of header, and a huge one before it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 8_200, max: 2_000_000 }), fc.uint8Array({ maxLength: 100 }), (padding, bytes) => {
        const profile = `${PREFIX}${bytesToBase64url(bytes)}`;
        const late = `junk=${'x'.repeat(padding)}; ${PROFILE_COOKIE}=${profile}`;
        const huge = `${PROFILE_COOKIE}=${PREFIX}${'A'.repeat(padding)}`;
        return (
          readCookie(late, PROFILE_COOKIE) === null &&
          wellFormed(decodeProfileCookie(readCookie(huge, PROFILE_COOKIE))) &&
          JSON.stringify(decodeProfileCookie(readCookie(huge, PROFILE_COOKIE))) === JSON.stringify(emptyProfile())
        );
      }),
      { numRuns: 300 },
    );
  });

  it('reads hostile names and values (including __proto__) as plain strings, polluting nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype', PROFILE_COOKIE, 'sw_id'), fc.string({ unit: 'binary', maxLength: 100 })), { maxLength: 50 }),
        (pairs) => {
          const header = pairs.map(([k, v]) => `${k}=${v}`).join('; ');
          for (const key of ['__proto__', 'constructor', 'prototype', PROFILE_COOKIE]) {
            const got = readCookie(header, key);
            if (got !== null && typeof got !== 'string') return false;
          }
          return wellFormed(decodeProfileCookie(readCookie(header, PROFILE_COOKIE))) && polluted() === undefined;
        },
      ),
      { numRuns: 500 },
    );
  });
});
