/**
 * Element slots through the editor, as a marketer without code does it: on a product page, click
 * the product title (no `data-slot` on it), type the new text on the page itself, apply it to
 * every product page for visitors from France, publish — and the edge serves it in the first
 * bytes of three product pages to a fresh French visitor and to nobody else, counts exposures,
 * does the same for a hidden element and a swapped image, and the browser applies it on an SPA
 * route. Then the store's product template changes under the live campaign and the campaign
 * warns that its change is no longer found, with a one-click re-pick.
 */
import { type Browser, type FrameLocator, type Page, expect, test } from '@playwright/test';
import { ADMIN_KEY, acceptConsent, signInToEditor } from './helpers.ts';

const PRODUCTS = ['/p/trailblazer-runner', '/p/coastline-sandal', '/p/glow-camp-lantern'];
const TITLE = 'Livraison offerte en France';
const RELATED = 'Les clients ont aussi aimé';
const IMAGE = '/static/img/hero.svg';
const ORIGIN = `http://127.0.0.1:${process.env.SW_E2E_ORIGIN_PORT ?? 8798}`;
const shot = (page: Page, name: string) => page.screenshot({ path: test.info().outputPath(`${name}.png`) });

/** The frame shows this path (typed in the editor's address bar). */
async function openInFrame(page: Page, site: FrameLocator, path: string): Promise<void> {
  // The home page first: the address bar follows the frame, so typing before it reports would be undone.
  await expect(site.locator('[data-slot="announcement"][data-sw-edit]')).toBeAttached({ timeout: 20_000 });
  await expect(page.getByLabel('Page path')).toHaveValue(/^\//);
  await page.getByLabel('Page path').fill(path);
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(site.locator('[data-slot="product-offer"][data-sw-edit]')).toBeAttached();
}

/** Picks an element in the frame, chooses where the change applies and creates its campaign for French visitors. */
async function campaignFor(page: Page, name: string): Promise<void> {
  const panel = page.getByTestId('element-panel');
  await panel.getByLabel(/Every page like this one/).check();
  await expect(panel.getByTestId('template-reach')).toContainText(/Found on [1-9]\d* of [1-9]\d* \/p\/\* pages/);
  await panel.getByRole('button', { name: 'Create a campaign with this change' }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByLabel('Campaign name').fill(name);
  await editor.getByLabel('Audience', { exact: true }).selectOption({ label: 'Visitors in France' });
  // No control group: every French visitor gets the change (the test follows one consenting visitor).
  await editor.getByLabel('Control group percent').evaluate((el: HTMLInputElement) => {
    el.value = '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(editor.getByText('Control group: 0%')).toBeVisible();
  await editor.getByRole('radio', { name: 'Live when published' }).click();
  await editor.getByRole('button', { name: '← Slot' }).click();
}

async function publish(page: Page, note: string): Promise<void> {
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByLabel(/What changed/).fill(note);
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(/Version \d+ is live/)).toBeVisible();
}

/** A product page's HTML as the edge sends it to a fresh visitor from `country` (before any script). */
async function rawPage(browser: Browser, path: string, country: string): Promise<string> {
  const context = await browser.newContext();
  const response = await (await context.newPage()).goto(`${path}?sw_country=${country}`);
  const html = await response!.text();
  await context.close();
  return html;
}

// Each test leaves the site as it found it: what it published is rolled back, so later suites
// (which count the decide chunk's requests, say) see the demo config alone.
let liveBefore: number | null = null;
test.beforeEach(async ({ request }) => {
  liveBefore = ((await (await request.get('/__sw/admin/versions', { headers: ADMIN_KEY })).json()) as { live: number | null }).live;
});
test.afterEach(async ({ request }) => {
  if (liveBefore !== null) expect((await request.post('/__sw/admin/rollback', { headers: ADMIN_KEY, data: { version: liveBefore } })).ok()).toBe(true);
});

const titleIn = (html: string) => /<h1\b[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? null;

test('a marketer changes the product title, image and description of every product page for French visitors; the edge serves them', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await signInToEditor(page, 'Elena');
  const site = page.frameLocator('iframe.site-frame');
  await openInFrame(page, site, PRODUCTS[0]!);

  // Hovering any element outlines and names it; clicking the title (no data-slot) picks it.
  const title = site.locator('article.product h1');
  await title.hover();
  await expect(site.locator('[data-sw-edit="badge"]', { hasText: /^h1 · / })).toBeVisible();
  await shot(page, '1-hover');
  const original = (await title.textContent())!;
  await title.click();
  const panel = page.getByTestId('element-panel');
  await expect(panel.getByTestId('selector-box')).toContainText('Matches exactly this element on this page.');
  const selector = (await panel.locator('.selector-box code').textContent())!;

  // Edit text, on the page itself: what is typed there is the variant's text.
  await panel.getByRole('radio', { name: 'Edit text' }).click();
  await expect(title).toHaveAttribute('contenteditable', 'plaintext-only');
  await title.press('ControlOrMeta+a');
  await title.pressSequentially(TITLE);
  await title.press('Enter');
  await expect(panel.getByLabel('New text')).toHaveValue(TITLE);
  await shot(page, '2-edited-in-place');
  await campaignFor(page, 'French title');
  // Out of the campaign, the frame shows the page's own title again (the typed one was a preview).
  await expect(title).toHaveText(original);
  await shot(page, '3-campaign');

  // The image: Change image, a new address.
  await page.getByRole('button', { name: '← All slots on this page' }).click();
  await site.locator('article.product .product__media img').click();
  await panel.getByRole('radio', { name: 'Change image' }).click();
  await panel.getByLabel('Image address').fill(IMAGE);
  await expect(site.locator('article.product .product__media img')).toHaveAttribute('src', IMAGE);
  await campaignFor(page, 'French picture');

  // The description: Hide.
  await page.getByRole('button', { name: '← All slots on this page' }).click();
  await site.locator('p.product__desc').click();
  await panel.getByRole('radio', { name: 'Hide' }).click();
  await expect(site.locator('p.product__desc')).toBeHidden();
  await campaignFor(page, 'French description hidden');
  await publish(page, 'Product pages for France');
  await shot(page, '4-published');

  // A fresh French visitor's first bytes carry all three on three product pages; others' do not.
  for (const path of PRODUCTS) {
    await expect.poll(async () => titleIn(await rawPage(browser, path, 'FR'))).toBe(TITLE);
    const french = await rawPage(browser, path, 'FR');
    expect(french).toMatch(new RegExp(`<img[^>]*src="${IMAGE}"`));
    expect(french).toMatch(/<p[^>]*class="product__desc"[^>]*style="[^"]*display: ?none/);
    const american = await rawPage(browser, path, 'US');
    expect(titleIn(american)).not.toBe(TITLE);
    expect(american).not.toContain(`src="${IMAGE}"`);
    expect(american).not.toMatch(/class="product__desc"[^>]*style=/);
  }
  expect(selector).not.toBe('');

  // Exposures: a consenting French visitor who sees the title is counted for that campaign.
  const campaign = (
    (await (await page.request.get('/__sw/admin/draft', { headers: ADMIN_KEY })).json()) as { draft: { campaigns: { id: string; name: string }[] } }
  ).draft.campaigns.find((c) => c.name === 'French title')!.id;
  const exposedBefore = await exposed(page, campaign);
  const context = await browser.newContext({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36' });
  const visitor = await context.newPage();
  await acceptConsent(visitor, context);
  const reported = visitor.waitForResponse(async (r) => {
    if (!r.url().endsWith('/__sw/collect') || r.status() !== 202) return false;
    const body = JSON.parse(r.request().postData() ?? '{}') as { events?: { type: string; props?: { campaign?: string } }[] };
    return (body.events ?? []).some((e) => e.type === 'exposure' && e.props?.campaign === campaign);
  });
  await visitor.goto(`${PRODUCTS[1]}?sw_country=FR`);
  await expect(visitor.locator('article.product h1')).toHaveText(TITLE);
  await reported;
  await expect.poll(() => exposed(page, campaign)).toBeGreaterThan(exposedBefore);

  // An SPA route: the browser applies the same change to a product title it renders itself.
  await visitor.goto('/fixtures/spa?sw_country=FR');
  const spaTitle = await visitor.evaluate(async () => {
    history.pushState({}, '', '/p/ridgeline-2-tent');
    const view = document.getElementById('view')!;
    view.innerHTML = '';
    const article = document.createElement('article');
    article.className = 'product';
    article.innerHTML = '<div class="product__info"><h1>Ridgeline 2 Tent</h1></div>';
    view.append(article);
    const h1 = article.querySelector('h1')!;
    for (let i = 0; i < 100 && h1.textContent === 'Ridgeline 2 Tent'; i++) await new Promise((r) => setTimeout(r, 50));
    return h1.textContent;
  });
  expect(spaTitle).toBe(TITLE);
  await context.close();
});

/** The element slot of the campaign with this name, from the draft. */
async function slotOf(page: Page, name: string): Promise<string> {
  const { draft } = (await (await page.request.get('/__sw/admin/draft', { headers: ADMIN_KEY })).json()) as { draft: { campaigns: { name: string; slots: string[] }[] } };
  return draft.campaigns.find((c) => c.name === name)!.slots[0]!;
}

async function exposed(page: Page, campaign: string): Promise<number> {
  const response = await page.request.get(`/__sw/admin/results/${campaign}`, { headers: ADMIN_KEY });
  if (!response.ok()) return 0;
  const detail = (await response.json()) as { arms: { id: string; exposed: number }[] };
  return detail.arms.reduce((sum, a) => sum + a.exposed, 0);
}

test.describe('when the site changes under a live element change', () => {
  test.afterEach(async ({ request }) => {
    await request.post(`${ORIGIN}/demo/template?design=classic`);
  });

  test('the campaign warns that its change is no longer found, and one click re-picks the element', async ({ page, browser, request }) => {
    test.setTimeout(150_000);
    await signInToEditor(page, 'Jonas');
    const site = page.frameLocator('iframe.site-frame');
    await openInFrame(page, site, PRODUCTS[2]!);
    await site.locator('#related-title').click();
    const panel = page.getByTestId('element-panel');
    await expect(panel.locator('.selector-box code')).toHaveText('#related-title');
    await panel.getByRole('radio', { name: 'Edit text' }).click();
    await panel.getByLabel('New text').fill(RELATED);
    await campaignFor(page, 'Related products in French');
    await publish(page, 'Related products in French');
    await expect.poll(async () => await rawPage(browser, PRODUCTS[0]!, 'FR')).toContain(RELATED);

    // The redesign ships: the heading has another id. Visitors keep loading product pages, and
    // the edge counts, for the live change, loads where its element was not found.
    expect((await request.post(`${ORIGIN}/demo/template?design=redesign`)).ok()).toBe(true);
    const slot = await slotOf(page, 'Related products in French');
    await expect
      .poll(
        async () => {
          for (const path of PRODUCTS) expect(await rawPage(browser, path, 'FR')).not.toContain(RELATED);
          const { slots } = (await (await page.request.get('/__sw/admin/slots/health', { headers: ADMIN_KEY })).json()) as {
            slots: { slot: string; days: { loads: number; missing: number }[] }[];
          };
          return slots.find((s) => s.slot === slot)?.days.reduce((n, d) => n + d.missing, 0) ?? 0;
        },
        { timeout: 60_000, intervals: [2_000] },
      )
      .toBeGreaterThanOrEqual(6);

    // The campaign list marks it; the campaign says so in words, with the share of pages and since when.
    await page.reload();
    await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
    await expect(page.getByTestId('selector-health-note')).toBeVisible();
    await page.getByRole('button', { name: 'Related products in French', exact: true }).click();
    const warning = page.getByTestId('selector-health');
    await expect(warning).toContainText(/This change is not found on \d+% of \/p\/\* pages since \d{1,2} \w{3} — the site changed\?/);
    await shot(page, '5-health-warning');

    // One click: the frame opens a product page and the next element clicked is the new target.
    await warning.getByRole('button', { name: 'Pick the element again' }).click();
    await expect(page.getByText(/Click the element on the page that the change to/)).toBeVisible();
    await site.locator('#related-heading').click();
    await expect(page.getByTestId('campaign-editor')).toBeVisible();
    await expect(page.getByText(/The change now applies to h2/)).toBeVisible();
    await expect(page.getByTestId('selector-health')).toContainText('You picked the element again');
    await publish(page, 'Re-picked the related products heading');
    await expect.poll(async () => await rawPage(browser, PRODUCTS[1]!, 'FR')).toContain(RELATED);
    await shot(page, '6-repicked');
  });
});

test("edit mode places only well-formed element changes, with the server's sanitizing and URL rules", async ({ page }) => {
  await signInToEditor(page, 'Elena');
  const site = page.frameLocator('iframe.site-frame');
  await openInFrame(page, site, PRODUCTS[0]!);
  const original = (await site.locator('article.product h1').textContent())!;
  await page.evaluate(() => {
    const frame = document.querySelector<HTMLIFrameElement>('iframe.site-frame')!.contentWindow!;
    const changes = [
      // A style that could load something: the whole change is refused.
      { selector: 'article.product h1', match: 'one', content: { html: 'Styled', attrs: [], style: [['color', 'red; background: url(//evil.test/x)']] } },
      // A script URL is not set; the description is.
      {
        selector: '.product__media img',
        match: 'one',
        content: {
          html: '',
          attrs: [
            ['src', 'javascript:alert(1)'],
            ['alt', 'A safe description'],
          ],
          place: 'keep',
        },
      },
      // HTML keeps what the server's policy keeps, as nodes.
      {
        selector: 'p.product__desc',
        match: 'one',
        content: { html: '<b>Safe</b><script>window.ranScript = 1</script><img src="/x.svg" onerror="window.ranHandler = 1">', attrs: [] },
      },
    ];
    frame.postMessage({ type: 'sw:apply-elements', changes }, location.origin);
  });
  await expect(site.locator('p.product__desc b')).toHaveText('Safe');
  await expect(site.locator('.product__media img')).toHaveAttribute('alt', 'A safe description');
  await expect(site.locator('.product__media img')).not.toHaveAttribute('src', /javascript/);
  await expect(site.locator('article.product h1')).toHaveText(original);
  await expect(site.locator('p.product__desc script')).toHaveCount(0);
  expect(await site.locator('p.product__desc img').getAttribute('onerror')).toBeNull();
  const frame = page.frames().find((f) => f.url().includes('/p/'))!;
  expect(await frame.evaluate(() => [(window as unknown as { ranScript?: number }).ranScript, (window as unknown as { ranHandler?: number }).ranHandler])).toEqual([
    undefined,
    undefined,
  ]);
});

test('"Select the parent element" widens the pick to the parent: selector, match count and outline follow', async ({ page }) => {
  await signInToEditor(page, 'Elena');
  const site = page.frameLocator('iframe.site-frame');
  await openInFrame(page, site, PRODUCTS[0]!);
  await site.locator('article.product h1').click();
  const panel = page.getByTestId('element-panel');
  const selector = panel.locator('.selector-box code');
  await expect(selector).not.toHaveText('');
  const titleSelector = (await selector.textContent())!;
  // The frame outlines the picked element and names it with its selector.
  const label = (text: string) => site.locator('[data-sw-edit="badge"]').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  await expect(label(titleSelector)).toBeVisible();

  await panel.getByRole('button', { name: 'Select the parent element' }).click();
  await expect(selector).not.toHaveText(titleSelector);
  const parentSelector = (await selector.textContent())!;
  // The new selector picks the title's parent in the page, exactly one element of it.
  expect(await site.locator('article.product h1').evaluate((h1, sel) => document.querySelector(sel) === h1.parentElement, parentSelector)).toBe(true);
  await expect(panel.getByTestId('selector-box')).toContainText('Matches exactly this element on this page.');
  await expect(label(parentSelector)).toBeVisible();
  await expect(label(titleSelector)).toBeHidden();
  await expect(panel.getByRole('heading', { name: /Change this/ })).not.toContainText('heading');
  await shot(page, '7-parent-picked');
});
