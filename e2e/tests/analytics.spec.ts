/**
 * Slotwise beside the site's analytics: exposures go to the GTM/GA4 dataLayer when the tag asks
 * for it (the demo's does: `data-sw-datalayer`), and `sw.on` hands every recorded event to a
 * callback; `identify` keeps the customer id for ID lists without moving the visitor's arms.
 */
import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { acceptConsent, cookie, initialHtml, markIn, sdkReady } from './helpers.ts';

type Win = {
  dataLayer?: Record<string, unknown>[];
  sw: { on(e: string, fn: (x: unknown) => void): () => void; identify(t: unknown, signature?: string): void; track(n: string, p?: unknown): void; consent(c: string): void };
};

test('an exposure is pushed to the dataLayer once, and callbacks see exposures and conversions', async ({ page, context }) => {
  // Subscribed before sw.js loads, through the documented queue, so no early exposure is missed.
  await context.addInitScript(() => {
    const w = window as unknown as { sw?: unknown[]; seen: unknown[] };
    w.seen = [];
    w.sw = [
      ['on', 'exposure', (e: unknown) => w.seen.push(e)],
      ['on', 'purchase', (e: unknown) => w.seen.push(e)],
    ];
  });
  await acceptConsent(page, context);
  const arm = markIn(await initialHtml(page, '/'), 'promo');
  expect(arm).toMatch(/^promo-test:/);
  await sdkReady(page);
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  const [campaign, variant] = arm!.split(':');
  await expect
    .poll(() => page.evaluate(() => (window as unknown as Win).dataLayer?.filter((e) => e.event === 'slotwise_exposure')))
    .toEqual([{ event: 'slotwise_exposure', slotwise_campaign: campaign, slotwise_variant: variant, slotwise_slot: 'promo' }]);
  await page.evaluate(() => (window as unknown as Win).sw.track('purchase', { value: 42, coupon: 'SPRING' }));
  const seen = await page.evaluate(() => (window as unknown as { seen: unknown[] }).seen);
  // An exposure also carries the visitor's pre-exposure counts (`pre`, for CUPED: docs/sdk.md).
  expect(seen).toEqual([expect.objectContaining({ type: 'exposure', campaign, variant, slot: 'promo' }), { type: 'purchase', value: 42, coupon: 'SPRING' }]);
  // Seen again on the next page: no second push, the exposure was reported already.
  await page.goto('/');
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  await sdkReady(page);
  await page.waitForTimeout(1000);
  expect(await page.evaluate(() => (window as unknown as Win).dataLayer?.filter((e) => e.event === 'slotwise_exposure') ?? [])).toEqual([]);
});

test('decision callbacks get every slot the edge rendered, as the page marks it', async ({ page, context }) => {
  await context.addInitScript(() => {
    const w = window as unknown as { sw?: unknown[]; decisions: unknown[] };
    w.decisions = [];
    w.sw = [['on', 'decision', (d: unknown) => w.decisions.push(d)]];
  });
  await page.goto('/?utm_source=newsletter');
  await sdkReady(page);
  const marked = await page.locator('[data-sw-v]').evaluateAll((els) =>
    els.map((el) => {
      const [campaign, variant] = el.getAttribute('data-sw-v')!.split(':');
      return { slot: el.getAttribute('data-slot'), campaign, variant, source: 'edge' };
    }),
  );
  expect(marked.map((d) => d.slot)).toContain('hero');
  expect(await page.evaluate(() => (window as unknown as { decisions: unknown[] }).decisions)).toEqual(marked);
});

test('identify keeps the signed customer id for ID lists, never moves the visitor’s arm, and denial deletes it', async ({ page, context }) => {
  await acceptConsent(page, context);
  const before = markIn(await initialHtml(page, '/'), 'promo');
  await sdkReady(page);
  // As the site's backend signs it (docs/sdk.md), with the stack's IDENTITY_SECRET (e2e/stack.mjs).
  const signature = createHmac('sha256', 'dev-identity-secret').update('cust-1001;x').digest('hex');
  await page.evaluate((sig) => (window as unknown as Win).sw.identify({ id: 'cust-1001;x', plan: 'gold' }, sig), signature);
  expect(await cookie(context, 'sw_uid')).toBe(`cust-1001%3Bx.${signature}`);
  for (const path of ['/', '/kitchen', '/']) {
    const html = await initialHtml(page, path);
    if (path === '/') expect(markIn(html, 'promo')).toBe(before);
  }
  await page.evaluate(() => (window as unknown as Win).sw.consent('denied'));
  await expect.poll(() => cookie(context, 'sw_uid')).toBeUndefined();
});
