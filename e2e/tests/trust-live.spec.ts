/**
 * Issue 17, item 2: "live" means a visitor sees it. A new campaign left in the default Draft
 * status used to be published with "Version N is live … All changes are live" although no
 * visitor got it. Now the publish dialog says it stays a draft and why, with a one-click fix;
 * the top bar, the campaign list and the slot panel say no visitor sees it; and once made live
 * and published, a visitor really gets it.
 */
import { expect, test } from '@playwright/test';
import { markIn } from './helpers.ts';
import { draftNow, resetDraftToLive, signIn } from './trust-helpers.ts';

test('a campaign left in Draft is published: the dialog says it stays a draft and why, one click makes it live, then a visitor gets it', async ({ page, browser, baseURL }) => {
  await resetDraftToLive(page.request);
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: /^hero/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByLabel('Campaign name').fill('France hero');
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
  const id = (await draftNow(page.request)).draft.campaigns.find((c) => c.name === 'France hero')!.id;

  // The slot panel says nobody sees it, and why.
  await editor.getByRole('button', { name: '← Slot' }).click();
  await expect(page.locator('.campaign-cards li', { hasText: 'France hero' }).getByTestId('hidden-note')).toContainText('No visitor sees this: its status is Draft.');

  // The publish dialog: it stays a draft, and why, with the fix.
  await page.getByRole('button', { name: 'Publish' }).click();
  const group = page.getByTestId('publish-group').filter({ hasText: 'France hero' });
  await expect(group).toContainText('France hero — stays a draft: its status is Draft.');
  await expect(group.getByRole('button', { name: 'Make it live?' })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('publish-dialog-draft.png') });
  // Published anyway: nothing claims it is live.
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live .*“France hero” is not shown to any visitor/)).toBeVisible();
  await expect(page.getByTestId('save-status')).toContainText('Published · 1 campaign no visitor sees');

  // The campaign list says so on its row, with the fix.
  await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
  const row = page.locator('tr', { hasText: 'France hero' });
  await expect(row.getByTestId('hidden-note')).toContainText('its status is Draft');
  await page.screenshot({ path: test.info().outputPath('campaigns-hidden.png') });
  await row.getByRole('button', { name: 'Make it live' }).click();
  await expect(row.getByRole('combobox')).toHaveValue('live');
  await expect(row.getByTestId('hidden-note')).toHaveCount(0);

  // The dialog now says it goes live.
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByTestId('publish-group').filter({ hasText: 'France hero' })).toContainText('France hero — goes live');
  await expect(page.getByTestId('publish-group').filter({ hasText: 'France hero' })).toContainText('Draft → Live');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live \(\d+ ms\)\.$/)).toBeVisible();
  await expect(page.getByTestId('save-status')).toHaveText('All changes are live');

  // And a visitor gets it.
  const visitor = await browser.newContext({ baseURL: baseURL! });
  await visitor.addCookies([
    { name: 'sw_consent', value: 'granted', url: baseURL! },
    { name: 'sw_id', value: 'trust-live-visitor-0001', url: baseURL! },
  ]);
  const home = await visitor.newPage();
  await expect.poll(async () => markIn(await (await home.goto('/'))!.text(), 'hero')).toMatch(new RegExp(`^${id}:`));
  await visitor.close();
});

test("the publish dialog's “Make it live?” fixes a draft campaign in one click", async ({ page }) => {
  await resetDraftToLive(page.request);
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: /^announcement/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  await page.getByTestId('campaign-editor').getByLabel('Campaign name').fill('Spain banner');
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
  await page.getByRole('button', { name: 'Publish' }).click();
  const group = page.getByTestId('publish-group').filter({ hasText: 'Spain banner' });
  await expect(group).toContainText('Spain banner — stays a draft: its status is Draft.');
  await group.getByRole('button', { name: 'Make it live?' }).click();
  await expect(group).toContainText('Spain banner — goes live');
  expect((await draftNow(page.request)).draft.campaigns.find((c) => c.name === 'Spain banner')?.status).toBe('live');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await resetDraftToLive(page.request);
});
