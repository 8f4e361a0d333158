/** Shared helpers for the browser tests. */
import { type BrowserContext, type Page, expect } from '@playwright/test';
import { type Profile, decodeProfileCookie } from '@slotwise/core/profile';

/** The decision mark (`data-sw-v`) a slot carries in a chunk of HTML, or null. */
export function markIn(html: string, slot: string): string | null {
  const tag = new RegExp(`<[a-z]+[^>]*data-slot="${slot}"[^>]*>`).exec(html)?.[0] ?? '';
  return /data-sw-v="([^"]+)"/.exec(tag)?.[1] ?? null;
}

/**
 * Waits until every IndexedDB write the SDK has begun is committed. Leaving a page aborts the
 * writes still running, and a visitor takes longer than that before the next click; a test
 * does not. A readwrite transaction starts only after those created before it on the same
 * store finish, in any connection, so an empty one is the barrier. Without the database
 * (no consent, or IndexedDB blocked) there is nothing to wait for, and none is created.
 */
export async function storedOnDevice(page: Page): Promise<void> {
  await page.evaluate(async () => {
    let names: (string | undefined)[] = [];
    try {
      names = (await indexedDB.databases()).map((d) => d.name);
    } catch {
      return; // IndexedDB blocked: the SDK keeps to memory
    }
    if (!names.includes('slotwise')) return;
    await new Promise<void>((resolve) => {
      const open = indexedDB.open('slotwise');
      open.onerror = () => resolve();
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains('kv')) return resolve(db.close());
        const tx = db.transaction('kv', 'readwrite');
        tx.oncomplete = tx.onabort = tx.onerror = () => resolve(db.close());
      };
    });
  });
}

/** Loads a page and returns the HTML as the edge sent it (before any script ran). */
export async function initialHtml(page: Page, path: string): Promise<string> {
  if (page.url().startsWith('http')) await storedOnDevice(page);
  const response = await page.goto(path);
  expect(response?.ok()).toBe(true);
  return response!.text();
}

/** Accepts the demo store's consent banner and waits until the SDK has stored its profile cookie. */
export async function acceptConsent(page: Page, context: BrowserContext): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: /accept/i }).click();
  await expect.poll(async () => (await cookie(context, 'sw_p')) !== undefined).toBe(true);
  // The cookie is written at once, the stored history a moment later: tests that read IndexedDB
  // expect it there, not in the hand-over to the next page.
  await sdkReady(page);
}

export async function cookie(context: BrowserContext, name: string): Promise<string | undefined> {
  return (await context.cookies()).find((c) => c.name === name)?.value;
}

/** The profile cookie as the edge decodes it (an empty profile when there is none or it is bad). */
export async function edgeProfile(context: BrowserContext): Promise<Profile> {
  return decodeProfileCookie(await cookie(context, 'sw_p'));
}

/** Names of the IndexedDB databases the page's origin has. */
export async function databases(page: Page): Promise<string[]> {
  return page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''));
}

/** Waits until the SDK has settled (its profile promise resolves). */
export async function sdkReady(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof (window as unknown as { sw?: { profile?: unknown } }).sw?.profile === 'function');
  await page.evaluate(() => (window as unknown as { sw: { profile(): Promise<unknown> } }).sw.profile());
  await storedOnDevice(page);
}

/** The demo's deal-seeker walk: consent, search for "sale", open two sale items; ends in the segment. */
export async function becomeDealSeeker(page: Page, context: BrowserContext): Promise<void> {
  await acceptConsent(page, context);
  await page.goto('/search?q=sale');
  await sdkReady(page);
  // The store reports the search after its load event: stay until it has, as a reader would.
  await expect.poll(async () => (await page.evaluate(() => (window as any).sw.profile())).events.search?.total ?? 0).toBe(1);
  await storedOnDevice(page);
  for (const path of ['/p/city-court-sneaker', '/p/summit-approach-shoe']) {
    await page.goto(path);
    await sdkReady(page);
  }
  await expect.poll(async () => (await page.evaluate(() => (window as any).sw.profile())).segments).toContain('deal_seeker');
}

/** The demo's lapsed walk: consent, one visit, then footer → "45 days ago" (shifts the history back and reloads). */
export async function becomeLapsed(page: Page, context: BrowserContext): Promise<void> {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: '45 days ago' }).click();
  await reloaded;
}

/** The e2e stack's ADMIN_PASSWORD (stack.mjs): the Admin API's bearer key for scripts. */
export const ADMIN_KEY = { authorization: 'Bearer slotwise' };

/**
 * Makes sure an account exists (created with the bearer key; an existing one is left as it
 * is), then signs in with it through the editor's sign-in screen.
 */
export async function signInToEditor(page: Page, name: string, { password = 'slotwise', role = 'admin' } = {}): Promise<void> {
  const created = await page.request.post('/__sw/admin/accounts', { headers: ADMIN_KEY, data: { name, role, password } });
  expect([201, 409]).toContain(created.status());
  await page.goto('/__sw/editor/');
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}
