/**
 * Identified visitors (the id a site passes to `identify`) are matched against ID lists by a
 * hash, never by the id itself: lists travel inside the config (to the edge, and per page to
 * browsers), so they hold hashes, and a visitor's id is hashed the same way where it is read.
 * 64 bits (two FNV-1a runs with different offsets): collisions stay negligible for lists of
 * millions. Not a secret — a stable, compact fingerprint.
 */
import { fnv1a32 } from './hash.ts';

export const USER_COOKIE = 'sw_uid';
const USER_ID = /^[\x21-\x7e]{1,128}$/;

/** A site's own customer id, as identify() may store it: 1-128 printable ASCII characters. */
export function isUserId(value: unknown): value is string {
  return typeof value === 'string' && USER_ID.test(value);
}

/** The id identify() stored in the `sw_uid` cookie (URI-encoded), or null when it is not a plausible one. */
export function userIdFromCookie(raw: string | null | undefined): string | null {
  if (!raw) return null;
  try {
    const id = decodeURIComponent(raw);
    return isUserId(id) ? id : null;
  } catch {
    return null;
  }
}

export function idHash(id: string): string {
  const text = id.trim();
  return fnv1a32(text).toString(16).padStart(8, '0') + fnv1a32(text, 0x050c5d1f).toString(16).padStart(8, '0');
}
