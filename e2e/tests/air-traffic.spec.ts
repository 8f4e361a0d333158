/**
 * Issue 24 in the editor: before publishing, an experiment that may share visitors with another
 * (same pages, overlapping audiences, no layer) is flagged in words, and one click puts both in
 * one layer; the Programme view shows the layers' traffic split and the contact budget as it is
 * spent, for all customers and per lifecycle segment, from what visitors' browsers reported.
 */
import { type Page, expect, test } from '@playwright/test';
import type { ProgrammeView } from '@slotwise/core/protocol';
import { ADMIN_KEY, acceptConsent } from './helpers.ts';
import { changeDraft, draftNow, liveConfig, resetDraftToLive, signIn } from './trust-helpers.ts';

const REAL_BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

test('the publish dialog flags experiments that may share visitors; one click puts them in one layer, shown in the Programme view', async ({ page }) => {
  await resetDraftToLive(page.request);
  await changeDraft(page.request, (c) => ({
    ...c,
    campaigns: [
      ...c.campaigns,
      {
        id: 'hero-test',
        name: 'Hero test',
        status: 'live',
        priority: 50,
        slots: ['hero'],
        holdoutPct: 50,
        variants: [{ id: 'bold', name: 'Bold', content: { hero: { kind: 'text', body: 'Bold hero' } } }],
      },
    ],
  }));
  const promoTest = (await draftNow(page.request)).draft.campaigns.find((c) => c.id === 'promo-test')!;
  await signIn(page, 'Ines');
  await page.getByRole('button', { name: 'Publish' }).click();
  const collisions = page.getByTestId('collisions');
  await expect(collisions).toContainText(`"${promoTest.name}" and "Hero test" both change the home page`);
  await expect(collisions).toContainText('put them in one layer?');
  await page.screenshot({ path: test.info().outputPath('publish-collision.png') });

  // Other experiments of the demo may collide too: this pair's own line and button.
  const pair = collisions.locator('li').filter({ hasText: `"${promoTest.name}" and "Hero test"` });
  await pair.getByRole('button', { name: 'Put them in one layer' }).click();
  await expect(pair).toHaveCount(0);
  const { draft } = await draftNow(page.request);
  const layerId = draft.campaigns.find((c) => c.id === 'hero-test')?.layer?.id;
  expect(layerId).toBeTruthy();
  expect(draft.campaigns.find((c) => c.id === 'promo-test')?.layer).toEqual({ id: layerId, start: 0, end: 50 });
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Programme', exact: true }).click();
  const layers = page.getByTestId('layers');
  await expect(layers).toContainText(`${promoTest.name} / Hero test`);
  await expect(layers.getByTitle(`${promoTest.name}: 0–50%`)).toBeVisible();
  await expect(layers.getByTitle('Hero test: 50–100%')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('programme-layers.png'), fullPage: true });
  await resetDraftToLive(page.request);
});

/** A visitor who consents and loads the home page; resolves once their exposures reached the Worker. */
async function visit(page: Page): Promise<void> {
  const reported = page.waitForResponse(async (r) => r.url().endsWith('/__sw/collect') && r.status() === 202 && (r.request().postData() ?? '').includes('"exposure"'), {
    timeout: 15_000,
  });
  await acceptConsent(page, page.context());
  await page.goto('/');
  await reported;
}

test('the Programme view shows the contact budget as it is spent, from what visitors saw', async ({ page, browser }) => {
  await resetDraftToLive(page.request);
  const before = await liveConfig(page.request);
  try {
    const visitorContext = await browser.newContext({ userAgent: REAL_BROWSER });
    await visit(await visitorContext.newPage());
    await visitorContext.close();

    await signIn(page, 'Ines');
    await page.getByRole('button', { name: 'Programme', exact: true }).click();
    await page.getByTestId('budgets').getByRole('button', { name: '+ Add a budget' }).click();
    await expect(page.getByTestId('budgets').getByLabel('Messages at most')).toHaveValue('3');
    await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByText(/Version \d+ is live/)).toBeVisible();

    const view = (await (await page.request.get('/__sw/admin/programme', { headers: ADMIN_KEY })).json()) as ProgrammeView;
    const thisWeek = view.weeks.at(-1)!;
    expect(view.weeklyBudget).toBe(3);
    expect(thisWeek.visitors).toBeGreaterThanOrEqual(1);
    expect(thisWeek.got.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
    await page.getByRole('button', { name: 'Programme', exact: true }).click();
    const chart = page.getByTestId('budget-chart');
    await expect(chart).toContainText('the weekly budget is 3');
    await expect(chart).toContainText(
      `${thisWeek.visitors.toLocaleString('en-US')} visitor${thisWeek.visitors === 1 ? '' : 's'} · ${thisWeek.got[0]!.toLocaleString('en-US')} got nothing · ${thisWeek.atBudget!.toLocaleString('en-US')} reached the budget`,
    );

    // Per segment: the visitor was new (no profile yet, or one visit), so the "New" row counts them;
    // the summary lists this week's segments, and picking one shows its weeks with the reading in words.
    const newRow = view.segments?.find((s) => s.id === 'new')?.weeks.at(-1);
    expect(newRow?.visitors).toBeGreaterThanOrEqual(1);
    const summary = chart.getByTestId('segment-summary');
    await expect(summary.getByRole('row').nth(1)).toContainText(`All customers${thisWeek.visitors.toLocaleString('en-US')}`);
    await summary.getByRole('button', { name: 'New', exact: true }).click();
    await expect(chart.getByLabel('Customers shown')).toHaveValue('new');
    await expect(chart.getByTestId('budget-chart-reading')).toContainText(
      'New: at most one visit so far. Each bar is how many of these customers got that many promotional messages',
    );
    await expect(chart).toContainText(
      `${newRow!.visitors.toLocaleString('en-US')} visitor${newRow!.visitors === 1 ? '' : 's'} · ${newRow!.got[0]!.toLocaleString('en-US')} got nothing · ${newRow!.atBudget!.toLocaleString('en-US')} reached the budget`,
    );
    await page.screenshot({ path: test.info().outputPath('programme-budget.png'), fullPage: true });
    await chart.screenshot({ path: test.info().outputPath('programme-budget-chart.png') });
    await chart.getByLabel('Customers shown').selectOption('deal_seeker');
    await expect(chart.getByTestId('budget-chart-reading')).toContainText('Deal seeker: 3 or more deal signals');
  } finally {
    const rollback = await page.request.post('/__sw/admin/rollback', { headers: ADMIN_KEY, data: { version: before.version } });
    expect(rollback.status()).toBe(200);
    await resetDraftToLive(page.request);
  }
});
