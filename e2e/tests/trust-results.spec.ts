/**
 * Issue 17, item 5: results belong to the campaign, not to the live config. A campaign removed
 * from the draft and published, or taken out by restoring an older version, used to vanish
 * from Results (the API answered 404) although its exposures were stored. Now it stays listed
 * with its status and the versions it ran in, readable and exportable.
 */
import { type APIRequestContext, expect, test } from '@playwright/test';
import type { SiteConfigInput } from '@slotwise/core';
import { ADMIN, changeDraft, liveConfig, resetDraftToLive, signIn } from './trust-helpers.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** A live campaign for an audience no real visitor is in, so other tests' visitors never see it. */
function withCampaign(c: SiteConfigInput, id: string, name: string): SiteConfigInput {
  const audiences = c.audiences.some((a) => a.id === 'trust-nobody')
    ? c.audiences
    : [...c.audiences, { id: 'trust-nobody', name: 'Trust test (nobody)', condition: { 'utm.source': 'trust-nobody' } }];
  return {
    ...c,
    audiences,
    campaigns: [
      ...c.campaigns,
      {
        id,
        name,
        status: 'live',
        priority: 1,
        audience: 'trust-nobody',
        slots: ['hero'],
        holdoutPct: 0,
        goal: { type: 'event', event: 'purchase' },
        variants: [{ id: 'a', name: 'Variant A', content: { hero: { kind: 'text', body: `${name}!` } } }],
      },
    ],
  };
}

async function publishWith(request: APIRequestContext, id: string, name: string): Promise<number> {
  await resetDraftToLive(request);
  await changeDraft(request, (c) => withCampaign(c, id, name));
  const published = await request.post('/__sw/admin/publish', { headers: ADMIN, data: { note: `add ${id}` } });
  expect(published.status()).toBe(200);
  return ((await published.json()) as { version: number }).version;
}

/** Visitors who saw the campaign (and one who bought): what /__sw/collect stores from a real SDK. */
async function exposures(request: APIRequestContext, campaign: string, visitors: number, buyer = false): Promise<void> {
  for (let i = 0; i < visitors; i++) {
    const events = [{ id: `trust-${campaign}-${i}-exp`, type: 'exposure', ts: Date.now() - 1000, props: { campaign, variant: 'a', slot: 'hero' } }];
    if (buyer && i === 0) events.push({ id: `trust-${campaign}-${i}-buy`, type: 'purchase', ts: Date.now() - 500, props: { value: 42 } as never });
    const response = await request.post('/__sw/collect', {
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, cookie: `sw_consent=granted; sw_id=trust-${campaign}-visitor-${i}` },
      data: { events },
    });
    expect(response.status()).toBe(202);
  }
  // Collect answers before the queue's consumer stores the events (docs/measurement.md): wait until they count.
  await expect.poll(() => exposed(request, campaign), { timeout: 15_000 }).toBe(visitors);
}

/** Visitors counted as exposed to `campaign`, over its arms (0 while nothing is stored). */
async function exposed(request: APIRequestContext, campaign: string): Promise<number> {
  const response = await request.get(`/__sw/admin/results/${campaign}`, { headers: ADMIN });
  if (!response.ok()) return 0;
  const detail = (await response.json()) as { arms: { exposed: number }[] };
  return detail.arms.reduce((sum, a) => sum + a.exposed, 0);
}

test("a removed campaign's results stay listed, readable and exportable, with the versions it ran in", async ({ page, request }) => {
  const ranIn = await publishWith(request, 'trust-removed', 'Spring teaser');
  await exposures(request, 'trust-removed', 3, true);

  // The marketer deletes it in the editor and publishes.
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('button', { name: 'Spring teaser', exact: true }).click();
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('campaign-editor').getByRole('button', { name: 'Delete' }).click();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect.soft(page.getByTestId('publish-group').filter({ hasText: 'Spring teaser' })).toContainText('Spring teaser — stops showing');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live/)).toBeVisible();
  expect((await liveConfig(request)).config.campaigns.some((c) => c.id === 'trust-removed')).toBe(false);

  // Results still list it, as removed, with the version it ran in.
  await page.getByRole('button', { name: 'Results' }).click();
  const row = page.getByTestId('results-overview').locator('tr', { hasText: 'Spring teaser' });
  await expect(row.getByTestId('lifecycle')).toHaveText('Removed');
  await expect(row).toContainText(`v${ranIn}`);
  await row.getByRole('button', { name: 'Spring teaser' }).click();
  await expect(page.getByTestId('removed-note')).toContainText('it was removed');
  const table = page.getByTestId('results-table');
  await expect(table.locator('tr', { hasText: 'Variant A' }).locator('td').nth(1)).toHaveText('3');
  // A purchase has a value: the revenue column shows.
  await expect(table).toContainText('Revenue / visitor');
  await page.screenshot({ path: test.info().outputPath('results-removed-campaign.png'), fullPage: true });

  // Exportable: the CSV link answers with its daily rows.
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toMatch(/\r\n\d{4}-\d\d-\d\d,a,3,1,1,42\r\n/);
});

test('a campaign taken out by restoring an older version stays in Results as rolled back', async ({ page, request }) => {
  const before = (await liveConfig(request)).version;
  await publishWith(request, 'trust-rolled', 'Autumn teaser');
  await exposures(request, 'trust-rolled', 2);

  await signIn(page, 'Maria');
  await page.getByRole('button', { name: 'Versions' }).click();
  await page.getByRole('button', { name: `Restore v${before}` }).click();
  await expect(page.getByText(new RegExp(`Version ${before} is live again`))).toBeVisible();

  await page.getByRole('button', { name: 'Results' }).click();
  const row = page.getByTestId('results-overview').locator('tr', { hasText: 'Autumn teaser' });
  await expect(row.getByTestId('lifecycle')).toHaveText('Rolled back');
  await row.getByRole('button', { name: 'Autumn teaser' }).click();
  await expect(page.getByTestId('removed-note')).toContainText('a restore took it out');
  await expect(page.getByTestId('results-table').locator('tr', { hasText: 'Variant A' }).locator('td').nth(1)).toHaveText('2');
  // No purchase value for this one: no revenue column.
  await expect(page.getByTestId('results-table')).not.toContainText('Revenue / visitor');
});
