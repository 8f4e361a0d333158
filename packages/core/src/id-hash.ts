/**
 * Identified visitors: the site's own customer id, as `identify` stores it, and how it is matched
 * against ID lists (issue 16, item 6).
 *
 * - **Who may claim an id.** The `sw_uid` cookie is `<id, URI-encoded>.<signature>`, the
 *   signature being HMAC-SHA-256 of the id (UTF-8) with the site's `IDENTITY_SECRET`, in
 *   lowercase hex, computed by the site's backend — as Intercom's identity verification does. The
 *   Worker and the Decide API use an id only when its signature checks out: anyone can write a
 *   cookie, nobody without the secret can sign one.
 * - **How lists hold ids.** ID lists hold `listHash(ID_HASH_KEY, id)`: HMAC-SHA-256 with a key
 *   only the Worker holds, truncated to 128 bits (base64url, 22 characters). Without the key a
 *   list cannot be tested against guessed ids (the unkeyed 64-bit FNV of the first scheme was
 *   enumerated at a million ids in 1.5 s). 128 bits because truncation costs no secrecy while the
 *   key stays secret (the output is a PRF's), only collision room: two of a billion ids share a
 *   hash with odds of about 1 in 10^21, and lists stay 10 bytes an entry shorter than in hex.
 *   The message is prefixed (`slotwise-id-list:`), so a list hash is never an identity signature
 *   even if one secret were used for both.
 * WebCrypto is asynchronous and decisions are not: callers hash once per request, before
 * deciding, and pass the result in (`DecideInput.idHash`).
 */
import { bytesToBase64url } from './base64url.ts';
import { fnv1a32 } from './hash.ts';
import { hmacKey } from './hmac.ts';

/** The list hash scheme, stored with each list (`savedGroupHashes`) so an older one is recognised. */
export const LIST_HASH = 'hmac-sha256-128';
const USER_ID = /^[\x21-\x7e]{1,128}$/;
const SIGNATURE = /^[0-9a-f]{64}$/;
const LIST_PREFIX = 'slotwise-id-list:';

/** A site's own customer id, as identify() may store it: 1-128 printable ASCII characters. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/** An id as the `sw_uid` cookie claims it, not yet verified. */
export interface ClaimedUser {
  id: string;
  signature: string;
}

/** The id and signature in a `sw_uid` cookie, or null when it does not hold a plausible pair (an unsigned id included). */
export function userFromCookie(raw: string | null | undefined): ClaimedUser | null {
  if (!raw) return null;
  const dot = raw.lastIndexOf('.');
  const signature = raw.slice(dot + 1).toLowerCase();
  if (dot < 1 || !SIGNATURE.test(signature)) return null;
  try {
    const id = decodeURIComponent(raw.slice(0, dot));
    return isUserId(id) ? { id, signature } : null;
  } catch {
    return null;
  }
}

/** The `sw_uid` cookie's value for an id and its signature. */
export const userCookieValue = (id: string, signature: string) => `${encodeURIComponent(id)}.${signature}`;

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

/** The signature a site's backend gives `identify` for an id: HMAC-SHA-256(secret, id), lowercase hex. */
export async function signUserId(secret: string, id: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(id)));
}

/** The claimed id when its signature is the secret's for it (compared in constant time), else null; null without a secret. */
export async function verifiedUserId(secret: string | undefined, user: ClaimedUser | null): Promise<string | null> {
  if (!secret || !user || !SIGNATURE.test(user.signature)) return null;
  const signature = new Uint8Array(32);
  for (let i = 0; i < 32; i++) signature[i] = Number.parseInt(user.signature.slice(2 * i, 2 * i + 2), 16);
  return (await crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(user.id))) ? user.id : null;
}

/** An id as ID lists hold it and `user.idHash` carries it: keyed with the Worker's ID_HASH_KEY. */
export async function listHash(key: string, id: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(key), encoder.encode(LIST_PREFIX + id.trim()));
  return bytesToBase64url(new Uint8Array(mac, 0, 16));
}

/**
 * A stable, compact, public fingerprint (two FNV-1a runs, 64 bits), for keys and ids that need
 * no secrecy (stored traits' KV keys, page-goal event ids). Not for ID lists: it takes no key,
 * so anyone can compute it for guessed ids.
 */
export function idHash(id: string): string {
  const text = id.trim();
  return fnv1a32(text).toString(16).padStart(8, '0') + fnv1a32(text, 0x050c5d1f).toString(16).padStart(8, '0');
}
