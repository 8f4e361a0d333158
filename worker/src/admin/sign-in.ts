/**
 * Signing in with a name and a password (POST /__sw/admin/session). The password is checked
 * against the account's PBKDF2 hash; a name with no account costs the same time, and the
 * answer never says which of the two was wrong.
 *
 * Bootstrap: while no account exists, the name given with ADMIN_PASSWORD becomes the first
 * admin (its password is ADMIN_PASSWORD until changed in Team). Once any account exists,
 * ADMIN_PASSWORD signs nobody in; it stays the bearer key for scripts (and the way back in:
 * `PATCH /accounts/:name` with it resets an admin's password).
 */
import type { StoredAccount } from '../objects/admin-accounts.ts';
import { accounts } from '../objects/admin-accounts.ts';
import { sameSecret } from '../http/secrets.ts';
import { publisher } from './store.ts';
import type { Env } from '../env.ts';
import { hashPassword, noAccountDelay, passwordMatches } from './password-hash.ts';

/** Account names: what the audit log shows. Letters, digits, spaces and . _ @ ' - (emails fit). */
export const ACCOUNT_NAME = /^[\p{L}\p{N}][\p{L}\p{N} ._@'+-]{0,59}$/u;
export const NAME_RULE = "name: 1-60 letters, digits, spaces or . _ @ ' + -, starting with a letter or digit";

export async function checkSignIn(env: Env, name: string, password: string, now: number): Promise<Pick<StoredAccount, 'name' | 'role'> | null> {
  const store = accounts(env);
  const found = await store.find(name);
  if (found) return (await passwordMatches(password, found.password)) ? found : null;
  const bootstrap = env.ADMIN_PASSWORD && ACCOUNT_NAME.test(name) && (await sameSecret(password, env.ADMIN_PASSWORD)) && (await store.count()) === 0;
  if (bootstrap && (await store.create(name, 'admin', await hashPassword(password), 'ADMIN_PASSWORD', now, true))) {
    await publisher(env).noteAuth(name, 'account-added', `${name} (admin): the first account, made with ADMIN_PASSWORD`);
    return { name, role: 'admin' };
  }
  return noAccountDelay(password).then(() => null);
}
