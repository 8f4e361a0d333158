/**
 * Issue 17: "Preview as" models consent. A visitor who has not consented (or whose browser sends
 * GPC) cannot be measured, so an experiment shows them its best-known variant — never the
 * control — and does not count them; the preview shows exactly that, and its trace says why,
 * naming campaigns and variants as the marketer named them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { parseSiteConfig } from '@slotwise/core';
import { compileConfig, decideSlots } from '@slotwise/core/decide';
import { emptyProfile } from '@slotwise/core/profile';
import { signInToEditor } from './helpers.ts';

const demoConfig: unknown = JSON.parse(readFileSync(join(import.meta.dirname, '../demo-config.json'), 'utf8'));

async function signIn(page: Page): Promise<void> {
  await signInToEditor(page, 'Maria');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
}

/** A bucketing id the demo's promo A/B test puts in its control group (found with the engine itself). */
function idInControl(): string {
  const parsed = parseSiteConfig(demoConfig);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const compiled = compileConfig(parsed.config);
  const context = {
    page: { url: 'http://127.0.0.1/', path: '/', query: {}, referrer: '', referrerHost: '' },
    utm: {},
    geo: { country: '', region: '', city: '', timezone: 'UTC' },
    device: { type: 'desktop' as const, browser: 'chrome', os: 'macos' },
    locale: { language: 'en' },
    time: { hour: 12, weekday: 2 },
  };
  for (let n = 0; n < 500; n++) {
    const id = `preview-${n}`;
    if (decideSlots(compiled, { visitorId: id, profile: emptyProfile(), context, now: Date.now() }).slots.promo?.variant === 'control') return id;
  }
  throw new Error('no id lands in the control group');
}

test('the consent toggle: an unconsented visitor sees the best-known variant, not counted, and the trace says why', async ({ page }) => {
  await signIn(page);
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="promo"][data-sw-edit]')).toBeVisible();
  const promo = site.locator('[data-slot="promo"]');
  const summary = page.getByTestId('preview-summary');

  // A consenting visitor whose id lands in the control group keeps the page as it is.
  await page.getByLabel('Preview visitor').selectOption({ label: 'Anonymous first visit' });
  await page.getByRole('button', { name: 'Edit visitor' }).click();
  await page.getByLabel('Bucket id').fill(idInControl());
  await expect(page.getByLabel('Consent')).toHaveValue('yes');
  await expect(summary).toContainText('promo: Promo banner A/B test → Control (page as it is)');
  await expect(summary).not.toContainText('not counted');
  await expect(promo).not.toContainText('Spring sale: 20% off all outdoor gear');
  await expect(page.getByTestId('preview-trace')).toContainText('Promo banner A/B test → Control (page as it is): bucketed into the control group (10% holdout)');
  await expect(page.getByTestId('preview-consent-note')).toHaveCount(0);

  // The same visitor before accepting cookies: the first variant, not counted.
  await page.getByLabel('Consent').selectOption({ label: 'has not consented' });
  await expect(summary).toContainText('promo: Promo banner A/B test → A: outdoor sale (not counted)');
  await expect(promo).toContainText('Spring sale: 20% off all outdoor gear');
  await expect(page.getByTestId('preview-trace')).toContainText(
    'Promo banner A/B test → A: outdoor sale: not measured (no consent or a privacy signal): shows the best-known variant "A: outdoor sale" (the first variant), never the control, and is not counted',
  );
  await expect(page.getByTestId('preview-consent-note')).toContainText('Not measured (no consent)');
  await expect(page.getByLabel('Bucket id')).toBeDisabled();
  await page.getByTestId('preview-trace').getByText('not measured').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath('preview-consent.png') });
  if (process.env.SW_PREVIEW_SCREENSHOT) await page.screenshot({ path: process.env.SW_PREVIEW_SCREENSHOT });

  // Consent given but the browser sends GPC: still not measured.
  await page.getByLabel('Consent').selectOption({ label: 'has consented' });
  await expect(summary).toContainText('Control (page as it is)');
  await page.getByLabel('GPC').check();
  await expect(summary).toContainText('promo: Promo banner A/B test → A: outdoor sale (not counted)');
  await expect(page.getByTestId('preview-consent-note')).toContainText('Not measured (privacy signal)');

  // The preset for the most common case in the EU.
  await page.getByLabel('Preview visitor').selectOption({ label: 'First visit, no consent yet' });
  await expect(page.getByLabel('Consent')).toHaveValue('no');
  await expect(summary).toContainText('promo: Promo banner A/B test → A: outdoor sale (not counted)');
  await expect(promo).toContainText('Spring sale: 20% off all outdoor gear');
});

test("the browser decides an unconsented visitor's late slot like the edge: the best-known variant, not counted", async ({ page }) => {
  const beacons: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/__sw/collect')) beacons.push(r.url());
  });
  await page.goto('/fixtures/spa');
  await page.waitForFunction(() => typeof (window as unknown as { sw?: { profile?: unknown } }).sw?.profile === 'function');
  // An SPA route to the home page, whose promo slot the SPA renders later.
  await page.getByRole('link', { name: /newsletter/i }).click();
  await expect(page.locator('[data-slot="hero"]')).toHaveAttribute('data-sw-v', 'newsletter-welcome:welcome');
  const slot = await page.evaluate(async () => {
    const el = document.createElement('section');
    el.dataset.slot = 'promo';
    el.textContent = 'Default promo';
    document.getElementById('view')?.append(el);
    for (let i = 0; i < 100 && !el.hasAttribute('data-sw-v'); i++) await new Promise((r) => setTimeout(r, 20));
    return { mark: el.getAttribute('data-sw-v'), uncounted: el.hasAttribute('data-sw-u'), text: el.textContent };
  });
  expect(slot).toEqual({ mark: 'promo-test:outdoor-sale', uncounted: true, text: expect.stringContaining('Spring sale: 20% off all outdoor gear') });
  const edge = await (await page.request.get('/')).text();
  expect(/<[a-z]+[^>]*data-slot="promo"[^>]*>/.exec(edge)?.[0]).toMatch(/data-sw-v="promo-test:outdoor-sale".*data-sw-u|data-sw-u.*data-sw-v="promo-test:outdoor-sale"/);
  expect(beacons).toEqual([]);
});

test("the preview takes a bandit's live weights, as the edge does: an unconsented visitor gets the variant the data favours", async ({ page }) => {
  // The draft as the server has it, with the promo test optimizing automatically; and results in
  // which "B: free returns" converts best. Both only in this page: nothing is saved or published.
  await page.route('**/__sw/admin/draft', async (route) => {
    if (route.request().method() !== 'GET') return route.continue();
    const response = await route.fetch();
    const state = (await response.json()) as { draft: { campaigns: { id: string; allocation?: string }[] } };
    for (const c of state.draft.campaigns) if (c.id === 'promo-test') c.allocation = 'bandit';
    await route.fulfill({ response, json: state });
  });
  await page.route('**/__sw/admin/results', (route) =>
    route.fulfill({
      json: {
        campaigns: [
          {
            id: 'promo-test',
            name: 'Promo banner A/B test',
            arms: [
              { id: 'control', exposed: 20 },
              { id: 'outdoor-sale', exposed: 100 },
              { id: 'free-returns', exposed: 100 },
            ],
            bandit: { weights: { 'outdoor-sale': 0.1, 'free-returns': 0.9 } },
          },
        ],
      },
    }),
  );
  await signIn(page);
  await page.getByLabel('Preview visitor').selectOption({ label: 'First visit, no consent yet' });
  await expect(page.getByTestId('preview-summary')).toContainText('promo: Promo banner A/B test → B: free returns (not counted)');
  await page.getByRole('button', { name: 'Edit visitor' }).click();
  await expect(page.getByTestId('preview-trace')).toContainText('shows the best-known variant "B: free returns" (the highest current bandit weight), never the control');
});
