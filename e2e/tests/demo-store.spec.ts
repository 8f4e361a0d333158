/**
 * The demo store through the Slotwise Worker in workerd, in Debian's Chromium: what a visitor
 * sees, and that it was in the first bytes of the page (edge-rendered, not swapped in later).
 */
import { expect, test } from '@playwright/test';

const slot = (name: string) => `[data-slot="${name}"]`;

test('a first-time visitor gets the store with its default content and no tracking cookie', async ({ page, context }) => {
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator(slot('hero'))).toContainText('Gear for every season');
  // Not measured yet (no consent): the A/B test's best-known variant, not the control, not counted.
  await expect(page.locator(slot('promo'))).toHaveAttribute('data-sw-v', 'promo-test:outdoor-sale');
  await expect(page.locator(slot('promo'))).toHaveAttribute('data-sw-u', '');
  await expect(page.locator(slot('promo'))).toContainText('Spring sale: 20% off all outdoor gear');
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).not.toContain('sw_id');
});

test('a newsletter visitor sees the welcome hero in the initial HTML', async ({ page }) => {
  const response = await page.goto('/?utm_source=newsletter');
  const initialHtml = await response!.text();
  expect(initialHtml).toContain('data-sw-v="newsletter-welcome:welcome"');
  expect(initialHtml).toContain('Welcome back to the trail');
  await expect(page.locator(slot('hero'))).toContainText('Welcome back to the trail');
  await expect(page.locator(slot('hero')).locator('a.btn')).toHaveText('Use my 10% off');
  await page.screenshot({ path: 'test-results/newsletter-home.png', fullPage: false });
});

test('a visitor from Germany sees the local shipping bar on every page', async ({ page }) => {
  await page.goto('/?sw_country=DE');
  await expect(page.locator(slot('announcement'))).toContainText('Kostenloser Versand nach Deutschland');
  const shoes = await page.goto('/shoes');
  expect(await shoes!.text()).toContain('data-sw-v="shipping-de:de"');
  await page.goto('/?sw_country=');
  await expect(page.locator(slot('announcement'))).toContainText('Free shipping on orders over');
});

test('after consent the visitor joins the promo A/B test and keeps their arm', async ({ page, context }) => {
  await page.goto('/');
  await page.getByRole('button', { name: /accept/i }).click();
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === 'sw_consent')?.value).toBe('granted');

  const first = await page.goto('/');
  const mark = /data-slot="promo"[^>]*data-sw-v="([^"]+)"|data-sw-v="([^"]+)"[^>]*data-slot="promo"/.exec(await first!.text());
  const arm = mark?.[1] ?? mark?.[2];
  expect(arm).toMatch(/^promo-test:(outdoor-sale|free-returns|control)$/);
  const visitor = (await context.cookies()).find((c) => c.name === 'sw_id');
  expect(visitor?.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(visitor?.sameSite).toBe('Lax');

  for (let i = 0; i < 3; i++) {
    await page.goto('/kitchen');
    await expect(page.locator(slot('promo'))).toHaveAttribute('data-sw-v', arm!);
  }
});

test('compressed and uncompressed origin responses are both personalized intact', async ({ request }) => {
  for (const encoding of ['gzip', 'br, gzip', 'identity']) {
    const response = await request.get('/?utm_source=newsletter', { headers: { 'accept-encoding': encoding } });
    expect(response.status()).toBe(200);
    const body = await response.text();
    expect(body).toContain('Welcome back to the trail');
    expect(body.trimEnd()).toMatch(/<\/html>$/);
    expect(response.headers()['content-length']).toBeUndefined();
  }
});

test('static assets and non-HTML pass through untouched', async ({ request }) => {
  const viaWorker = await request.get('/static/store.css');
  const css = await viaWorker.text();
  expect(viaWorker.headers()['content-type']).toMatch(/text\/css/);
  expect(css.length).toBeGreaterThan(100);
  expect(viaWorker.headers()['x-slotwise']).toBeUndefined();
});

test('the decision trace explains each slot when asked with the debug token', async ({ page }) => {
  await page.goto('/?utm_source=newsletter&sw_debug=e2e-debug');
  const panel = page.locator('#sw-debug');
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('newsletter-welcome');
  await expect(panel).toContainText('audience "in-germany" does not match');
});

test('the SDK script and the editor are served by the Worker', async ({ page, request }) => {
  const sdk = await request.get('/__sw/sw.js');
  expect(sdk.status()).toBe(200);
  await page.goto('/__sw/editor/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
