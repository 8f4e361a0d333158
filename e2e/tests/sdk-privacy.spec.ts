/** Consent, privacy signals and delivery, checked in Chromium by inspecting storage and network. */
import { expect, test } from '@playwright/test';
import { acceptConsent, cookie, databases, edgeProfile, markIn, sdkReady } from './helpers.ts';

test('before consent nothing is stored and nothing is sent', async ({ page, context }) => {
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/__sw/collect')) beacons.push(r.url());
  });
  for (const path of ['/', '/shoes', '/p/trailblazer-runner']) {
    await page.goto(path);
    await page.waitForFunction(() => typeof (window as any).sw?.track === 'function');
  }
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.evaluate(() => (window as any).sw.track('newsletter_signup'));
  await page.goto('/');
  expect((await context.cookies()).map((c) => c.name).filter((n) => n.startsWith('sw_'))).toEqual([]);
  expect(await databases(page)).not.toContain('slotwise');
  expect(beacons).toEqual([]);
});

test('Global Privacy Control keeps the SDK silent even after the visitor clicks accept', async ({ browser }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { 'sec-gpc': '1' } });
  await context.addInitScript(() => Object.defineProperty(navigator, 'globalPrivacyControl', { value: true }));
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('button', { name: /accept/i }).click();
  await page.goto('/shoes');
  await page.waitForFunction(() => typeof (window as any).sw?.track === 'function');
  expect(await cookie(context, 'sw_p')).toBeUndefined();
  expect(await cookie(context, 'sw_id')).toBeUndefined();
  expect(await databases(page)).not.toContain('slotwise');
  await context.close();
});

test('consent granted starts collection at once; denied deletes what was stored', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  expect(await databases(page)).toContain('slotwise');
  expect(await cookie(context, 'sw_id')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const profile = await page.evaluate(() => (window as any).sw.profile());
  expect(profile.pageviews).toBeGreaterThanOrEqual(2);
  expect(profile.interests.shoes).toBeGreaterThan(0);

  await page.evaluate(() => (window as any).sw.consent('denied'));
  await expect.poll(() => cookie(context, 'sw_p')).toBeUndefined();
  expect(await cookie(context, 'sw_id')).toBeUndefined();
  // What was stored on the device is gone: the store holds no records.
  const storedRecords = () =>
    page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('slotwise');
          open.onsuccess = () => {
            const db = open.result;
            if (!db.objectStoreNames.contains('kv')) return resolve(0);
            const req = db.transaction('kv').objectStore('kv').count();
            req.onsuccess = () => resolve(req.result);
          };
        }),
    );
  await expect.poll(storedRecords).toBe(0);
  await page.goto('/');
  expect(await cookie(context, 'sw_p')).toBeUndefined();
  // Nor is anything handed from page to page in the tab's sessionStorage.
  expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('sw_')))).toEqual([]);
});

test('a page that navigates as soon as profile() resolves keeps this page view, on a slow CPU', async ({ page, context }) => {
  await page.goto('/');
  // Load profile()'s chunk first, so that only the SDK's own start can hold the answer back.
  await sdkReady(page);
  // 8x slower: IndexedDB's save of the page view is then still running when the page is left.
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 8 });
  await page.getByRole('button', { name: /accept/i }).click();
  // As a consent flow that redirects does: the next page starts as soon as the SDK answers.
  await Promise.all([
    page.waitForURL('**/shoes'),
    page.evaluate(async () => {
      await (window as any).sw.profile();
      location.assign('/shoes');
    }),
  ]);
  await sdkReady(page);
  expect((await page.evaluate(() => (window as any).sw.profile())).pageviews).toBe(2);
});

test('events recorded offline are delivered once the browser is back online', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/p/glass-french-press');
  await sdkReady(page);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.evaluate(() => (window as any).sw.track('newsletter_signup', { source: 'footer' }));
  await page.waitForTimeout(1500);
  const delivered = page.waitForResponse((r) => r.url().endsWith('/__sw/collect') && r.status() === 202);
  await context.setOffline(false);
  const response = await delivered;
  const body = JSON.parse(response.request().postData() ?? '{}') as { events: { type: string; id: string }[] };
  expect(body.events.map((e) => e.type)).toEqual(expect.arrayContaining(['add_to_cart', 'newsletter_signup']));
  // Page views and clicks stay on the device.
  expect(body.events.map((e) => e.type)).not.toContain('page_view');
  expect(body.events.map((e) => e.type)).not.toContain('click');
});

test('an SPA navigation gets its slots decided in the browser by the same engine', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/fixtures/spa');
  await sdkReady(page);
  await page.getByRole('link', { name: /newsletter/i }).click();
  const hero = page.locator('[data-slot="hero"]');
  await expect(hero).toHaveAttribute('data-sw-v', 'newsletter-welcome:welcome');
  await expect(hero.locator('h1')).toHaveText('Welcome back to the trail');
  // The edge gives the same answer for the same URL.
  const edge = await (await page.request.get('/?utm_source=newsletter')).text();
  expect(edge).toContain('data-sw-v="newsletter-welcome:welcome"');

  // A slot the SPA renders later on the same route (after its data loads, say) is decided as it
  // appears: with the chunk and this path's config loaded, before the next frame is painted.
  const mark = await page.evaluate(async () => {
    const slot = document.createElement('section');
    slot.dataset.slot = 'promo';
    slot.textContent = 'Default promo';
    document.getElementById('view')?.append(slot);
    await new Promise(requestAnimationFrame);
    return slot.getAttribute('data-sw-v');
  });
  expect(mark).toMatch(/^promo-test:/);
  // The same arm the edge gives this visitor on this URL, by the same engine.
  expect(mark).toBe(markIn(edge, 'promo'));
  // A slot already decided keeps its decision while the DOM changes around it.
  await expect(hero).toHaveAttribute('data-sw-v', 'newsletter-welcome:welcome');
  await expect(hero.locator('h1')).toHaveText('Welcome back to the trail');
});

test('without IndexedDB (private mode, blocked) the SDK keeps working in memory', async ({ browser }) => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', {
      get() {
        throw new DOMException('blocked', 'SecurityError');
      },
    });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await acceptConsent(page, context);
  await page.goto('/shoes');
  await sdkReady(page);
  const profile = await page.evaluate(() => (window as any).sw.profile());
  expect(profile.interests.shoes).toBeGreaterThan(0);
  // The edge still learns from the cookie on the next request.
  expect((await edgeProfile(context)).interests.shoes).toBeGreaterThan(0);
  expect(errors).toEqual([]);
  await context.close();
});
