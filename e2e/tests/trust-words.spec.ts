/**
 * Issue 17, item 6: words a marketer reads, and rough edges. Errors name the thing as the
 * marketer sees it, next to its field; the goal warns about an event the site never sent; the
 * results say how much traffic was filtered as bots; the frame shows desktop, tablet and phone
 * widths; the editor works at 1024 px and reads on a phone; the store's cookie banner does not
 * cover the slot being edited.
 */
import { type Page, expect, test } from '@playwright/test';
import { ADMIN, resetDraftToLive, signIn } from './trust-helpers.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function newPromoCampaign(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^promo/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  await expect(page.getByTestId('campaign-editor')).toBeVisible();
}

test('errors name the thing as the marketer sees it, next to its field; schedule errors sit at the schedule', async ({ page }) => {
  await resetDraftToLive(page.request);
  await signIn(page, 'Maria');
  await newPromoCampaign(page);
  const editor = page.getByTestId('campaign-editor');
  const what = editor.locator('section.block', { has: page.getByRole('heading', { name: 'What' }) });
  await what.getByLabel('Variant name').fill('n'.repeat(201));
  await expect(what.getByRole('alert')).toHaveText('Variant A: the name is longer than 200 characters');
  await expect(editor).not.toContainText('variants[0]');
  await what.getByLabel('Variant name').fill('Variant A');

  const timing = editor.locator('section.block', { has: page.getByRole('heading', { name: 'Goal and timing' }) });
  await timing.getByLabel('Starts (UTC)').fill('2027-01-02T00:00');
  await timing.getByLabel('Ends (UTC)').fill('2027-01-01T00:00');
  await expect(timing.getByRole('alert')).toHaveText('Schedule: the end must be after the start');
  await expect(editor.getByRole('alert')).toHaveCount(1);
  await resetDraftToLive(page.request);
});

test('a goal on an event the site never sent is flagged, with the name it likely meant', async ({ page }) => {
  // The site has sent add_to_cart.
  const sent = await page.request.post('/__sw/collect', {
    headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, cookie: 'sw_consent=granted; sw_id=trust-words-visitor-0001' },
    data: { events: [{ id: 'trust-words-atc-1', type: 'add_to_cart', ts: Date.now() - 1000, props: { sku: 'x', price: 5 } }] },
  });
  expect(sent.status()).toBe(202);
  // Collect answers before the queue's consumer stores the event (docs/measurement.md).
  await expect
    .poll(async () => ((await (await page.request.get('/__sw/admin/catalog', { headers: ADMIN })).json()) as { seenEvents?: string[] }).seenEvents ?? [])
    .toContain('add_to_cart');
  await resetDraftToLive(page.request);
  await signIn(page, 'Maria');
  await newPromoCampaign(page);
  const goal = page.getByTestId('campaign-editor').getByLabel('Goal event');
  await goal.fill('add_to_crat');
  const warning = page.getByTestId('goal-warning');
  await expect(warning).toContainText('Your site has not sent “add_to_crat” yet');
  await warning.getByRole('button', { name: 'add_to_cart' }).click();
  await expect(goal).toHaveValue('add_to_cart');
  await expect(warning).toHaveCount(0);
  await resetDraftToLive(page.request);
});

test('results say how much traffic was filtered as bots', async ({ page }) => {
  const bot = await page.request.post('/__sw/collect', {
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
      cookie: 'sw_consent=granted; sw_id=trust-words-crawler-0001',
    },
    data: {
      events: [
        { id: 'trust-words-bot-1', type: 'exposure', ts: Date.now() - 1000, props: { campaign: 'promo-test', variant: 'a', slot: 'promo' } },
        { id: 'trust-words-bot-2', type: 'add_to_cart', ts: Date.now() - 900 },
      ],
    },
  });
  expect(await bot.json()).toMatchObject({ accepted: 0, ignored: 2 });
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: 'Results' }).click();
  await expect(page.getByTestId('bots-filtered')).toContainText(/\d+ events? in \d+ batch(es)? came from bots and crawlers and are not counted/);
});

test('the framed site can be seen at desktop, tablet and phone widths', async ({ page }) => {
  await signIn(page, 'Maria');
  const frame = page.locator('iframe.site-frame');
  const widths = page.getByRole('radiogroup', { name: 'Device width' });
  await widths.getByRole('radio', { name: 'Phone' }).click();
  await expect.poll(async () => Math.round((await frame.boundingBox())!.width)).toBe(390);
  await widths.getByRole('radio', { name: 'Tablet' }).click();
  await expect.poll(async () => Math.round((await frame.boundingBox())!.width)).toBe(768);
  await widths.getByRole('radio', { name: 'Desktop' }).click();
  await expect.poll(async () => Math.round((await frame.boundingBox())!.width)).toBeGreaterThan(768);
});

/** Whether the page scrolls sideways (something is wider than the window). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

test('the editor is usable at 1024 px and readable at phone width', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: /^hero/ }).click();
  await page.getByRole('button', { name: 'Newsletter welcome' }).click();
  await expect(page.getByTestId('campaign-editor')).toBeVisible();
  expect(await overflows(page)).toBe(false);
  for (const name of ['Publish', 'Sign out', 'Versions']) await expect(page.getByRole('button', { name, exact: true })).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('campaign-editor').getByLabel('Campaign name')).toBeInViewport();
  await expect(page.locator('iframe.site-frame')).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('editor-1024.png') });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflows(page)).toBe(false);
  await expect(page.getByRole('button', { name: 'Publish', exact: true })).toBeInViewport({ ratio: 1 });
  await expect(page.getByTestId('campaign-editor').getByLabel('Campaign name')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('editor-phone.png'), fullPage: true });
});

test("the store's cookie banner does not cover the slot being edited", async ({ page }) => {
  // A laptop screen: the framed page is shorter than the hero plus the banner.
  await page.setViewportSize({ width: 1280, height: 600 });
  await signIn(page, 'Maria');
  const site = page.frameLocator('iframe.site-frame');
  // A visitor who has not chosen yet: the store shows its consent banner, fixed at the bottom.
  await expect(site.locator('[data-consent]')).toBeVisible();
  // The hero is taller than the frame shows: scrolled to its middle, its lower part is where the banner is.
  await page.getByRole('button', { name: /^hero/ }).click();
  const frame = (await (await page.locator('iframe.site-frame').elementHandle())!.contentFrame())!;
  // Every visible point down the middle of the slot shows the slot, not something on top of it.
  await expect
    .poll(() =>
      frame.evaluate(() => {
        const slot = document.querySelector<HTMLElement>('[data-slot="hero"]')!;
        const r = slot.getBoundingClientRect();
        const top = Math.max(r.top, 0) + 4;
        const bottom = Math.min(r.bottom, window.innerHeight) - 4;
        const covered: number[] = [];
        for (let i = 0; i <= 8; i++) {
          const y = top + ((bottom - top) * i) / 8;
          const hit = document.elementFromPoint(r.left + r.width / 2, y);
          if (hit === null || !slot.contains(hit)) covered.push(Math.round(y));
        }
        return covered;
      }),
    )
    .toEqual([]);
  // Back to the page: the banner is there again.
  await page.getByRole('button', { name: '← All slots on this page' }).click();
  await expect(site.locator('[data-consent]')).toBeVisible();
});
