/**
 * Issue 19, the browser side of element slots: the same change the edge makes to an element
 * picked by selector is made by the decide chunk on an SPA route, and on an element the page
 * renders after it loaded — before the browser paints it. The config is restored afterwards.
 */
import { type APIRequestContext, expect, test } from '@playwright/test';
import { acceptConsent, initialHtml, sdkReady } from './helpers.ts';

const ADMIN = { authorization: 'Bearer slotwise' };

async function liveVersion(request: APIRequestContext): Promise<number> {
  return ((await (await request.get('/__sw/health')).json()) as { configVersion: number }).configVersion;
}

/**
 * Publishes the live config plus element slots and a campaign for everyone on each:
 * `h2.picked-title` on /p/* and /fixtures/*, the product rating hidden on /p/*, and a second slot
 * on the same title (`#view > h2`) on /p/twice-* only, which adds a class.
 */
async function publishElementCampaign(request: APIRequestContext, from: number): Promise<void> {
  const { config } = (await (await request.get(`/__sw/admin/versions/${from}`, { headers: ADMIN })).json()) as { config: Record<string, unknown[]> };
  const slots = [
    ...(config.slots ?? []),
    { name: 'picked-title', selector: 'h2.picked-title', pages: ['/p/*', '/fixtures/*'] },
    { name: 'hidden-rating', selector: 'p.product__rating', pages: ['/p/*'] },
    { name: 'title-again', selector: '#view > h2', pages: ['/p/twice-*'] },
  ];
  const campaigns = [
    ...(config.campaigns ?? []),
    {
      id: 'picked-title',
      name: 'Picked title',
      status: 'live',
      priority: 998,
      slots: ['picked-title'],
      variants: [{ id: 'new', name: 'New', content: { 'picked-title': { kind: 'text', body: 'Changed by Slotwise', style: { color: 'rgb(200, 0, 0)' } } } }],
    },
    {
      id: 'hide-rating',
      name: 'Hide the rating',
      status: 'live',
      priority: 997,
      slots: ['hidden-rating'],
      variants: [{ id: 'hidden', name: 'Hidden', content: { 'hidden-rating': { kind: 'hide', body: '' } } }],
    },
    {
      id: 'title-class',
      name: 'Title class',
      status: 'live',
      priority: 996,
      slots: ['title-again'],
      variants: [{ id: 'marked', name: 'Marked', content: { 'title-again': { kind: 'keep', body: '', addClass: 'sw-second' } } }],
    },
  ];
  expect((await request.put('/__sw/admin/draft', { headers: ADMIN, data: { ...config, slots, campaigns } })).status()).toBe(200);
  expect((await request.post('/__sw/admin/publish', { headers: ADMIN, data: { note: 'e2e: element slots in the browser' } })).status()).toBe(200);
}

test.describe('element slots in the browser', () => {
  let before = 0;
  test.beforeAll(async ({ request }) => {
    before = await liveVersion(request);
    await publishElementCampaign(request, before);
  });
  test.afterAll(async ({ request }) => {
    expect((await request.post('/__sw/admin/rollback', { headers: ADMIN, data: { version: before } })).status()).toBe(200);
  });

  test('an SPA route gets the change in the browser, marked for exposures', async ({ page }) => {
    await page.goto('/fixtures/spa');
    await sdkReady(page);
    const result = await page.evaluate(async () => {
      history.pushState({}, '', '/p/spa-product');
      const title = document.createElement('h2');
      title.className = 'picked-title';
      title.textContent = 'Default title';
      document.getElementById('view')!.replaceChildren(title);
      for (let i = 0; i < 100 && !title.hasAttribute('data-sw-v'); i++) await new Promise((r) => setTimeout(r, 50));
      return [title.getAttribute('data-sw-v'), title.getAttribute('data-slot'), title.textContent, getComputedStyle(title).color];
    });
    expect(result).toEqual(['picked-title:new', 'picked-title', 'Changed by Slotwise', 'rgb(200, 0, 0)']);
  });

  test('an element the page renders after loading is changed before it is painted', async ({ page }) => {
    const response = await page.goto('/fixtures/spa');
    // The edge found no h2.picked-title in the HTML, so it loaded the decide chunk for later.
    expect(await response!.text()).toContain('<script type="module" src="/__sw/sw-decide.mjs"');
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/__sw/config?path=')));
    // The config is parsed and decided in the next few tasks.
    await page.waitForTimeout(500);
    const atFirstFrame = await page.evaluate(
      () =>
        new Promise<(string | null)[]>((resolve) => {
          const late = document.createElement('h2');
          late.className = 'picked-title';
          late.textContent = 'Late default';
          document.getElementById('view')!.append(late);
          // The next frame's callback runs before that frame is painted.
          requestAnimationFrame(() => resolve([late.textContent, late.getAttribute('data-sw-v')]));
        }),
    );
    expect(atFirstFrame).toEqual(['Changed by Slotwise', 'picked-title:new']);
  });

  // Issue 19: only pages whose pattern has an element slot load the decide chunk; an SPA that
  // starts on another page still gets the change when it routes to a page that has one.
  test("a page no element slot's pattern matches does not load the decide chunk, and an SPA route from it to one that matches gets the change", async ({ page }) => {
    const response = await page.goto('/');
    const html = await response!.text();
    expect(html).not.toContain('data-slot="_sw"');
    expect(html).toMatch(/<script async src="\/__sw\/sw.js"[^>]* data-sw-el=""/);
    // (Not sdkReady: profile() lives in the decide chunk.)
    await page.waitForFunction(() => typeof (window as unknown as { sw?: { track?: unknown } }).sw?.track === 'function');
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    const chunkLoaded = () => page.evaluate(() => performance.getEntriesByType('resource').some((e) => e.name.includes('/__sw/sw-decide.mjs')));
    expect(await chunkLoaded()).toBe(false);
    const result = await page.evaluate(async () => {
      history.pushState({}, '', '/p/spa-from-home');
      const rating = document.createElement('p');
      rating.className = 'product__rating';
      rating.textContent = '4.5 stars';
      document.querySelector('main')!.replaceChildren(rating);
      for (let i = 0; i < 100 && !rating.hasAttribute('data-sw-v'); i++) await new Promise((r) => setTimeout(r, 50));
      return [rating.getAttribute('data-sw-v'), getComputedStyle(rating).display];
    });
    expect(result).toEqual(['hide-rating:hidden', 'none']);
    expect(await chunkLoaded()).toBe(true);
  });

  test('two element slots on the same element both apply on an SPA route, in config order, and both are reported as seen', async ({ page, context }) => {
    await context.addInitScript(() => {
      const w = window as unknown as { sw?: unknown[]; seen: unknown[] };
      w.seen = [];
      w.sw = [['on', 'exposure', (e: unknown) => w.seen.push(e)]];
    });
    await acceptConsent(page, context);
    await page.goto('/fixtures/spa');
    await sdkReady(page);
    const result = await page.evaluate(async () => {
      history.pushState({}, '', '/p/twice-product');
      const title = document.createElement('h2');
      title.className = 'picked-title';
      title.textContent = 'Default title';
      document.getElementById('view')!.replaceChildren(title);
      for (let i = 0; i < 100 && !title.getAttribute('data-sw-v')?.includes(' '); i++) await new Promise((r) => setTimeout(r, 50));
      return [title.getAttribute('data-slot'), title.getAttribute('data-sw-v'), title.textContent, title.className];
    });
    expect(result).toEqual(['picked-title title-again', 'picked-title:new title-class:marked', 'Changed by Slotwise', 'picked-title sw-second']);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: { campaign: string; slot: string }[] }).seen.map((e) => `${e.campaign}/${e.slot}`).sort()))
      .toEqual(['picked-title/picked-title', 'title-class/title-again']);
  });

  test('a hidden element counts as seen when its place is in view, so hide-vs-show tests compare like with like', async ({ page, context }) => {
    await context.addInitScript(() => {
      const w = window as unknown as { sw?: unknown[]; seen: unknown[] };
      w.seen = [];
      w.sw = [['on', 'exposure', (e: unknown) => w.seen.push(e)]];
    });
    await acceptConsent(page, context);
    const product = await page.locator('a[href^="/p/"]').first().getAttribute('href');
    const html = await initialHtml(page, product!);
    expect(html).toMatch(/<p class="product__rating" data-slot="hidden-rating" style="display: none !important" data-sw-v="hide-rating:hidden">/);
    await expect(page.locator('p.product__rating')).toBeHidden();
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { seen: unknown[] }).seen))
      .toContainEqual(expect.objectContaining({ type: 'exposure', campaign: 'hide-rating', variant: 'hidden', slot: 'hidden-rating' }));
  });
});
