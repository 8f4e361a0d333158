/**
 * Privacy signals in Chromium, beyond sdk-privacy.spec.ts: under Global Privacy Control or Do
 * Not Track, even after the visitor clicks "accept", no cookie is set, nothing is written to
 * IndexedDB and no beacon leaves; contextual personalization still applies and experiments show
 * their best-known variant, not counted. A control run without a signal shows the same steps do produce a beacon.
 */
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { cookie, databases, markIn } from './helpers.ts';

interface Signal {
  name: string;
  headers: Record<string, string>;
  navigator: Record<string, unknown>;
}

const SIGNALS: Signal[] = [
  { name: 'Global Privacy Control', headers: { 'sec-gpc': '1' }, navigator: { globalPrivacyControl: true } },
  { name: 'Do Not Track', headers: { dnt: '1' }, navigator: { doNotTrack: '1' } },
];

async function contextWith(browser: Browser, signal: Signal | null): Promise<BrowserContext> {
  const context = await browser.newContext(signal ? { extraHTTPHeaders: signal.headers } : {});
  if (signal)
    await context.addInitScript((props) => {
      for (const [name, value] of Object.entries(props)) Object.defineProperty(Navigator.prototype, name, { get: () => value, configurable: true });
    }, signal.navigator);
  return context;
}

/** Accepts the banner, browses, converts and tracks; returns the collect requests seen. */
async function browseAndConvert(page: Page): Promise<string[]> {
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/__sw/collect')) beacons.push(r.postData() ?? '');
  });
  await page.goto('/');
  await page.getByRole('button', { name: /accept/i }).click();
  for (const path of ['/shoes', '/p/trailblazer-runner']) {
    await page.goto(path);
    await page.waitForFunction(() => typeof (window as any).sw?.track === 'function');
  }
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await page.evaluate(() => (window as any).sw.track('newsletter_signup'));
  // Give the outbox its usual chance to flush, then hide the page (the beacon moment).
  await page.waitForTimeout(1500);
  await page.goto('/');
  return beacons;
}

for (const signal of SIGNALS) {
  test(`${signal.name}: no cookie, no IndexedDB, no beacon, even after accepting`, async ({ browser }) => {
    const context = await contextWith(browser, signal);
    const page = await context.newPage();
    const beacons = await browseAndConvert(page);
    expect(beacons).toEqual([]);
    expect(await cookie(context, 'sw_id')).toBeUndefined();
    expect(await cookie(context, 'sw_p')).toBeUndefined();
    expect(await databases(page)).not.toContain('slotwise');
    await context.close();
  });

  test(`${signal.name}: contextual personalization still applies, experiments show their best-known variant, not counted`, async ({ browser }) => {
    const context = await contextWith(browser, signal);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: /accept/i }).click();
    const html = await (await page.goto('/?utm_source=newsletter'))!.text();
    expect(markIn(html, 'hero')).toBe('newsletter-welcome:welcome');
    expect(markIn(html, 'promo')).toBe('promo-test:outdoor-sale');
    expect(/<[a-z]+[^>]*data-slot="promo"[^>]*>/.exec(html)?.[0]).toContain('data-sw-u');
    expect(await cookie(context, 'sw_id')).toBeUndefined();
    await context.close();
  });
}

test('control: with consent and no signal, the same steps do send a beacon and set the cookies', async ({ browser }) => {
  const context = await contextWith(browser, null);
  const page = await context.newPage();
  const beacons = await browseAndConvert(page);
  expect(beacons.join('\n')).toContain('add_to_cart');
  expect(await cookie(context, 'sw_id')).toMatch(/^[A-Za-z0-9_-]{22}$/);
  expect(await databases(page)).toContain('slotwise');
  await context.close();
});
