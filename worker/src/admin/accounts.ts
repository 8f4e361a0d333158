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
import { readJsonBody } from '../http/json-body.ts';
import { hashPassword, passwordProblem } from './password-hash.ts';

type Vars = { Bindings: Env; Variables: { who: string } };

const ROLE_RULE = `role: must be one of ${ROLES.join(', ')}`;
const LAST_ADMIN = 'role: this is the last admin; make another account admin first';

export const accountsApi = new Hono<Vars>();

/** The request's JSON object body, or why it is refused. */
async function objectBody(request: Request): Promise<{ ok: true; value: Record<string, unknown> } | { ok: false; status: 400 | 413 | 415; error: string }> {
  const read = await readJsonBody(request);
  if (!read.ok) return read;
  if (typeof read.value !== 'object' || read.value === null || Array.isArray(read.value)) return { ok: false, status: 400, error: 'body: must be a JSON object' };
  return { ok: true, value: read.value as Record<string, unknown> };
}

accountsApi.get('/', async (c) => c.json({ accounts: await accounts(c.env).list(Date.now()), roles: ROLES }));

accountsApi.post('/', async (c) => {
  const read = await objectBody(c.req.raw);
  if (!read.ok) return c.json({ error: read.error }, read.status);
  const b = read.value;
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (!ACCOUNT_NAME.test(name)) return c.json({ error: NAME_RULE }, 400);
  if (!isRole(b.role)) return c.json({ error: ROLE_RULE }, 400);
  const problem = passwordProblem(b.password);
  if (problem) return c.json({ error: problem }, 400);
  const added = await accounts(c.env).create(name, b.role, await hashPassword(b.password as string), c.get('who'), Date.now());
  if (!added) return c.json({ error: `name: an account named "${name}" exists` }, 409);
  await publisher(c.env).noteAuth(c.get('who'), 'account-added', `${name} (${b.role})`);
  return c.json({ name, role: b.role }, 201);
});

accountsApi.patch('/:name', async (c) => {
  const name = c.req.param('name');
  const read = await objectBody(c.req.raw);
  if (!read.ok) return c.json({ error: read.error }, read.status);
  const b = read.value;
  if (b.role !== undefined && !isRole(b.role)) return c.json({ error: ROLE_RULE }, 400);
  if (b.password !== undefined && passwordProblem(b.password)) return c.json({ error: passwordProblem(b.password) }, 400);
  if (b.role === undefined && b.password === undefined) return c.json({ error: 'body: give a new "role", a new "password", or both' }, 400);
  const change: { role?: Role; password?: Awaited<ReturnType<typeof hashPassword>> } = {};
  if (isRole(b.role)) change.role = b.role;
  if (typeof b.password === 'string') change.password = await hashPassword(b.password);
  const result = await accounts(c.env).update(name, change);
  if (result === 'unknown') return c.json({ error: `account: "${name}" does not exist` }, 404);
  if (result === 'last-admin') return c.json({ error: LAST_ADMIN }, 409);
  const what = [change.role ? `role ${change.role}` : '', change.password ? 'password reset, sessions ended' : ''].filter(Boolean).join('; ');
  await publisher(c.env).noteAuth(c.get('who'), 'account-changed', `${name}: ${what}`);
  return c.json({ name, ...(change.role ? { role: change.role } : {}), ...(change.password ? { passwordReset: true } : {}) });
});

accountsApi.delete('/:name', async (c) => {
  const name = c.req.param('name');
  const result = await accounts(c.env).remove(name);
  if (result === 'unknown') return c.json({ error: `account: "${name}" does not exist` }, 404);
  if (result === 'last-admin') return c.json({ error: LAST_ADMIN }, 409);
  await publisher(c.env).noteAuth(c.get('who'), 'account-removed', name);
  return c.body(null, 204);
});

accountsApi.delete('/:name/sessions', async (c) => {
  const name = c.req.param('name');
  const ended = await accounts(c.env).endSessionsOf(name);
  if (ended === null) return c.json({ error: `account: "${name}" does not exist` }, 404);
  await publisher(c.env).noteAuth(c.get('who'), 'sessions-revoked', `${name}: ${ended} session${ended === 1 ? '' : 's'}`);
  return c.json({ name, ended });
});
