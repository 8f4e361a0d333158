/**
 * ID lists hold keyed hashes and `sw_uid` is trusted only with the site's signature (issue 16,
 * item 6). Checked against values this project did not compute: RFC 4231's HMAC-SHA-256 test
 * case 2, and hashes made with `openssl dgst -sha256 -hmac` and node:crypto's createHmac (which a
 * site's backend signs with, docs/sdk.md). Runs in Node and workerd, so no node:crypto here.
 */
import { describe, expect, it } from 'vitest';
import { idHash, listHash, signUserId, userCookieValue, userFromCookie, verifiedUserId } from './id-hash.ts';

describe('listHash', () => {
  it('is HMAC-SHA-256 with the key, truncated to 128 bits: not the unkeyed FNV, and different under another key', async () => {
    const hash = await listHash('site-key-1', 'cust-4711');
    // printf 'slotwise-id-list:cust-4711' | openssl dgst -sha256 -hmac site-key-1 -binary | head -c16 | base64 (url-safe, unpadded)
    expect(hash).toBe('wB2IbwZknWt5C1TyqSNsKw');
    expect(hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(hash).not.toBe(idHash('cust-4711'));
    expect(await listHash('site-key-2', 'cust-4711')).not.toBe(hash);
    expect(await listHash('site-key-1', ' cust-4711 ')).toBe(hash);
  });
});

describe('identity signatures', () => {
  const secret = 'identity-secret';
  const backend = (id: string) => signUserId(secret, id);

  it('signs as HMAC-SHA-256 does (RFC 4231, test case 2)', async () => {
    expect(await signUserId('Jefe', 'what do ya want for nothing?')).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('accepts the id a backend signed with node:crypto, and nothing else', async () => {
    // createHmac('sha256', 'identity-secret').update('cust-4711').digest('hex')
    const signature = '304cf212622a12b945574fc6a5dac86862b1cdc7aa1bf7e7f3fca32999aca4c0';
    expect(await signUserId(secret, 'cust-4711')).toBe(signature);
    const cookie = userCookieValue('cust-4711', signature);
    expect(await verifiedUserId(secret, userFromCookie(cookie))).toBe('cust-4711');
    // Another id with that signature, a signature from another secret, an unsigned id, no secret.
    expect(await verifiedUserId(secret, userFromCookie(userCookieValue('cust-4712', signature)))).toBeNull();
    expect(await verifiedUserId(secret, userFromCookie(userCookieValue('cust-4711', await signUserId('other', 'cust-4711'))))).toBeNull();
    expect(userFromCookie('cust-4711')).toBeNull();
    expect(await verifiedUserId(undefined, userFromCookie(cookie))).toBeNull();
  });

  it('reads ids with dots, reserved characters and upper-case hex; refuses garbage', async () => {
    const id = 'a.b;c=d@e';
    const cookie = userCookieValue(id, (await backend(id)).toUpperCase());
    expect(userFromCookie(cookie)).toEqual({ id, signature: await backend(id) });
    expect(await verifiedUserId(secret, userFromCookie(cookie))).toBe(id);
    // sw.js writes the id with escape() (size budget): every printable ASCII id reads back the same.
    const ascii = Array.from({ length: 94 }, (_, i) => String.fromCharCode(0x21 + i)).join('');
    const sig = await backend(ascii);
    expect(userFromCookie(`${escape(ascii)}.${sig}`)).toEqual({ id: ascii, signature: sig });
    for (const raw of ['', '.', `.${sig}`, `%E0%A4%A.${sig}`, `x.${sig.slice(1)}`, `x.${'g'.repeat(64)}`, `has%20space.${sig}`]) {
      expect(userFromCookie(raw)).toBeNull();
    }
  });
});
