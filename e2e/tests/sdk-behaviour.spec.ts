/**
 * The SDK learning from behaviour, and the edge acting on it on the next request: each demo
 * scenario walked as a visitor would, checking the personalized slot is in the initial HTML.
 */
import { expect, test } from '@playwright/test';
import { acceptConsent, becomeDealSeeker, becomeLapsed, edgeProfile, initialHtml, markIn, sdkReady } from './helpers.ts';

test('three shoe pages later, the home hero is about shoes — rendered at the edge', async ({ page, context }) => {
  await acceptConsent(page, context);
  expect(markIn(await initialHtml(page, '/'), 'hero')).toBeNull();
  for (const path of ['/shoes', '/p/trailblazer-runner', '/p/summit-approach-shoe']) {
    await page.goto(path);
    await sdkReady(page);
  }
  const home = await initialHtml(page, '/');
  expect(markIn(home, 'hero')).toBe('shoe-hero:runners');
  expect(home).toContain('Find your next pair');
  await expect(page.locator('[data-slot="hero"] h1')).toHaveText('Find your next pair');
});

test('a visitor who added to cart and left sees a cart reminder; buying clears it', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/p/glass-french-press');
  await sdkReady(page);
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await expect.poll(async () => (await page.evaluate(() => (window as any).sw.profile()))?.segments).toContain('cart_abandoner');

  const home = await initialHtml(page, '/');
  expect(markIn(home, 'promo')).toBe('cart-reminder:reminder');
  expect(home).toContain('You left something in your cart');

  await page.goto('/cart');
  await page.getByRole('button', { name: /checkout/i }).click();
  await page.waitForURL(/\/thanks/);
  await sdkReady(page);
  await expect.poll(async () => (await page.evaluate(() => (window as any).sw.profile()))?.segments).not.toContain('cart_abandoner');
  // The confirmation page tracks the purchase, once per order: reloading it is no second order.
  const orders = async () => (await page.evaluate(() => (window as any).sw.profile())).orders;
  expect(await orders()).toBe(1);
  await page.reload();
  await sdkReady(page);
  expect(await orders()).toBe(1);
  expect(markIn(await initialHtml(page, '/'), 'promo')).not.toBe('cart-reminder:reminder');
});

test('a visitor back after 45 days is welcomed back on the first page of the visit', async ({ page, context }) => {
  await becomeLapsed(page, context);
  const home = await initialHtml(page, '/');
  expect(markIn(home, 'hero')).toBe('welcome-back:welcome-back');
  expect(home).toContain('Welcome back');
});

test('a deal seeker gets the extra-discount bar', async ({ page, context }) => {
  await becomeDealSeeker(page, context);
  const next = await initialHtml(page, '/kitchen');
  expect(markIn(next, 'announcement')).toBe('deal-banner:deal');
  expect((await edgeProfile(context)).events.deal_signal?.d30).toBe(3);
});

test('a personalized slot that is seen is reported once per visitor and variant', async ({ page, context }) => {
  // Exposure events delivered to the Worker, by event id: a resend of the same id is fine
  // (delivery is idempotent), a second exposure event for the same variant is not.
  const exposures = new Map<string, string>();
  page.on('request', (request) => {
    if (!request.url().endsWith('/__sw/collect')) return;
    const body = JSON.parse(request.postData() ?? '{}') as { events?: { id: string; type: string; props?: { campaign: string; variant: string } }[] };
    for (const e of body.events ?? []) if (e.type === 'exposure' && e.props) exposures.set(e.id, `${e.props.campaign}:${e.props.variant}`);
  });
  const idsFor = (arm: string | null) => [...exposures].filter(([, mark]) => mark === arm).length;
  await acceptConsent(page, context);
  const arm = markIn(await initialHtml(page, '/'), 'promo');
  expect(arm).toMatch(/^promo-test:/);
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  await expect.poll(() => idsFor(arm)).toBe(1);
  for (const path of ['/', '/kitchen', '/']) {
    await page.goto(path);
    await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
    await sdkReady(page);
  }
  await page.waitForTimeout(1500);
  expect(idsFor(arm)).toBe(1);
});

test('two open tabs both learn: neither tab’s save drops what the other recorded', async ({ page, context }) => {
  await acceptConsent(page, context);
  const other = await context.newPage();
  await other.goto('/p/glass-french-press');
  await sdkReady(other);
  await page.goto('/shoes');
  await sdkReady(page);
  await other.evaluate(() => (window as any).sw.track('add_to_cart', { sku: 'glass-french-press', category: 'kitchen' }));
  await page.evaluate(() => (window as any).sw.track('search', { query: 'boots' }));
  const counts = async (p: typeof page) => {
    const profile = await p.evaluate(() => (window as any).sw.profile());
    return [profile.events.add_to_cart?.total ?? 0, profile.events.search?.total ?? 0];
  };
  for (const tab of [page, other]) await expect.poll(() => counts(tab)).toEqual([1, 1]);
  // Read back from IndexedDB: whichever tab saved last kept both.
  await page.reload();
  await sdkReady(page);
  expect(await counts(page)).toEqual([1, 1]);
});

test('what a page records just before it is left is kept by the tab’s next page, on a slow CPU', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  const sent: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/__sw/collect')) sent.push(...(JSON.parse(r.postData() ?? '{}') as { events: { type: string }[] }).events.map((e) => e.type));
  });
  // 8x slower: IndexedDB's saves are then still running when the page is left, and are aborted.
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 8 });
  // Scrolled to the bottom: the depth is recorded as the page is left.
  await page.evaluate(
    () =>
      new Promise((resolve) => {
        addEventListener('scroll', resolve, { once: true });
        scrollTo(0, document.documentElement.scrollHeight);
      }),
  );
  // A conversion tracked right before a redirect, in the same task.
  await Promise.all([
    page.waitForURL((url) => url.pathname === '/'),
    page.evaluate(() => {
      (window as any).sw.track('newsletter_signup', { source: 'footer' });
      location.assign('/');
    }),
  ]);
  await sdkReady(page);
  const profile = await page.evaluate(() => (window as any).sw.profile());
  expect(profile.events.newsletter_signup?.total).toBe(1);
  expect(profile.events.scroll?.total).toBe(1);
  expect(profile.pageviews).toBe(3);
  // And the conversion is delivered, from whichever page had the chance.
  await expect.poll(() => sent.filter((type) => type === 'newsletter_signup').length).toBeGreaterThanOrEqual(1);
});

test('a profile stored by an older SDK (state version 1) is rebuilt from the stored history', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  // On a page of the same origin without the SDK, put back a state in the old format beside
  // the stored history, as an SDK from before version 2 of the state left it.
  await page.goto('/robots.txt');
  const storedPageViews = await page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('slotwise');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const store = open.result.transaction('kv', 'readwrite').objectStore('kv');
          store.put(
            { v: 1, firstSeen: 0, lastSeen: 0, sessionStart: 0, sessions: 0, pageviews: 0, returnGap: 0, days: {}, totals: {}, interests: {}, orders: 0, revenue: 0 },
            'state',
          );
          const history = store.get('history');
          history.onsuccess = () => resolve((history.result as { type: string }[]).filter((e) => e.type === 'page_view').length);
          history.onerror = () => reject(history.error);
        };
      }),
  );
  expect(storedPageViews).toBeGreaterThanOrEqual(2);
  await page.goto('/shoes');
  await sdkReady(page);
  const profile = await page.evaluate(() => (window as any).sw.profile());
  // Everything in the history counts again, with this page view on top.
  expect(profile.pageviews).toBe(storedPageViews + 1);
  expect(profile.interests.shoes).toBeGreaterThan(1.5);
  expect((await edgeProfile(context)).pageviews).toBe(storedPageViews + 1);
});

test('events older than the longest profile window (90 days) are dropped from the stored history', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  const stored = () =>
    page.evaluate(
      () =>
        new Promise<{ id: string; type: string }[]>((resolve, reject) => {
          const open = indexedDB.open('slotwise');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const history = open.result.transaction('kv', 'readonly').objectStore('kv').get('history');
            history.onsuccess = () => resolve(history.result ?? []);
            history.onerror = () => reject(history.error);
          };
        }),
    );
  const pageViews = async () => (await stored()).filter((e) => e.type === 'page_view').map((e) => e.id);
  const pageviews = async () => (await page.evaluate(() => (window as any).sw.profile())).pageviews as number;
  await expect.poll(async () => (await pageViews()).length).toBeGreaterThanOrEqual(2);
  const old = (await stored()).map((e) => e.id);
  const counted = await pageviews();

  // 60 days back is still inside the window: the next page view keeps them all.
  await page.evaluate(() => (window as any).sw.age(60));
  await page.goto('/shoes');
  await sdkReady(page);
  await expect.poll(async () => (await pageViews()).filter((id) => !old.includes(id)).length).toBe(1);
  expect((await stored()).map((e) => e.id)).toEqual(expect.arrayContaining(old));
  const recent = (await stored()).map((e) => e.id).filter((id) => !old.includes(id));

  // 40 more: the first events are now 100 days old, the others 40. Saving the next page view
  // drops the first from IndexedDB and keeps the others.
  await page.evaluate(() => (window as any).sw.age(40));
  await page.goto('/shoes');
  await sdkReady(page);
  await expect.poll(async () => (await pageViews()).length).toBe(2);
  const ids = (await stored()).map((e) => e.id);
  expect(ids.filter((id) => old.includes(id))).toEqual([]);
  expect(ids).toEqual(expect.arrayContaining(recent));
  // The profile keeps its all-time counters: only the raw events are gone.
  expect(await pageviews()).toBe(counted + 2);
});
