/**
 * The SDK's main-thread cost on a page load (issue 23, item 6): a `document.cookie` read waits on
 * the browser's cookie store when it is the page's first, or follows a write, and those waits
 * were most of what sw.js added to a page. sw.js reads the cookies once per page, however many
 * events and exposures it records, and a choice made in another tab still applies here at once.
 * Each chunk import is a request, a compile and main-thread time: a first page imports one.
 */
import { type Page, expect, test } from '@playwright/test';
import { acceptConsent, cookie, sdkReady } from './helpers.ts';

type Sw = { track(name: string, props?: Record<string, unknown>): void; consent(state: string): void };

/** Counts the `document.cookie` reads made by sw.js and its lazy chunks (not by the page). */
async function countSdkCookieReads(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __swCookieReads: number };
    w.__swCookieReads = 0;
    const d = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie')!;
    Object.defineProperty(Document.prototype, 'cookie', {
      ...d,
      get(this: Document) {
        if (/\/__sw\/sw[\w-]*\.m?js/.test(new Error().stack ?? '')) w.__swCookieReads++;
        return d.get!.call(this);
      },
    });
  });
}

test('sw.js and its chunks read document.cookie once per page, however many events and exposures they record', async ({ page, context }) => {
  await acceptConsent(page, context);
  await countSdkCookieReads(page);
  // The home page: its slots are decided at the edge (the browser decides none), and reported as seen.
  await page.goto('/');
  await sdkReady(page);
  const delivered = page.waitForRequest((r) => r.url().endsWith('/__sw/collect') && (r.postData() ?? '').includes('newsletter_signup'));
  await page.evaluate(() => {
    const sw = (window as unknown as { sw: Sw }).sw;
    for (let i = 0; i < 5; i++) sw.track('newsletter_signup', { step: i });
  });
  // The events were recorded, and the page's personalized slots reported as seen.
  await expect.poll(async () => (await cookie(context, 'sw_p'))?.length ?? 0).toBeGreaterThan(0);
  await expect.poll(() => page.evaluate(() => document.querySelectorAll('[data-sw-v]').length)).toBeGreaterThan(0);
  // The reporting code ran: the events are delivered. (It is in the collection chunk, sw-fold.mjs, since issue 23.)
  await delivered;
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __swCookieReads: number }).__swCookieReads)).toBe(1);
});

test('a visitor who denies consent in another tab is no longer tracked in this one', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  const other = await context.newPage();
  await other.goto('/');
  await other.waitForFunction(() => typeof (window as unknown as { sw?: Sw }).sw?.consent === 'function');
  await other.evaluate(() => (window as unknown as { sw: Sw }).sw.consent('denied'));
  await expect.poll(() => cookie(context, 'sw_p')).toBeUndefined();
  // This tab learnt it without reading the cookie again: what it tracks now is neither kept nor sent.
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/__sw/collect')) beacons.push(r.url());
  });
  await page.evaluate(() => (window as unknown as { sw: Sw }).sw.track('add_to_cart', { sku: 'TR-01' }));
  await page.waitForTimeout(300);
  expect(await cookie(context, 'sw_p')).toBeUndefined();
  expect(await cookie(context, 'sw_id')).toBeUndefined();
  expect(beacons).toEqual([]);
  await other.close();
});

test("a consenting visitor's first page imports one chunk besides sw.js, for folding, delivery and exposures alike", async ({ page, context, baseURL }) => {
  await context.addCookies([{ name: 'sw_consent', value: 'granted', url: baseURL! }]);
  const delivered = page.waitForRequest((r) => r.url().endsWith('/__sw/collect'));
  await page.goto('/');
  // The home page's promo is in view: its exposure is recorded and delivered.
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  expect((JSON.parse((await delivered).postData() ?? '{}') as { events: { type: string }[] }).events.map((e) => e.type)).toContain('exposure');
  const chunks = await page.evaluate(() => performance.getEntriesByType('resource').flatMap((e) => /\/__sw\/(sw-[\w-]+\.m?js)/.exec(e.name)?.[1] ?? []));
  expect(chunks).toEqual(['sw-fold.mjs']);
});
