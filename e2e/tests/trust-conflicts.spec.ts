/**
 * Issue 17, item 4: nobody's work is lost, nobody publishes what they have not seen.
 * - Bob's unsaved typing used to be discarded by "Load their version": now his edits are kept
 *   on top of Maria's, and where both changed the same field he chooses, side by side.
 * - Maria, on a stale screen, used to publish Bob's edit unseen: the dialog now shows every
 *   change with who made it, and publishes only the draft revision it showed.
 * - "Restore vN" used to wipe the unpublished draft silently: it asks, and the draft is kept.
 * - Presence: the top bar shows who else is editing.
 */
import { type Browser, type Page, expect, test } from '@playwright/test';
import { ADMIN, changeDraft, draftNow, liveConfig, resetDraftToLive, signIn, signInRequest } from './trust-helpers.ts';

async function editorFor(browser: Browser, baseURL: string, name: string): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await signIn(page, name);
  return page;
}

async function openCampaign(page: Page, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
  await page.getByRole('button', { name, exact: true }).click();
  await expect(page.getByTestId('campaign-editor')).toBeVisible();
}

const saved = (page: Page) => expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');

test("Bob's edits survive Maria's save: kept on top of hers, and a field both changed is his to choose, side by side", async ({ browser, baseURL, request }) => {
  await resetDraftToLive(request);
  const maria = await editorFor(browser, baseURL!, 'Maria');
  const bob = await editorFor(browser, baseURL!, 'Bob');
  await openCampaign(maria, 'Cart reminder');
  await openCampaign(bob, 'Cart reminder');

  // Maria renames it and her save lands first; Bob, on his stale screen, sets a frequency cap.
  await maria.getByTestId('campaign-editor').getByLabel('Campaign name').fill('Cart reminder (spring)');
  await saved(maria);
  await bob.getByLabel('Frequency cap per day').fill('3');
  await expect(bob.getByText('Maria saved changes to the draft meanwhile; yours are kept on top of theirs.')).toBeVisible();
  await saved(bob);
  let cart = (await draftNow(request)).draft.campaigns.find((c) => c.id === 'cart-reminder')!;
  expect(cart.name).toBe('Cart reminder (spring)');
  expect(cart.frequencyCap).toEqual({ perDay: 3 });
  await expect(bob.getByTestId('campaign-editor').getByLabel('Campaign name')).toHaveValue('Cart reminder (spring)');

  // Both rename it: Bob is asked, with both names side by side; nothing is dropped without a word.
  await maria.getByTestId('campaign-editor').getByLabel('Campaign name').fill('Cart reminder by Maria');
  await saved(maria);
  await bob.getByTestId('campaign-editor').getByLabel('Campaign name').fill('Cart reminder by Bob');
  await expect(bob.getByTestId('save-status')).toContainText('Maria changed the same fields');
  await bob.getByRole('button', { name: 'Choose what to keep' }).click();
  const conflicts = bob.getByTestId('conflicts');
  await expect(conflicts).toContainText('name');
  await expect(conflicts.locator('.side', { hasText: 'Yours' })).toContainText('Cart reminder by Bob');
  await expect(conflicts.locator('.side', { hasText: "Maria's" })).toContainText('Cart reminder by Maria');
  await bob.screenshot({ path: test.info().outputPath('conflict-side-by-side.png') });
  await bob.getByRole('button', { name: 'Keep these and save' }).click();
  await saved(bob);
  cart = (await draftNow(request)).draft.campaigns.find((c) => c.id === 'cart-reminder')!;
  expect(cart.name).toBe('Cart reminder by Bob');
  expect(cart.frequencyCap).toEqual({ perDay: 3 });

  await maria.context().close();
  await bob.context().close();
  await resetDraftToLive(request);
});

test("Maria's publish dialog shows Bob's changes, and a change Bob saves while she reviews is not published unseen", async ({ browser, baseURL, request, playwright }) => {
  await resetDraftToLive(request);
  const before = await liveConfig(request);
  const maria = await editorFor(browser, baseURL!, 'Maria');
  await openCampaign(maria, 'Deal seeker discount');
  await maria.getByTestId('campaign-editor').getByLabel('Campaign name').fill('Deal seeker discount (winter)');
  await saved(maria);

  // Bob saves a change from his own session; Maria's screen does not show it.
  const bobApi = await playwright.request.newContext({ baseURL: baseURL! });
  const bob = await signInRequest(bobApi, baseURL!, 'Bob');
  await changeDraft(bobApi, (c) => ({ ...c, campaigns: c.campaigns.map((x) => (x.id === 'promo-test' ? { ...x, holdoutPct: 20 } : x)) }), bob);

  await maria.getByRole('button', { name: 'Publish' }).click();
  const changes = maria.getByTestId('publish-changes');
  await expect(maria.getByText('Includes changes by Bob.')).toBeVisible();
  const promo = changes.getByTestId('publish-group').filter({ hasText: 'Promo banner A/B test' });
  await expect(promo).toContainText('Promo banner A/B test — changes');
  await expect(promo.locator('.change-line', { hasText: 'control group' })).toContainText(/10%\s*→\s*20%\s*Bob,/);
  await expect(changes.getByTestId('publish-group').filter({ hasText: 'Deal seeker discount (winter)' }).locator('.change-line', { hasText: 'name' })).toContainText('you,');
  await maria.screenshot({ path: test.info().outputPath('publish-dialog-diff.png') });

  // Bob saves again while the dialog is open: the publish is refused and the list shows it.
  await changeDraft(bobApi, (c) => ({ ...c, campaigns: c.campaigns.map((x) => (x.id === 'shipping-us' ? { ...x, name: 'US shipping (new copy)' } : x)) }), bob);
  await maria.getByRole('button', { name: 'Publish now' }).click();
  await expect(maria.getByRole('alert')).toContainText('The draft changed while you were reviewing it');
  await expect(changes).toContainText('US shipping (new copy)');
  expect((await liveConfig(request)).version).toBe(before.version);

  // Now she has seen it: it publishes.
  await maria.getByRole('button', { name: 'Publish now' }).click();
  await expect(maria.getByText(/Version \d+ is live/)).toBeVisible();
  const after = await liveConfig(request);
  expect(after.version).toBe(before.version + 1);
  expect(after.config.campaigns.find((c) => c.id === 'shipping-us')!.name).toBe('US shipping (new copy)');
  await bobApi.dispose();
  await maria.context().close();
});

test('restoring a version asks first while the draft has unpublished changes, and the replaced draft can be made the draft again', async ({ page, request }) => {
  // A version to go back to, the same for visitors as the live one.
  await resetDraftToLive(request);
  await changeDraft(request, (c) => ({ ...c, site: { ...c.site, name: `${c.site.name ?? 'Site'} ` } }));
  expect((await request.post('/__sw/admin/publish', { headers: ADMIN, data: { note: 'a version to restore' } })).status()).toBe(200);
  const { version } = await liveConfig(request);
  await signIn(page, 'Maria');
  await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
  await page.getByLabel('Global holdout percent').fill('7');
  await saved(page);

  await page.getByRole('button', { name: 'Versions' }).click();
  await page.getByRole('button', { name: `Restore v${version - 1}` }).click();
  const ask = page.getByRole('dialog', { name: `Restore version ${version - 1}?` });
  await expect(ask).toContainText('unpublished changes');
  await expect(ask).toContainText('Replaced drafts');
  // Cancel leaves everything as it was.
  await ask.getByRole('button', { name: 'Cancel' }).click();
  expect((await liveConfig(request)).version).toBe(version);
  expect((await draftNow(request)).draft.site.holdoutPct).toBe(7);

  await page.getByRole('button', { name: `Restore v${version - 1}` }).click();
  await page
    .getByRole('dialog', { name: `Restore version ${version - 1}?` })
    .getByRole('button', { name: `Restore v${version - 1}` })
    .click();
  await expect(page.getByText(/Your unpublished draft is kept under “Replaced drafts”/)).toBeVisible();
  expect((await draftNow(request)).draft.site.holdoutPct).toBeUndefined();
  const kept = page.getByTestId('kept-drafts');
  await expect(kept).toContainText(`replaced by restoring version ${version - 1}`);
  await kept.getByRole('button', { name: 'Make it the draft' }).first().click();
  await expect(page.getByText(/is the draft again/)).toBeVisible();
  expect((await draftNow(request)).draft.site.holdoutPct).toBe(7);
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
  await resetDraftToLive(request);
});

test('the top bar shows who else is editing now', async ({ browser, baseURL }) => {
  const maria = await editorFor(browser, baseURL!, 'Maria');
  const bob = await editorFor(browser, baseURL!, 'Bob');
  await expect(bob.getByTestId('presence')).toHaveText(/Maria is editing too/);
  await maria.reload();
  await expect(maria.getByTestId('presence')).toHaveText(/Bob is editing too/);
  await bob.context().close();
  await maria.context().close();
});
