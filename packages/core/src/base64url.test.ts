import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBase64url, decodeBase64url, decodeBase64urlBytes, encodeBase64url } from './base64url.ts';

/** What base64url text is: the URL-safe alphabet, unpadded, of a length that can end a byte. */
const isBase64url = (s: string) => /^[A-Za-z0-9_-]*$/.test(s) && s.length % 4 !== 1;

/** Mostly the alphabet, with the characters a lenient decoder would let through mixed in. */
const nearlyBase64url = fc.string({
  unit: fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...'ABCXYZabcxyz0189-_') },
    fc.constantFrom('+', '/', '=', ' ', '\t', '\n', '\f', '\r', '.', '%', 'é', '\u00a0', '\u3000'),
  ),
  maxLength: 64,
});

describe('base64url', () => {
  it('round-trips text, including non-ASCII, and bytes', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'Grüße, 世界 🎉', '{"a":[1,2]}']) {
      expect(encodeBase64url(text)).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64url(encodeBase64url(text))).toBe(text);
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const binary = decodeBase64urlBytes(bytesToBase64url(bytes));
        expect(binary).toBe(String.fromCharCode(...bytes));
      }),
    );
  });

  it('accepts exactly unpadded base64url: no padding, whitespace, "+" or "/"', () => {
    expect(decodeBase64urlBytes('QUJD')).toBe('ABC');
    for (const bad of ['QQ==', 'QUI=', 'QU JD', 'QUJD\n', ' QUJD', 'QUJ+', 'QUJ/', 'Q', 'QUJDR', 'QU.D', 'QUJé']) {
      expect(decodeBase64urlBytes(bad), bad).toBeNull();
    }
    fc.assert(
      fc.property(nearlyBase64url, (s) => {
        expect(decodeBase64urlBytes(s) !== null, JSON.stringify(s)).toBe(isBase64url(s));
      }),
      { numRuns: 5_000 },
    );
  });

  it('decodes text only when it is valid UTF-8', () => {
    expect(decodeBase64url(bytesToBase64url(new Uint8Array([0x67, 0xc3, 0xbc])))).toBe('gü');
    expect(decodeBase64url(bytesToBase64url(new Uint8Array([0x67, 0xc3])))).toBeNull();
    expect(decodeBase64url(bytesToBase64url(new Uint8Array([0xff, 0xfe])))).toBeNull();
  });
});
