/**
 * The SDK's IndexedDB saves (issue 23, item 6): a page load's events are saved together, once the
 * main thread is idle, instead of one transaction per event while the page loads; and waiting
 * loses nothing: a tab closed right after an event still has it saved.
 */
import { type Page, expect, test } from '@playwright/test';
import { acceptConsent, sdkReady } from './helpers.ts';

type Sw = { track(name: string, props?: Record<string, unknown>): void; profile(): Promise<{ events: Record<string, { total: number } | undefined> }> };

/** Counts the readwrite transactions sw.js and its chunks open on their database (not the test's own). */
async function countSdkWrites(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __swWrites: number };
    w.__swWrites = 0;
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (args[1] === 'readwrite' && this.name === 'slotwise' && /\/__sw\/sw[\w-]*\.m?js/.test(new Error().stack ?? '')) w.__swWrites++;
      return transaction.apply(this, args);
    } as IDBDatabase['transaction'];
  });
}

/** The events (their props) sw.js stored in IndexedDB under `key` (`history`, `outbox`), of one type or all; null if nothing is stored there. */
async function storedEvents(page: Page, type?: string, key = 'history'): Promise<unknown[] | null> {
  return page.evaluate(
    ([t, k]) =>
      new Promise<unknown[] | null>((resolve, reject) => {
        const open = indexedDB.open('slotwise');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const list = open.result
            .transaction('kv', 'readonly')
            .objectStore('kv')
            .get(k as string);
          list.onsuccess = () =>
            resolve(list.result === undefined ? null : (list.result as { type: string; props?: unknown }[]).filter((e) => !t || e.type === t).map((e) => e.props));
          list.onerror = () => reject(list.error);
        };
      }),
    [type, key],
  );
}

test('a page load’s events (its page view, what the page tracks as it loads) are saved in one IndexedDB transaction', async ({ page, context }) => {
  await acceptConsent(page, context);
  // Once, so the promo's variant (decided for this visitor since consent) is reported already: its
  // exposure is not part of the next load.
  const exposed = page.waitForRequest((r) => r.url().endsWith('/__sw/collect') && (r.postData() ?? '').includes('"exposure"'));
  await page.goto('/shoes');
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  await exposed;
  await sdkReady(page);
  // And until its delivery is confirmed and stored: confirming a delivery is a save of its own.
  await expect.poll(() => storedEvents(page, undefined, 'outbox'), { timeout: 10_000 }).toEqual([]);
  await countSdkWrites(page);
  await page.goto('/shoes');
  // The page tracks two events as it loads, in two tasks. (Kept on the device: an event delivered
  // to the Worker is saved once more when the Worker confirms it, to leave the outbox.)
  await page.waitForFunction(() => typeof (window as unknown as { sw?: Sw }).sw?.track === 'function');
  await page.evaluate(async () => {
    const sw = (window as unknown as { sw: Sw }).sw;
    sw.track('view_item', { sku: 'TR-01' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    sw.track('view_item', { sku: 'TR-02' });
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __swWrites: number }).__swWrites), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => (window as unknown as { __swWrites: number }).__swWrites)).toBe(1);
  // That one transaction holds all of them.
  expect(await storedEvents(page, 'view_item')).toEqual([{ sku: 'TR-01' }, { sku: 'TR-02' }]);
  expect(await storedEvents(page, 'page_view')).toHaveLength(3);
});

test('a tab closed right after an event keeps the event', async ({ page, context }) => {
  await acceptConsent(page, context);
  // No other tab of the site stays open to learn the event over the BroadcastChannel and save it.
  await page.close();
  const tab = await context.newPage();
  await tab.goto('/shoes');
  await sdkReady(tab);
  // The page stays busy a moment after the event (its own reaction to a sign-up), then the tab is
  // closed: the save must not wait for the busy page to hear back from IndexedDB before it commits
  // (without IDBTransaction.commit() Chromium lost the event 18 times in 20).
  await tab.evaluate(() => {
    (window as unknown as { sw: Sw }).sw.track('newsletter_signup', { source: 'footer' });
    setTimeout(() => {
      const start = performance.now();
      while (performance.now() - start < 600);
    });
  });
  await tab.close();
  // A new tab has no hand-over from the closed one (sessionStorage is per tab): only IndexedDB has it.
  const next = await context.newPage();
  await next.goto('/kitchen');
  await sdkReady(next);
  expect((await next.evaluate(() => (window as unknown as { sw: Sw }).sw.profile())).events.newsletter_signup?.total).toBe(1);
  expect(await storedEvents(next, 'newsletter_signup')).toEqual([{ source: 'footer' }]);
});

/** Counts the times sw.js and its chunks read `window.sessionStorage` (the first read loads the tab's storage from the browser). */
async function countSdkSessionStorage(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __swSession: number };
    w.__swSession = 0;
    const get = Object.getOwnPropertyDescriptor(window, 'sessionStorage')?.get ?? Object.getOwnPropertyDescriptor(Window.prototype, 'sessionStorage')!.get!;
    Object.defineProperty(window, 'sessionStorage', {
      configurable: true,
      get() {
        if (/\/__sw\/sw[\w-]*\.m?js/.test(new Error().stack ?? '')) w.__swSession++;
        return get.call(window);
      },
    });
  });
}

test('a page whose saves outlast it hands nothing over: neither it nor the tab’s next page touches sessionStorage', async ({ page, context }) => {
  await acceptConsent(page, context);
  await countSdkSessionStorage(page);
  await page.goto('/shoes');
  await sdkReady(page);
  await page.goto('/kitchen');
  await sdkReady(page);
  // Left as the tab moved on: /shoes's page-level events went to IndexedDB, committed as it went.
  const profile = await page.evaluate(() => (window as unknown as { sw: Sw }).sw.profile());
  expect((profile as unknown as { pageviews: number }).pageviews).toBe(3);
  expect(await page.evaluate(() => (window as unknown as { __swSession: number }).__swSession)).toBe(0);
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('sw_')))).toEqual([]);
});

test('a purchase tracked before the stored profile loads, on a page left at once, reaches the tab’s next page', async ({ page, context }) => {
  await acceptConsent(page, context);
  // The folding chunk held back, as on a slow first load: the page's stored state cannot load yet, so events queue.
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/__sw/sw-fold.mjs', async (route) => {
    await held;
    await route.continue().catch(() => {}); // its page is gone by then
  });
  await page.goto('/shoes');
  await page.waitForFunction(() => typeof (window as unknown as { sw?: Sw }).sw?.track === 'function');
  const delivered = page.waitForRequest((r) => r.url().endsWith('/__sw/collect') && (r.postData() ?? '').includes('"purchase"'));
  await Promise.all([
    page.waitForURL('**/kitchen'),
    page.evaluate(() => {
      (window as unknown as { sw: Sw }).sw.track('purchase', { value: 42, items: 'TR-01' });
      location.assign('/kitchen');
    }),
  ]);
  await page.unroute('**/__sw/sw-fold.mjs');
  release();
  await sdkReady(page);
  expect((await page.evaluate(() => (window as unknown as { sw: Sw }).sw.profile())).events.purchase?.total).toBe(1);
  await delivered;
});
