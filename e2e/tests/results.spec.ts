/**
 * Measurement end to end: visitors browse the demo store in their own browsers — each lands in
 * an arm of the promo A/B test, sees the banner (an exposure), and some add to cart (its goal) —
 * and the editor's results screen shows exactly those counts on top of what was there, with the
 * verdict core computes from them, and the chart.
 */
import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import { parseSiteConfig } from '@slotwise/core';
import { type ArmTotals, type CampaignDetail, campaignResults } from '@slotwise/core/stats';
import { acceptConsent, initialHtml, markIn, signInToEditor } from './helpers.ts';

const ADMIN = { authorization: 'Bearer slotwise' };
const CAMPAIGN = 'promo-test';
type Counts = Record<string, { exposed: number; converted: number }>;

async function countsNow(request: APIRequestContext): Promise<Counts> {
  const detail = (await (await request.get(`/__sw/admin/results/${CAMPAIGN}`, { headers: ADMIN })).json()) as CampaignDetail;
  return Object.fromEntries(detail.arms.map((a) => [a.id, { exposed: a.exposed, converted: a.converted }]));
}

/** Waits until the Worker has accepted an event of this type from the page. */
function delivered(page: Page, type: string): Promise<unknown> {
  return page.waitForResponse(
    async (r) => {
      if (!r.url().endsWith('/__sw/collect') || r.status() !== 202) return false;
      const body = JSON.parse(r.request().postData() ?? '{}') as { events?: { type: string; props?: { campaign?: string } }[] };
      return (body.events ?? []).some((e) => e.type === type && (type !== 'exposure' || e.props?.campaign === CAMPAIGN));
    },
    { timeout: 15_000 },
  );
}

/** One visitor in a browser of their own: sees the promo, maybe adds to cart. Returns their arm. */
async function visitor(browser: Browser, converts: boolean): Promise<string> {
  // A real browser's user agent: headless Chromium names itself, and crawlers are not counted.
  const context = await browser.newContext({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' });
  const page = await context.newPage();

  await acceptConsent(page, context);
  const exposed = delivered(page, 'exposure');
  const arm = markIn(await initialHtml(page, '/'), 'promo')?.split(':')[1];
  expect(arm).toBeDefined();
  await page.locator('[data-slot="promo"]').scrollIntoViewIfNeeded();
  await exposed;
  if (converts) {
    await page.goto('/p/glass-french-press');
    const bought = delivered(page, 'add_to_cart');
    await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
    await bought;
  }
  await context.close();
  return arm!;
}

test('visitors exposed to each arm and converting show up in the results, with a consistent verdict', async ({ page, browser }) => {
  test.setTimeout(120_000);
  const before = await countsNow(page.request);
  const added: Counts = {};
  for (let i = 0; i < 8; i++) {
    const converts = i % 2 === 0;
    const arm = await visitor(browser, converts);
    added[arm] ??= { exposed: 0, converted: 0 };
    added[arm].exposed++;
    if (converts) added[arm].converted++;
  }
  const expected = (arm: string) => ({
    exposed: (before[arm]?.exposed ?? 0) + (added[arm]?.exposed ?? 0),
    converted: (before[arm]?.converted ?? 0) + (added[arm]?.converted ?? 0),
  });
  // Collect answers once a batch is on the event queue; the consumer stores it a moment later
  // (docs/measurement.md), so the counts are awaited, and must then be exact.
  await expect
    .poll(
      async () => {
        const now = await countsNow(page.request);
        return Object.fromEntries(Object.keys(added).map((arm) => [arm, now[arm]]));
      },
      { timeout: 20_000 },
    )
    .toEqual(Object.fromEntries(Object.keys(added).map((arm) => [arm, expected(arm)])));

  // The editor shows those numbers.
  await signInToEditor(page, 'Ana');
  await page.getByRole('button', { name: 'Results' }).click();
  const overview = page.getByTestId('results-overview');
  await expect(overview).toContainText('Promo banner A/B test');
  await overview.getByRole('button', { name: 'Promo banner A/B test' }).click();
  const table = page.getByTestId('results-table');
  const detail = (await (await page.request.get(`/__sw/admin/results/${CAMPAIGN}`, { headers: ADMIN })).json()) as CampaignDetail;
  for (const arm of detail.arms) {
    const row = table.locator('tr', { hasText: arm.name });
    await expect(row.locator('td').nth(1)).toHaveText(String(expected(arm.id).exposed));
    await expect(row.locator('td').nth(2)).toContainText(String(expected(arm.id).converted));
    await expect(row.locator('td').nth(3)).toHaveText(`${(arm.rate * 100).toFixed(1)}%`);
  }

  // The verdict is the one core's statistics give for these very counts.
  const { config } = await (await page.request.get('/__sw/admin/versions/1', { headers: ADMIN })).json();
  const parsed = parseSiteConfig(config);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const campaign = parsed.config.campaigns.find((c) => c.id === CAMPAIGN)!;
  const totals: ArmTotals[] = detail.arms.map((a) => ({ arm: a.id, exposed: a.exposed, converted: a.converted, conversions: a.conversions, valueSum: a.valueSum, valueSumSq: 0 }));
  await expect(page.getByTestId('verdict')).toHaveText(campaignResults(campaign, totals).verdict);

  // The chart draws a line (or point) per arm that has visitors.
  const chart = page.getByRole('img', { name: /conversion rate per arm/i });
  await expect(chart).toBeVisible();
  expect(await chart.locator('circle').count()).toBeGreaterThanOrEqual(Object.keys(added).length);
  await page.screenshot({ path: 'test-results/results-promo-test.png', fullPage: true });
});
