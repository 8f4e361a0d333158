/**
 * Who may use the Admin API: a signed-in editor (the `sw_admin` session cookie, an expiry
 * signed with HMAC-SHA-256) or a script sending the password as a bearer token. The key is
 * derived from ADMIN_PASSWORD, so changing the password signs everyone out. Without a
 * password configured nothing is allowed.
 */
import { decodeBase64url, encodeBase64url, readCookie } from '@slotwise/core';

export const SESSION_COOKIE = 'sw_admin';
/** Set while signed in: pages framed by the editor are then served unpersonalized (see index.ts). */
export const EDIT_COOKIE = 'sw_edit';
export const SESSION_SECONDS = 8 * 3600;

/** `who` goes into the audit log: the name given at sign-in, or "api key". */
export type Auth = { ok: true; via: 'session' | 'bearer'; who: string } | { ok: false; status: 401 | 503; error: string };

const encoder = new TextEncoder();

async function sessionKey(password: string): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(`slotwise-session:${password}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => new Uint8Array((hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));
const TOKEN = /^(\d{13})\.([A-Za-z0-9_-]{0,200})\.([0-9a-f]{64})$/;

/** Constant-time comparison of two secrets (lengths may differ). */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  return crypto.subtle.timingSafeEqual(x!, y!) && a.length === b.length;
}

/** A session token: `<expires ms>.<name, base64url>.<HMAC of both>`. */
export async function createSession(password: string, now: number, name: string): Promise<{ token: string; expires: number }> {
  const expires = now + SESSION_SECONDS * 1000;
  const signed = `${expires}.${encodeBase64url(name)}`;
  const signature = await crypto.subtle.sign('HMAC', await sessionKey(password), encoder.encode(signed));
  return { token: `${signed}.${toHex(signature)}`, expires };
}

/** Who signed in, when the token is genuine and current; else null. */
export async function verifySession(password: string, token: string | null, now: number): Promise<{ who: string; expires: number } | null> {
  const match = token ? TOKEN.exec(token) : null;
  if (!match || Number(match[1]) <= now) return null;
  const signed = `${match[1]}.${match[2]}`;
  const genuine = await crypto.subtle.verify('HMAC', await sessionKey(password), fromHex(match[3]!), encoder.encode(signed));
  return genuine ? { who: decodeBase64url(match[2]!) ?? 'editor', expires: Number(match[1]) } : null;
}

export async function authenticate(request: Request, password: string | undefined, now: number): Promise<Auth> {
  if (!password) return { ok: false, status: 503, error: 'the Admin API is not configured: set the ADMIN_PASSWORD secret' };
  const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer !== undefined) {
    return (await sameSecret(bearer, password)) ? { ok: true, via: 'bearer', who: 'api key' } : { ok: false, status: 401, error: 'authorization: wrong key' };
  }
  const session = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  const verified = await verifySession(password, session, now);
  if (verified) return { ok: true, via: 'session', who: verified.who };
  return { ok: false, status: 401, error: session ? 'session: expired or invalid; sign in again' : 'not signed in' };
}

/**
 * The two cookies of a session, or (maxAge 0) the cookies that end it. Both are HttpOnly and
 * SameSite=Strict: no script reads them and no other site's page can send them.
 */
export function sessionCookies(token: string, maxAge: number, secure: boolean): string[] {
  const flags = `Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; Path=/__sw/; ${flags}`, `${EDIT_COOKIE}=${maxAge ? '1' : ''}; Path=/; ${flags}`];
}
