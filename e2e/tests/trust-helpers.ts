/** Helpers for the issue-17 specs (trust-*.spec.ts): signing in as a named editor, and a draft that starts as the live version. */
import { type APIRequestContext, type Page, expect } from '@playwright/test';
import type { SiteConfigInput } from '@slotwise/core';
import { ADMIN_KEY, signInToEditor } from './helpers.ts';

export const ADMIN = ADMIN_KEY;

/** Signs `name` in to the editor with an account of their own (made with the admin key). */
export async function signIn(page: Page, name: string): Promise<void> {
  await signInToEditor(page, name);
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
}

export async function liveConfig(request: APIRequestContext): Promise<{ version: number; config: SiteConfigInput }> {
  const draft = (await (await request.get('/__sw/admin/draft', { headers: ADMIN })).json()) as { live: number };
  const { config } = (await (await request.get(`/__sw/admin/versions/${draft.live}`, { headers: ADMIN })).json()) as { config: SiteConfigInput };
  return { version: draft.live, config };
}

export async function draftNow(request: APIRequestContext): Promise<{ draft: SiteConfigInput; revision: number }> {
  return (await request.get('/__sw/admin/draft', { headers: ADMIN })).json();
}

/** Other specs share this stack: each test here starts from a draft equal to the live version. */
export async function resetDraftToLive(request: APIRequestContext): Promise<void> {
  const { config } = await liveConfig(request);
  expect((await request.put('/__sw/admin/draft', { headers: ADMIN, data: config })).status()).toBe(200);
}

/** Saves a change to the draft as a script (or another editor) would, on top of the current one. */
export async function changeDraft(request: APIRequestContext, change: (c: SiteConfigInput) => SiteConfigInput, headers: Record<string, string> = ADMIN): Promise<void> {
  const { draft, revision } = await draftNow(request);
  const response = await request.put('/__sw/admin/draft', { headers: { ...headers, 'if-match': String(revision) }, data: change(draft) });
  expect(response.status(), await response.text()).toBe(200);
}

/** A browser's own request context signed in under a name (its session cookie; changes need this origin). */
export async function signInRequest(request: APIRequestContext, baseURL: string, name: string): Promise<Record<string, string>> {
  // The password signInToEditor gives the accounts it makes, so either may make this one first.
  const password = 'slotwise';
  const created = await request.post('/__sw/admin/accounts', { headers: ADMIN_KEY, data: { name, role: 'admin', password } });
  expect([201, 409]).toContain(created.status());
  expect((await request.post('/__sw/admin/session', { data: { password, name } })).status()).toBe(204);
  return { origin: baseURL };
}
