/**
 * Frequency caps in the browser and at the edge, sharing one count: the demo's bundle offer
 * (product pages, at most twice a day) is shown twice — once decided by the SDK on an SPA route,
 * once rendered by the edge — and then neither shows it again that day.
 */
import { type Page, expect, test } from '@playwright/test';
import { acceptConsent, cookie, initialHtml, markIn, sdkReady } from './helpers.ts';

/** An SPA route change to a product page that renders the product-offer slot: decided in the browser. */
async function spaProductOffer(page: Page, path: string): Promise<string | null> {
  return page.evaluate(async (to) => {
    history.pushState({}, '', to);
    const slot = document.createElement('div');
    slot.dataset.slot = 'product-offer';
    slot.textContent = 'In stock';
    document.getElementById('view')!.replaceChildren(slot);
    // The chunk and this path's config load once; wait for the decision like a reader would.
    for (let i = 0; i < 100 && !slot.hasAttribute('data-sw-v'); i++) await new Promise((r) => setTimeout(r, 50));
    return slot.getAttribute('data-sw-v');
  }, path);
}

test('a capped campaign is shown at most twice a day, counted alike by the SDK and the edge', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/fixtures/spa');
  await sdkReady(page);
  expect(await spaProductOffer(page, '/p/trailblazer-runner')).toBe('bundle-offer:offer');
  await expect.poll(() => cookie(context, 'sw_f')).toMatch(/^1\|bundle-offer:\d+:1:1$/);

  const second = await initialHtml(page, '/p/summit-approach-shoe');
  expect(markIn(second, 'product-offer')).toBe('bundle-offer:offer');
  expect(second).toContain('Bundle deal:');
  expect(await cookie(context, 'sw_f')).toMatch(/^1\|bundle-offer:\d+:2:2$/);

  // Capped now: the edge keeps the default, and so does the SDK on the next SPA route.
  const third = await initialHtml(page, '/p/glass-french-press');
  expect(markIn(third, 'product-offer')).toBeNull();
  expect(third).toContain('In stock — ships in 2 days');
  await page.goto('/fixtures/spa');
  await sdkReady(page);
  expect(await spaProductOffer(page, '/p/glow-camp-lantern')).toBeNull();
});

test('without consent nothing is counted, so nothing is capped', async ({ page, context }) => {
  for (const path of ['/p/trailblazer-runner', '/p/summit-approach-shoe', '/p/glass-french-press']) {
    expect(markIn(await initialHtml(page, path), 'product-offer')).toBe('bundle-offer:offer');
  }
  expect(await cookie(context, 'sw_f')).toBeUndefined();
});
