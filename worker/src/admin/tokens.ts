/**
 * API tokens under /__sw/admin/tokens (docs/admin-api.md, "API tokens"): a signed-in person
 * makes tokens for their own scripts, which then act as that person, with their role, and are
 * named as them in the audit log. A token is shown once; only its SHA-256 is stored. Removing
 * the account or resetting its password revokes its tokens.
 */
import { Hono } from 'hono';
import { accounts } from '../objects/admin-accounts.ts';
import { newApiToken, sessionIdHash } from './auth.ts';
import { publisher } from './store.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { jsonBody } from './body.ts';

type Vars = { Bindings: Env; Variables: { who: string; via: string } };

export const tokensApi = new Hono<Vars>()
  // Tokens belong to accounts: an Access identity or the ADMIN_PASSWORD key has none.
  .use('*', async (c, next) => {
    if (c.get('via') !== 'session' && c.get('via') !== 'token') throw new HttpError(403, 'tokens: only a person signed in with an account has API tokens');
    await next();
  })
  .get('/', async (c) => c.json({ tokens: await accounts(c.env).tokensOf(c.get('who')) }))
  .post('/', jsonBody<{ label: string }>(), async (c) => {
    const read = c.req.valid('json');
    const body = (typeof read === 'object' && read !== null ? read : {}) as { label?: unknown };
    const label = typeof body.label === 'string' ? body.label.trim().slice(0, 60) : '';
    if (!label) throw new HttpError(400, 'label: required (what the token is for, e.g. "CRM sync")');
    const token = newApiToken();
    const hash = await sessionIdHash(token);
    const id = hash.slice(0, 12);
    await accounts(c.env).addToken(hash, id, c.get('who'), label, Date.now());
    await publisher(c.env).noteAuth(c.get('who'), 'account-changed', `${c.get('who')}: API token ${id} "${label}" added`);
    return c.json({ id, label, token, note: 'shown once: store it now' }, 201);
  })
  .delete('/:id', async (c) => {
    const id = c.req.param('id');
    if (!(await accounts(c.env).removeToken(c.get('who'), id))) throw new HttpError(404, `token: you have no token ${id}`);
    await publisher(c.env).noteAuth(c.get('who'), 'account-changed', `${c.get('who')}: API token ${id} revoked`);
    return c.body(null, 204);
  });
