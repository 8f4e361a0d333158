/**
 * Who is calling the Admin API, and with which role (admin/roles.ts):
 * - a person signed in with a named account: the `sw_admin` cookie holds a random session id
 *   (nothing derived from a password or a key), checked against the server-side session
 *   (objects/admin-accounts.ts), which expires after 30 idle minutes or 12 hours and ends at sign-out;
 * - a person signed in through Cloudflare Access (admin/access-jwt.ts), when it is configured;
 * - a script sending an account's API token (`Authorization: Bearer swt_…`): that account;
 * - a script sending `Authorization: Bearer <ADMIN_PASSWORD>`: the admin "api key".
 * Every failed password or key counts against the client (objects/auth-throttle.ts) and is audited.
 */
import { EDIT_COOKIE, SESSION_COOKIE, bytesToBase64url, readCookie } from '@slotwise/core/protocol';
import { ACCESS_HEADER, verifyAccess } from './access-jwt.ts';
import { SESSION_MAX_MS, accounts } from '../objects/admin-accounts.ts';
import type { Role } from './roles.ts';
import { publisher } from './store.ts';
import { beginAttempt, clientOf } from '../objects/auth-throttle.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { sameSecret } from '../http/secrets.ts';

/** The cookies' lifetime: the session's absolute limit (the server also ends it when idle). */
export const SESSION_SECONDS = SESSION_MAX_MS / 1000;
/** The audit log's name for a script using ADMIN_PASSWORD as its bearer key. */
export const API_KEY_NAME = 'api key';

export interface Identity {
  /** The account's name, the Access email, or "api key": what the audit log records. */
  name: string;
  role: Role;
  via: 'session' | 'token' | 'bearer' | 'access';
}

const encoder = new TextEncoder();
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A new session id: 256 bits from the platform's CSPRNG. */
export const newSessionId = () => bytesToBase64url(crypto.getRandomValues(new Uint8Array(32)));

export const TOKEN_PREFIX = 'swt_';
const API_TOKEN = /^swt_[A-Za-z0-9_-]{43}$/;
/** A new API token: the prefix (so a leaked one is recognizable) and 256 random bits. */
export const newApiToken = () => `${TOKEN_PREFIX}${newSessionId()}`;

/** What the accounts object stores for a session id or API token (so its storage holds no usable secret). */
export async function sessionIdHash(id: string): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(id)))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Writes a failed attempt to the audit log, naming what was tried and the client (never a secret). */
export async function auditFailure(env: Env, request: Request, action: 'sign-in-failed' | 'key-rejected', who: string): Promise<void> {
  await publisher(env)
    .noteAuth(who.slice(0, 60), action, `client ${clientOf(request)}`)
    .catch((e: unknown) => console.warn(`slotwise: failed attempt not audited: ${String(e)}`));
}

/** Who is calling; throws the 401/403/429/503 that refuses anyone else. */
export async function authenticate(request: Request, env: Env, now: number): Promise<Identity> {
  const assertion = request.headers.get(ACCESS_HEADER);
  if (assertion && env.ACCESS_TEAM_DOMAIN && env.ACCESS_AUD) {
    const access = await verifyAccess(assertion, env, now);
    if (!access.ok) throw new HttpError(access.status, access.error);
    return { name: access.email, role: access.role, via: 'access' };
  }
  const bearer = /^Bearer (.+)$/.exec(request.headers.get('authorization') ?? '')?.[1];
  if (bearer !== undefined) {
    const password = env.ADMIN_PASSWORD;
    if (!password && !bearer.startsWith(TOKEN_PREFIX)) throw new HttpError(503, 'the Admin API key is not configured: set the ADMIN_PASSWORD secret');
    const attempt = await beginAttempt(env, 'admin', request, now);
    if (attempt.locked) throw attempt.locked;
    if (bearer.startsWith(TOKEN_PREFIX)) {
      const owner = API_TOKEN.test(bearer) ? await accounts(env).useToken(await sessionIdHash(bearer), now) : null;
      if (!owner) {
        await auditFailure(env, request, 'key-rejected', 'api token');
        throw await attempt.failed('authorization: unknown or revoked API token');
      }
      await attempt.succeeded();
      return { name: owner.name, role: owner.role, via: 'token' };
    }
    if (!(await sameSecret(bearer, password!))) {
      await auditFailure(env, request, 'key-rejected', API_KEY_NAME);
      throw await attempt.failed('authorization: wrong key');
    }
    await attempt.succeeded();
    return { name: API_KEY_NAME, role: 'admin', via: 'bearer' };
  }
  const id = readCookie(request.headers.get('cookie'), SESSION_COOKIE);
  if (!id) throw new HttpError(401, 'not signed in');
  const session = SESSION_ID.test(id) ? await accounts(env).useSession(await sessionIdHash(id), now) : null;
  if (!session) throw new HttpError(401, 'session: expired or ended; sign in again');
  return { name: session.name, role: session.role, via: 'session' };
}

/**
 * The two cookies of a session, or (maxAge 0) the cookies that end it. Both are HttpOnly and
 * SameSite=Strict: no script reads them and no other site's page can send them.
 */
export function sessionCookies(token: string, maxAge: number, secure: boolean): string[] {
  const flags = `Max-Age=${maxAge}; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; Path=/__sw/; ${flags}`, `${EDIT_COOKIE}=${maxAge ? '1' : ''}; Path=/; ${flags}`];
}
