/**
 * Brute-force protection for every credential the Worker checks (Admin API sign-in and bearer
 * key, the Decide API key): failed attempts are counted per client in a Durable Object, so the
 * count holds across isolates and locations. After FREE_FAILURES failures in a row the client
 * is locked out for a second, then twice as long after each further failure, up to
 * MAX_LOCK_MS. While locked, every attempt is refused with 429 before its credential is
 * checked (so a right guess is refused too), and attempts made while locked do not extend the
 * lock: a legitimate user who waits it out gets in. A success clears the count.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';

export const FREE_FAILURES = 10;
export const FIRST_LOCK_MS = 1000;
export const MAX_LOCK_MS = 15 * 60_000;
/** A client with no failure for this long is forgotten. */
const FORGET_MS = 24 * 3600_000;

export interface ThrottleState {
  failures: number;
  lockedUntil: number;
}

export type Scope = 'admin' | 'decide';

export const lockMs = (failures: number) => (failures < FREE_FAILURES ? 0 : Math.min(FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES), MAX_LOCK_MS));

export class AuthThrottle extends DurableObject<Env> {
  private async state(now: number): Promise<ThrottleState> {
    const stored = await this.ctx.storage.get<ThrottleState & { last: number }>('state');
    if (!stored || now - stored.last > FORGET_MS) return { failures: 0, lockedUntil: 0 };
    return { failures: stored.failures, lockedUntil: stored.lockedUntil };
  }

  async check(now: number): Promise<ThrottleState> {
    return this.state(now);
  }

  /** Counts a failure, unless the client is locked (attempts while locked are refused unchecked). */
  async fail(now: number): Promise<ThrottleState> {
    const current = await this.state(now);
    if (current.lockedUntil > now) return current;
    const failures = current.failures + 1;
    const next = { failures, lockedUntil: lockMs(failures) ? now + lockMs(failures) : 0 };
    await this.ctx.storage.put('state', { ...next, last: now });
    await this.ctx.storage.setAlarm(now + FORGET_MS + 60_000);
    return next;
  }

  async clear(): Promise<void> {
    await this.ctx.storage.deleteAll();
  }

  override async alarm(): Promise<void> {
    const stored = await this.ctx.storage.get<{ last: number }>('state');
    if (stored && Date.now() - stored.last <= FORGET_MS) await this.ctx.storage.setAlarm(stored.last + FORGET_MS + 60_000);
    else await this.ctx.storage.deleteAll();
  }
}

/**
 * Who is attempting: the client's address as Cloudflare reports it (`CF-Connecting-IP`, which
 * a client cannot set through Cloudflare), IPv6 by its /64 (one subscriber's block). Without
 * the header (local runs, tests) every client shares the key "unknown".
 */
export function clientOf(request: Request): string {
  const ip = (request.headers.get('cf-connecting-ip') ?? '').trim();
  if (!ip) return 'unknown';
  if (!ip.includes(':')) return ip.slice(0, 45);
  const [head = '', tail = ''] = ip.split('::', 2);
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * Clients this isolate saw succeed and not locked, recently: their next attempts skip the
 * Durable Object (keeps a round trip off the Decide API's hot path). Only a right credential
 * puts a client here, and any failure takes it out, so it never lets a guesser through.
 */
const recentlyCleared = new Map<string, number>();
const CLEARED_TRUST_MS = 10_000;
const MAX_CLEARED = 10_000;

const stub = (env: Env, key: string) => env.THROTTLE.get(env.THROTTLE.idFromName(key));

export interface Attempt {
  /** Null when the client may try; else the 429 to throw. */
  locked: HttpError | null;
  /** Call after a failed check: the 401 to throw, or a 429 when this failure locked the client. */
  failed(reason: string): Promise<HttpError>;
  /** Call after a successful check. */
  succeeded(): Promise<void>;
}

export function tooMany(lockedUntil: number, now: number): HttpError {
  const seconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  return new HttpError(429, `too many failed attempts from this client: try again in ${seconds} second${seconds === 1 ? '' : 's'}`, {
    details: { retryAfter: seconds },
    headers: { 'retry-after': String(seconds) },
  });
}

/** Starts an attempt by `request`'s client in `scope`: says whether it is locked out, and records the outcome. */
export async function beginAttempt(env: Env, scope: Scope, request: Request, now = Date.now()): Promise<Attempt> {
  const key = `${scope}:${clientOf(request)}`;
  const cleared = recentlyCleared.get(key);
  const trusted = cleared !== undefined && now - cleared < CLEARED_TRUST_MS;
  const state = trusted ? { failures: 0, lockedUntil: 0 } : await stub(env, key).check(now);
  return {
    locked: state.lockedUntil > now ? tooMany(state.lockedUntil, now) : null,
    async failed(reason) {
      recentlyCleared.delete(key);
      const after = await stub(env, key).fail(now);
      if (after.lockedUntil > now) return tooMany(after.lockedUntil, now);
      return new HttpError(401, reason);
    },
    async succeeded() {
      if (state.failures > 0) await stub(env, key).clear();
      if (recentlyCleared.size >= MAX_CLEARED) recentlyCleared.clear();
      recentlyCleared.set(key, now);
    },
  };
}
