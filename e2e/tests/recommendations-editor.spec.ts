/**
 * A marketer puts recommendations in a slot with the editor, against the real Worker: picks the
 * "Picked for you" slot on the live site, chooses Recommendations, a strategy, a fill-up strategy
 * and a category filter, previews the page as a shoe fan (the frame shows the products core's
 * engine picks from the catalog, in the store's own card markup), publishes — and the store
 * serves that recommendation in the first bytes of the page. The published version is rolled
 * back at the end, so the suite's other tests see the demo's own campaign.
 */
import { expect, test } from '@playwright/test';
import { parseCatalog } from '@slotwise/core/recommend';
import { ADMIN_KEY, markIn, signInToEditor } from './helpers.ts';

const ORIGIN = `http://127.0.0.1:${process.env.SW_E2E_ORIGIN_PORT ?? 8798}`;
// Ids are made from the first name and stay put when the campaign is renamed.
const CAMPAIGN = 'new-picked-for-you-campaign';

test('a marketer chooses Recommendations for a slot, picks a strategy, previews as a shoe fan and publishes', async ({ page, request }) => {
  test.setTimeout(90_000);
  const { items } = parseCatalog(await (await fetch(`${ORIGIN}/feeds/products.jsonl`)).text());
  const shoes = new Set(items.filter((i) => i.category[0] === 'shoes' && i.availability === 'in_stock').map((i) => i.id));
  const titles = new Map(items.map((i) => [i.id, i.title]));
  const { live: before } = (await (await request.get('/__sw/admin/versions', { headers: ADMIN_KEY })).json()) as { live: number };

  await signInToEditor(page, 'Rita');
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="picked-for-you"][data-sw-edit]')).toBeVisible();
  await page.getByRole('button', { name: /^picked-for-you/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByLabel('Campaign name').fill('Shoe picks');

  // Recommendations instead of a hand-written message: which products, how many, which may show.
  await editor.getByRole('radio', { name: 'Recommendations' }).click();
  const form = editor.getByTestId('recommend-form');
  await form.getByLabel('Which products').selectOption({ label: 'Top picks in their favourite categories' });
  await expect(form).toContainText('Popular products from the categories this visitor browses most.');
  await form.getByLabel('Fill up with').selectOption({ label: 'New arrivals' });
  await form.getByLabel('How many products').fill('3');
  await form.getByLabel('How many products').blur();
  await form.getByLabel('Only in these categories').fill('Shoes');
  await form.getByLabel('Only in these categories').blur();
  await form.getByLabel('Heading').fill('Shoes for you');

  // Preview as a shoe fan: the form lists what they get, and the frame shows it in the page.
  await form.getByLabel('Preview recommendations as').selectOption({ label: 'Shoe fan' });
  const listed = form.getByTestId('reco-shown').locator('li');
  await expect(listed).toHaveCount(3);
  // The frame shows the cards (its sanitizer keeps no data attributes, so each is known by its link).
  const framed = site.locator('[data-slot="picked-for-you"] li.card');
  await expect(framed).toHaveCount(3);
  await expect(site.locator('[data-slot="picked-for-you"] h2')).toHaveText(/^Shoes for you/);
  const links = await framed.locator('a').evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
  const ids = links.map((href) => /^\/p\/([a-z0-9-]+)$/.exec(href)?.[1] ?? href);
  for (const [i, id] of ids.entries()) {
    expect(shoes.has(id), id).toBe(true);
    await expect(listed.nth(i)).toContainText(titles.get(id)!);
  }
  await page.screenshot({ path: 'test-results/recommendations-editor.png' });

  // Live, first on the slot, measured without a control group; then publish.
  await editor.getByLabel('Priority').fill('1');
  await editor.getByLabel('Control group percent').evaluate((el: HTMLInputElement) => {
    el.value = '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await editor.getByRole('radio', { name: 'Live when published' }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByLabel(/What changed/).fill('Shoe picks on the home page');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live/)).toBeVisible();

  // A visitor the store knows nothing about: no favourite category yet, so new arrivals fill
  // up, still only shoes in stock — in the HTML as the edge sent it.
  await expect.poll(async () => markIn(await (await request.get('/')).text(), 'picked-for-you')).toBe(`${CAMPAIGN}:a`);
  const served = await (await request.get('/')).text();
  const slot = served.slice(served.search(/<section[^>]*data-slot="picked-for-you"/), served.indexOf('</section>', served.search(/data-slot="picked-for-you"/)));
  expect(slot).toContain('Shoes for you');
  const shown = [...slot.matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]!);
  expect(shown).toHaveLength(3);
  for (const id of shown) expect(shoes.has(id), id).toBe(true);

  const rollback = await request.post('/__sw/admin/rollback', { headers: ADMIN_KEY, data: { version: before } });
  expect(rollback.status()).toBe(200);
});
