/**
 * The server key (the DECIDE_KEY secret) every Decide API route needs, as Hono's bearer-auth
 * middleware. The key is compared in constant time; a wrong key counts against the client like a
 * wrong password (objects/auth-throttle.ts: a locked-out client gets a 429 with Retry-After) and
 * is audited. Refusals keep the one error shape (http/errors.ts).
 */
import { createMiddleware } from 'hono/factory';
import { bearerAuth } from 'hono/bearer-auth';
import { auditFailure } from '../admin/auth.ts';
import type { Env } from '../env.ts';
import { beginAttempt } from '../objects/auth-throttle.ts';
import { HttpError } from './errors.ts';
import { sameSecret } from './secrets.ts';

const missing = { message: () => new HttpError(401, 'authorization: send "Authorization: Bearer <server key>"').response() };

type KeyEnv = { Bindings: Env };

const bearer = bearerAuth<KeyEnv>({
  noAuthenticationHeader: missing,
  invalidAuthenticationHeader: missing,
  verifyToken: async (token, c) => {
    const env = c.env;
    const attempt = await beginAttempt(env, 'decide', c.req.raw);
    if (attempt.locked) throw attempt.locked;
    if (!(await sameSecret(token, env.DECIDE_KEY!))) {
      await auditFailure(env, c.req.raw, 'key-rejected', 'decide key');
      throw await attempt.failed('authorization: wrong key');
    }
    await attempt.succeeded();
    return true;
  },
});

export const requireServerKey = createMiddleware<KeyEnv>(async (c, next) => {
  if (!c.env.DECIDE_KEY) throw new HttpError(503, 'the Decide API is not configured: set the DECIDE_KEY secret');
  return bearer(c, next);
});
