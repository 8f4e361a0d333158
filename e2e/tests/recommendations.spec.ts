/**
 * Recommendations end to end, on the demo store through the Worker in workerd, in Chromium: the
 * store's feed is the catalog the stack loads; a visitor who looked at trail shoes and bought one
 * gets other shoes in stock in the first bytes of the next page, never the one bought; a click on
 * one is counted for the recommendation in the results.
 */
import { type Browser, type BrowserContext, type Page, expect, test } from '@playwright/test';
import { parseCatalog } from '@slotwise/core/recommend';
import type { RecoArmResult } from '@slotwise/core/stats';
import { ADMIN_KEY, acceptConsent, initialHtml, markIn, sdkReady, signInToEditor } from './helpers.ts';

const ORIGIN = `http://127.0.0.1:${process.env.SW_E2E_ORIGIN_PORT ?? 8798}`;
const SLOT = 'picked-for-you';
const VIEWED = ['trailblazer-runner', 'ridge-runner-gtx', 'mudlark-trail-runner'];
const BOUGHT = 'mudlark-trail-runner';
// A real browser's user agent: headless Chromium names itself, and crawlers are not counted.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

/** The store's own feed, read by core's catalog parser: what the stack loaded. */
async function storeCatalog() {
  const response = await fetch(`${ORIGIN}/feeds/products.jsonl`);
  expect(response.ok).toBe(true);
  return parseCatalog(await response.text());
}

/** The slot's element as the edge sent it (up to its closing tag). */
function slotHtml(html: string): string {
  const start = html.search(new RegExp(`<section[^>]*data-slot="${SLOT}"`));
  expect(start).toBeGreaterThanOrEqual(0);
  return html.slice(start, html.indexOf('</section>', start));
}

const itemsIn = (html: string) => [...html.matchAll(/data-sw-item="([^"]+)"/g)].map((m) => m[1]!);

/** Waits until the Worker has accepted an event of this type from the page. */
function delivered(page: Page, type: string): Promise<unknown> {
  return page.waitForResponse(
    async (r) => {
      if (!r.url().endsWith('/__sw/collect') || r.status() !== 202) return false;
      const body = JSON.parse(r.request().postData() ?? '{}') as { events?: { type: string }[] };
      return (body.events ?? []).some((e) => e.type === type);
    },
    { timeout: 15_000 },
  );
}

/** A consenting visitor (a real browser's user agent) who has looked at the three trail shoes. */
async function shoeBrowser(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ userAgent: USER_AGENT });
  const page = await context.newPage();
  await acceptConsent(page, context);
  for (const sku of VIEWED) {
    await page.goto(`/p/${sku}`);
    await sdkReady(page);
  }
  return { context, page };
}

async function buy(page: Page, context: BrowserContext, sku: string): Promise<void> {
  await page.goto(`/p/${sku}`);
  await page.locator('.product').getByRole('button', { name: 'Add to cart' }).click();
  await page.goto('/cart');
  const bought = delivered(page, 'purchase');
  await page.getByRole('button', { name: /checkout/i }).click();
  await page.waitForURL('**/thanks');
  await bought;
  await sdkReady(page);
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === 'sw_i')?.value ?? '').toContain(sku);
}

test('the store’s feed is the catalog: every product, sold-out ones marked, each linking to a real product page', async ({ request }) => {
  const { items, rejected, error } = await storeCatalog();
  expect(error).toBeUndefined();
  expect(rejected).toEqual([]);
  expect(items.length).toBeGreaterThanOrEqual(20);
  const shoes = items.filter((i) => i.category[0] === 'shoes');
  expect(shoes.filter((i) => i.category.includes('trail shoes')).length).toBeGreaterThanOrEqual(5);
  expect(shoes.filter((i) => i.availability === 'out_of_stock').map((i) => i.id)).toEqual(['fell-racer', 'scree-trail-runner']);
  for (const item of items) {
    const page = await request.get(item.url);
    expect(page.status(), item.url).toBe(200);
    expect(await page.text()).toContain(`<meta name="sw:product" content="${item.id}">`);
  }
  // The stack loaded the same products through the Admin API at start.
  const status = await request.get('/__sw/admin/catalog/status', { headers: ADMIN_KEY });
  expect(status.status()).toBe(200);
  // Other tests (the docs' examples) may load more items: the feed pull itself loaded them all.
  const loaded = (await status.json()) as { items: number; lastFeedPull: { accepted: number; rejected: number } | null };
  expect(loaded.items).toBeGreaterThanOrEqual(items.length);
  expect(loaded.lastFeedPull).toMatchObject({ accepted: items.length, rejected: 0 });
});

test('a visitor views three trail shoes and buys one; the next page recommends other in-stock shoes, not the one bought; a click is attributed in the results', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const { items } = await storeCatalog();
  const byId = new Map(items.map((i) => [i.id, i]));
  const { context, page } = await shoeBrowser(browser);
  await buy(page, context, BOUGHT);

  const html = await initialHtml(page, '/');
  const slot = slotHtml(html);
  const arm = markIn(html, SLOT);
  expect(arm).toMatch(/^picked-for-you:(recently-viewed|favourite-categories)$/);
  const shown = itemsIn(slot);
  expect(shown).toHaveLength(4);
  expect(new Set(shown).size).toBe(4);
  expect(shown).not.toContain(BOUGHT);
  for (const id of shown) {
    const item = byId.get(id);
    expect(item?.category[0], id).toBe('shoes');
    expect(item?.availability, id).toBe('in_stock');
    expect(slot).toMatch(new RegExp(`href="${item!.url}[?"]`));
  }
  // Recently viewed: the two shoes looked at and not bought come first, the latest first.
  if (arm === 'picked-for-you:recently-viewed') {
    expect(shown.slice(0, 2)).toEqual(['ridge-runner-gtx', 'trailblazer-runner']);
    expect(slot).toContain('Because you looked at trail shoes');
  } else {
    expect(slot).toContain('Popular in shoes');
  }

  // A click on a recommended product is counted for the campaign's arm (its strategy) in the results.
  const clicked = shown[1]!;
  const variant = arm!.split(':')[1]!;
  const before = await recommendationClicks(page, variant);
  const seen = delivered(page, 'exposure');
  await page.locator(`[data-slot="${SLOT}"] [data-sw-item="${clicked}"] a`).first().scrollIntoViewIfNeeded();
  await seen;
  await page.locator(`[data-slot="${SLOT}"] [data-sw-item="${clicked}"] a`).first().click();
  await page.waitForURL((u) => u.pathname === byId.get(clicked)!.url);
  await sdkReady(page);
  await expect
    .poll(
      async () => {
        const { exposed, clickers, clicks } = await recommendationClicks(page, variant);
        return { exposed, clickers, clicks };
      },
      { timeout: 20_000 },
    )
    .toEqual({ exposed: before.exposed + 1, clickers: before.clickers + 1, clicks: before.clicks + 1 });
  await context.close();

  // The marketer sees it in the editor's results, per arm: click-through beside the A/B test.
  const marketer = await browser.newPage();
  await signInToEditor(marketer, 'Rita');
  await marketer.getByRole('button', { name: 'Results' }).click();
  await marketer
    .getByTestId('results-overview')
    .getByRole('button', { name: /Picked for you/ })
    .click();
  const row = marketer.getByTestId('reco-results').locator('tr', { hasText: variant === 'recently-viewed' ? 'Because you looked at' : 'Popular in your favourite category' });
  const after = await recommendationClicks(marketer, variant);
  await expect(row.locator('td').nth(2)).toHaveText(new RegExp(`^${after.clickers}`));
  await expect(row.locator('td').nth(3)).toHaveText(`${(after.clickThrough * 100).toFixed(1)}%`);
  await marketer.close();
});

test('an SPA route shows the recommendations the edge would: the same arm and items, filled in the browser and reported with its exposure', async ({ browser }) => {
  const { context, page } = await shoeBrowser(browser);
  await page.goto('/fixtures/spa');
  await sdkReady(page);
  const answered = page.waitForResponse((r) => r.url().includes('/__sw/recommendations?'));
  await page.getByRole('link', { name: /newsletter/i }).click();
  expect((await answered).status()).toBe(200);
  const slot = page.locator(`[data-slot="${SLOT}"]`);
  await expect(slot).toHaveAttribute('data-sw-v', /^picked-for-you:/);
  const shown = await slot.locator('[data-sw-item]').evaluateAll((els) => els.map((el) => el.getAttribute('data-sw-item')));

  // The edge, asked for the same URL with the same cookies, gives the same arm and the same items.
  const edge = slotHtml(await (await page.request.get('/?utm_source=newsletter')).text());
  expect(await slot.getAttribute('data-sw-v')).toBe(markIn(edge, SLOT));
  expect(shown).toEqual(itemsIn(edge));
  expect(shown).toHaveLength(4);
  expect(await slot.getAttribute('data-sw-items')).toBe(shown.join(','));
  // Each item links to its page with the decision, so a click on it is attributed.
  const arm = (await slot.getAttribute('data-sw-v'))!.split(':')[1];
  expect(await slot.locator('[data-sw-item] a').first().getAttribute('href')).toContain(`sw_rc=picked-for-you.${arm}.${SLOT}`);

  // Seen: its exposure names the items, as one from the edge does.
  const exposure = page.waitForRequest((r) => r.url().endsWith('/__sw/collect') && (r.postData() ?? '').includes(`"slot":"${SLOT}"`));
  await slot.scrollIntoViewIfNeeded();
  const events = (JSON.parse((await exposure).postData() ?? '{}') as { events: { type: string; props: Record<string, unknown> }[] }).events;
  expect(events.find((e) => e.type === 'exposure' && e.props.slot === SLOT)?.props).toMatchObject({ campaign: 'picked-for-you', variant: arm, items: shown.join(',') });
  await context.close();
});

/** The recommendation results of one arm of the picked-for-you campaign, as the results API counts them. */
async function recommendationClicks(page: Page, variant: string): Promise<RecoArmResult> {
  const response = await page.request.get(`/__sw/admin/results/${SLOT}`, { headers: ADMIN_KEY });
  expect(response.status()).toBe(200);
  const detail = (await response.json()) as { recommendations?: RecoArmResult[] };
  const none = { id: variant, exposed: 0, clickers: 0, clicks: 0, clickThrough: 0, carts: 0, orders: 0, attributedRevenue: 0 };
  return detail.recommendations?.find((a) => a.id === variant) ?? none;
}
