/**
 * The formatted-text editor behaves as a word processor does for a marketer (issue 17, item 6):
 * triple-clicking a heading and typing replaces that heading's text only.
 */
import { expect, test } from '@playwright/test';
import { seedDraft, signIn } from './xss-helpers.ts';

test('triple-click a heading and type: the heading is replaced, the paragraph after it stays', async ({ page }) => {
  await signIn(page);
  await seedDraft(page.request, { hero: { kind: 'html', body: '<h2>Old heading</h2><p>Body copy stays.</p>' } });
  await page.reload();
  await page.getByRole('button', { name: /^hero/ }).click();
  await page.getByRole('button', { name: /XSS hero/ }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByRole('radio', { name: 'Formatted' }).click();
  const rich = editor.getByLabel('Formatted content');
  await expect(rich.locator('h2')).toHaveText('Old heading');

  await rich.locator('h2').click({ clickCount: 3 });
  await page.keyboard.type('Summer sale');

  await expect(rich.locator('h2')).toHaveText('Summer sale');
  await expect(rich.locator('p')).toHaveText('Body copy stays.');
  await editor.getByRole('radio', { name: 'HTML' }).click();
  await expect(editor.getByLabel('HTML', { exact: true })).toHaveValue(/^<h2>Summer sale<\/h2><p>Body copy stays\.<\/p>$/);
  // And the framed page shows it as the edge will.
  const hero = page.frameLocator('iframe.site-frame').locator('[data-slot="hero"]');
  await expect(hero.locator('h2')).toHaveText('Summer sale');
  await expect(hero.locator('p')).toHaveText('Body copy stays.');
});
