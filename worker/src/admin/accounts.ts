/**
 * Accounts under /__sw/admin/accounts (admins only; docs/admin-api.md, "Accounts"): list, add
 * with a role and an initial password, change a role, reset a password (which ends that
 * account's sessions), remove, and end an account's sessions. Every change is audited. The
 * last admin cannot be demoted or removed, so the team can never lock itself out.
 */
import { Hono } from 'hono';
import { accounts } from '../objects/admin-accounts.ts';
import { type Role, ROLES, isRole } from './roles.ts';
import { ACCOUNT_NAME, NAME_RULE } from './sign-in.ts';
import { publisher } from './store.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { jsonObjectBody } from './body.ts';
import { hashPassword, passwordProblem } from './password-hash.ts';

type Vars = { Bindings: Env; Variables: { who: string } };

const ROLE_RULE = `role: must be one of ${ROLES.join(', ')}`;
const LAST_ADMIN = 'role: this is the last admin; make another account admin first';

export const accountsApi = new Hono<Vars>()
  .get('/', async (c) => c.json({ accounts: await accounts(c.env).list(Date.now()), roles: ROLES }))
  .post('/', jsonObjectBody<{ name: string; role: Role; password: string }>(), async (c) => {
    const b = c.req.valid('json');
    const name = typeof b.name === 'string' ? b.name.trim() : '';
    if (!ACCOUNT_NAME.test(name)) throw new HttpError(400, NAME_RULE);
    if (!isRole(b.role)) throw new HttpError(400, ROLE_RULE);
    const problem = passwordProblem(b.password);
    if (problem) throw new HttpError(400, problem);
    const added = await accounts(c.env).create(name, b.role, await hashPassword(b.password as string), c.get('who'), Date.now());
    if (!added) throw new HttpError(409, `name: an account named "${name}" exists`);
    await publisher(c.env).noteAuth(c.get('who'), 'account-added', `${name} (${b.role})`);
    return c.json({ name, role: b.role }, 201);
  })
  .patch('/:name', jsonObjectBody<{ role?: Role; password?: string }>(), async (c) => {
    const name = c.req.param('name');
    const b = c.req.valid('json');
    if (b.role !== undefined && !isRole(b.role)) throw new HttpError(400, ROLE_RULE);
    const passwordIssue = b.password === undefined ? null : passwordProblem(b.password);
    if (passwordIssue) throw new HttpError(400, passwordIssue);
    if (b.role === undefined && b.password === undefined) throw new HttpError(400, 'body: give a new "role", a new "password", or both');
    const change: { role?: Role; password?: Awaited<ReturnType<typeof hashPassword>> } = {};
    if (isRole(b.role)) change.role = b.role;
    if (typeof b.password === 'string') change.password = await hashPassword(b.password);
    const result = await accounts(c.env).update(name, change);
    if (result === 'unknown') throw new HttpError(404, `account: "${name}" does not exist`);
    if (result === 'last-admin') throw new HttpError(409, LAST_ADMIN);
    const what = [change.role ? `role ${change.role}` : '', change.password ? 'password reset, sessions ended' : ''].filter(Boolean).join('; ');
    await publisher(c.env).noteAuth(c.get('who'), 'account-changed', `${name}: ${what}`);
    return c.json({ name, ...(change.role ? { role: change.role } : {}), ...(change.password ? { passwordReset: true } : {}) });
  })
  .delete('/:name', async (c) => {
    const name = c.req.param('name');
    const result = await accounts(c.env).remove(name);
    if (result === 'unknown') throw new HttpError(404, `account: "${name}" does not exist`);
    if (result === 'last-admin') throw new HttpError(409, LAST_ADMIN);
    await publisher(c.env).noteAuth(c.get('who'), 'account-removed', name);
    return c.body(null, 204);
  })
  .delete('/:name/sessions', async (c) => {
    const name = c.req.param('name');
    const ended = await accounts(c.env).endSessionsOf(name);
    if (ended === null) throw new HttpError(404, `account: "${name}" does not exist`);
    await publisher(c.env).noteAuth(c.get('who'), 'sessions-revoked', `${name}: ${ended} session${ended === 1 ? '' : 's'}`);
    return c.json({ name, ended });
  });
