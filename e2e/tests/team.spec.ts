/**
 * Named accounts in the editor, against the real Worker: an admin adds a publisher under Team;
 * the publisher signs in with that account, publishes, and Versions names them — the person
 * who signed in, not a name someone typed.
 */
import { expect, test } from '@playwright/test';
import { ADMIN_KEY, signInToEditor } from './helpers.ts';

test('an admin adds a publisher in Team; the publisher signs in, publishes, and Versions names them', async ({ page }) => {
  await signInToEditor(page, 'Maria');
  await page.getByRole('button', { name: 'Team' }).click();
  const add = page.getByRole('form', { name: 'Add a person' });
  await add.getByLabel('Name').fill('Priya');
  await add.getByLabel('Role').selectOption('publisher');
  await add.getByLabel('Initial password').fill('priya-initial-pw');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('account-Priya')).toContainText('Priya');
  await expect(page.getByLabel('Role of Priya')).toHaveValue('publisher');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();

  // Something to publish: a script (the bearer key) renames the site in the draft.
  const { draft, revision } = await (await page.request.get('/__sw/admin/draft', { headers: ADMIN_KEY })).json();
  const saved = await page.request.put('/__sw/admin/draft', {
    headers: { ...ADMIN_KEY, 'if-match': String(revision) },
    data: { ...draft, site: { ...draft.site, name: 'Northwind (reviewed)' } },
  });
  expect(saved.status()).toBe(200);

  await page.getByLabel('Your name').fill('Priya');
  await page.getByLabel('Password').fill('priya-initial-pw');
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A publisher has no Team tab: accounts are for admins.
  await expect(page.getByRole('button', { name: 'Publish' })).toBeEnabled();
  await expect(page.getByRole('button', { name: 'Team' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByLabel(/What changed/).fill('renamed the store');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live/)).toBeVisible();

  await page.getByRole('button', { name: 'Versions' }).click();
  const newest = page.getByTestId('versions').locator('tbody tr').first();
  await expect(newest).toContainText('Priya');
  await expect(newest).toContainText('renamed the store');
  await expect(page.locator('.audit')).toContainText(/Priya publish v\d+ — renamed the store/);
  await expect(page.locator('.audit')).toContainText('Maria account added — Priya (publisher)');
});
