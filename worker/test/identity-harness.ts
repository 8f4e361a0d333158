/** Test helpers for admin identity: a fresh accounts object and throttle, and signing in. */
import { runInDurableObject } from 'cloudflare:test';
import { expect } from 'vitest';
import { call, env } from './harness.ts';

/** Durable Object storage outlives a test within a file: forget every account, session and failed attempt. */
export async function resetIdentity(clients: string[] = ['unknown']): Promise<void> {
  await runInDurableObject(env.ACCOUNTS.get(env.ACCOUNTS.idFromName('accounts')), (_, state) => {
    state.storage.sql.exec('DELETE FROM accounts');
    state.storage.sql.exec('DELETE FROM sessions');
  });
  for (const scope of ['admin', 'decide']) {
    for (const client of clients) {
      await runInDurableObject(env.THROTTLE.get(env.THROTTLE.idFromName(`${scope}:${client}`)), (_, state) => state.storage.deleteAll());
    }
  }
}

/** Signs in and returns the Cookie header value of the session (asserting it worked). */
export async function signInAs(name: string, password: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await call('/__sw/admin/session', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name, password }) });
  expect(response.status, await response.clone().text()).toBe(204);
  return response.headers
    .getAll('set-cookie')
    .map((c) => c.split(';', 1)[0])
    .join('; ');
}
