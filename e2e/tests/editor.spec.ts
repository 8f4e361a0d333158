/**
 * The marketer's whole flow in the editor, against the real Worker: sign in, pick the hero on
 * the live site, write two variants (one with unsafe markup the server strips), build an
 * audience visually, set the goal and control group, preview, publish — then the store serves
 * it to a matching visitor and not to others — then roll back and it is gone.
 */
import { type Browser, type Page, expect, test } from '@playwright/test';
import { parseSiteConfig } from '@slotwise/core';
import { type RequestContext, compileConfig, decideSlots } from '@slotwise/core/decide';
import { emptyProfile } from '@slotwise/core/profile';
import { ADMIN_KEY, markIn, signInToEditor } from './helpers.ts';

const PASSWORD = 'slotwise';
// Ids are made from the first name and stay put when the campaign is renamed.
const CAMPAIGN = 'new-hero-campaign';

async function signIn(page: Page): Promise<void> {
  await signInToEditor(page, 'Maria', { password: PASSWORD });
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
}

const germanVisitor = (path: string): RequestContext => ({
  page: { url: `http://127.0.0.1${path}`, path, query: {}, referrer: '', referrerHost: '' },
  utm: {},
  geo: { country: 'DE', region: '', city: '', timezone: '' },
  device: { type: 'desktop', browser: 'chrome', os: 'linux' },
  locale: { language: 'en' },
  time: { hour: 12, weekday: 2 },
});

/** A visitor id the published config puts in variant `a` (found with the engine itself). */
async function visitorInVariantA(page: Page, version: number): Promise<string> {
  const { config } = await (await page.request.get(`/__sw/admin/versions/${version}`)).json();
  const parsed = parseSiteConfig(config);
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const compiled = compileConfig(parsed.config);
  for (let n = 0; n < 200; n++) {
    const id = `e2e-visitor-${String(n).padStart(6, '0')}`;
    const decision = decideSlots(compiled, { visitorId: id, profile: emptyProfile(), context: germanVisitor('/'), now: Date.now() }).slots.hero;
    if (decision?.campaign === CAMPAIGN && decision.variant === 'a') return id;
  }
  throw new Error('no visitor id lands in variant a');
}

/** The home page's HTML as the edge sends it to a consenting visitor with this id. */
async function homeFor(browser: Browser, visitorId: string, query: string): Promise<string> {
  const url = test.info().project.use.baseURL!;
  const context = await browser.newContext({ baseURL: url });
  await context.addCookies([
    { name: 'sw_consent', value: 'granted', url },
    { name: 'sw_id', value: visitorId, url },
  ]);
  const response = await (await context.newPage()).goto(`/${query}`);
  const html = await response!.text();
  await context.close();
  return html;
}

test('a marketer personalizes the hero for German visitors, publishes, and rolls back', async ({ page, browser }) => {
  const started = Date.now();
  // Other specs publish and roll back too: versions are counted from the one live now.
  const before = ((await (await page.request.get('/__sw/admin/draft', { headers: ADMIN_KEY })).json()) as { live: number }).live;
  await signIn(page);

  // The live site, with its slots outlined; the hero is clicked on the page itself.
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="hero"][data-sw-edit]')).toBeVisible();
  await expect(page.getByRole('button', { name: /^announcement/ })).toBeVisible();
  await site.locator('[data-slot="hero"]').click();
  await expect(page.getByRole('heading', { name: 'Slot hero' })).toBeVisible();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByLabel('Campaign name').fill('Spring shoes for Germany');

  // A schema error shows inline and blocks saving until fixed.
  await editor.getByLabel('Campaign name').fill('');
  await expect(page.getByTestId('save-status')).toContainText('problem');
  await expect(editor.getByRole('alert')).toContainText('name');
  await editor.getByLabel('Campaign name').fill('Spring shoes for Germany');

  // Variant A: HTML with a link, an image — and markup the server must strip.
  await editor.getByRole('radio', { name: 'HTML' }).click();
  await editor
    .getByLabel('HTML', { exact: true })
    .fill(
      '<h1>Spring shoes are here</h1><p>Try the <a href="/shoes" onclick="steal()">new trail runners</a>.</p><img src="/img/hero.svg" alt="Trail" onerror="alert(1)"><script>alert(2)</script>',
    );
  await editor.getByLabel('HTML', { exact: true }).blur();
  await expect(editor.locator('.warning', { hasText: 'Removed for safety' })).toContainText('onclick');
  await expect(editor.locator('.warning', { hasText: 'Removed for safety' })).toContainText('script');
  // The frame shows the variant being edited, already sanitized by the server's save.
  await expect(site.locator('[data-slot="hero"] h1')).toHaveText('Spring shoes are here');

  // Variant B: formatted text with the rich-text editor.
  await editor.getByRole('button', { name: '+ Variant' }).click();
  await editor.getByRole('tab', { name: /Variant B/ }).click();
  await editor.getByRole('radio', { name: 'Plain text' }).click();
  await editor.getByLabel('Text', { exact: true }).fill('Spring shoes, shipped free to Germany');
  await expect(site.locator('[data-slot="hero"]')).toContainText('shipped free to Germany');
  await editor.getByRole('tab', { name: /Variant A/ }).click();

  // The audience, built visually: country is DE, and NOT (segment includes lapsed).
  await editor.getByLabel('Audience', { exact: true }).selectOption({ label: '+ New audience…' });
  await editor.getByLabel('Audience name').fill('German shoppers');
  await editor.getByRole('button', { name: '+ Rule' }).click();
  const rule = editor.locator('.rule').first();
  await rule.getByLabel('Field').selectOption({ label: 'Country' });
  await rule.getByLabel('Value').fill('de');
  await editor.getByRole('button', { name: '+ Group' }).click();
  const inner = editor.locator('.group .group');
  await inner.getByLabel('NOT').check();
  await inner.getByRole('button', { name: '+ Rule' }).click();
  await inner.locator('.rule').getByLabel('Field').selectOption({ label: 'Segment' });
  await inner.locator('.rule').getByText('lapsed').click();
  await editor.locator('.json-view summary').click();
  await expect(editor.locator('.json-view pre')).toContainText('"geo.country": "DE"');
  await expect(editor.locator('.json-view pre')).toContainText('"$not"');

  // Goal, control group, and go live on publish.
  await editor.getByLabel('Goal event').fill('add_to_cart');
  const control = editor.getByLabel('Control group percent');
  // Dragging the slider, as the browser reports it: the value changes, then an input event.
  await control.evaluate((el: HTMLInputElement) => {
    el.value = '20';
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await expect(control).toHaveValue('20');
  await expect(editor.getByText('Control group: 20%')).toBeVisible();
  await editor.getByRole('radio', { name: 'Live when published' }).click();
  await expect(page.getByTestId('save-status')).toHaveText('Draft saved · not published');

  // Preview as a German visitor, then as somebody else.
  await page.getByLabel('Preview visitor').selectOption({ label: 'Visitor in Germany' });
  // The preview names campaigns and variants (issue 17), not their ids.
  await expect(page.getByTestId('preview-summary')).toContainText('hero: Spring shoes for Germany → ');
  await page.getByLabel('Preview visitor').selectOption({ label: 'Anonymous first visit' });
  await expect(page.getByTestId('preview-summary')).not.toContainText('Spring shoes for Germany');

  // Publish.
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByLabel(/What changed/).fill('Spring shoes for Germany');
  const publishedAt = Date.now();
  await page.getByRole('button', { name: 'Publish now' }).click();
  await expect(page.getByText(new RegExp(`Version ${before + 1} is live`))).toBeVisible();

  // The store: a matching visitor gets variant A (sanitized); others keep the default.
  const visitor = await visitorInVariantA(page, before + 1);
  await expect.poll(async () => markIn(await homeFor(browser, visitor, '?sw_country=DE'), 'hero')).toBe(`${CAMPAIGN}:a`);
  const liveAfterMs = Date.now() - publishedAt;
  const served = await homeFor(browser, visitor, '?sw_country=DE');
  expect(served).toContain('Spring shoes are here');
  expect(served).toContain('href="/shoes"');
  expect(served).not.toMatch(/onclick|onerror|alert\(/);
  expect(markIn(await homeFor(browser, visitor, '?sw_country=FR'), 'hero') ?? 'default').not.toContain(CAMPAIGN);

  // Roll back to the version live before: the store no longer shows the campaign.
  await page.getByRole('button', { name: 'Versions' }).click();
  await expect(page.getByTestId('versions')).toContainText('Spring shoes for Germany');
  await page.getByRole('button', { name: `Restore v${before}` }).click();
  await expect(page.getByText(new RegExp(`Version ${before} is live again, as version ${before + 2}`))).toBeVisible();
  await expect.poll(async () => markIn(await homeFor(browser, visitor, '?sw_country=DE'), 'hero') ?? 'default').not.toContain(CAMPAIGN);
  await expect(page.locator('.audit')).toContainText(`Maria rollback v${before + 2}`);

  const summary = `whole flow in ${((Date.now() - started) / 1000).toFixed(1)} s; from the Publish click to the store serving it to a matching visitor ${liveAfterMs} ms (the bench times publish → live alone)`;
  test.info().annotations.push({ type: 'marketer flow', description: summary });
  console.log(`marketer flow: ${summary}`);
});

test('the editor frame only accepts messages from its own origin and of known types', async ({ page }) => {
  await signIn(page);
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="hero"][data-sw-edit]')).toBeVisible();
  // A message from another window of the page (not the frame) cannot select a slot.
  await page.evaluate(() => window.postMessage({ type: 'sw:select', slot: 'hero' }, location.origin));
  await page.evaluate(() => window.postMessage({ type: 'sw:page', path: '/evil', title: 'x', slots: [] }, location.origin));
  await expect(page.getByRole('heading', { name: 'Slot hero' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^hero/ })).toBeVisible();
  // Inside the frame, an unknown message type or one from another window changes nothing.
  const frame = page.frames().find((f) => f.url().endsWith('/'))!;
  await frame.evaluate(() => window.postMessage({ type: 'sw:apply', contents: { hero: { html: '<b>injected</b>' } } }, '*'));
  await frame.evaluate(() => window.parent.postMessage({ type: 'sw:unknown', slot: 'hero' }, location.origin));
  await expect(site.locator('[data-slot="hero"]')).not.toContainText('injected');
  await expect(page.getByRole('heading', { name: 'Slot hero' })).toHaveCount(0);
});

test('content saved to the library can be reused in another campaign', async ({ page }) => {
  await signIn(page);
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="promo"][data-sw-edit]')).toBeAttached();
  // The slot list beside the page selects a slot as a click on it does (the store's cookie banner may cover it).
  await page.getByRole('button', { name: /^promo/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  await editor.getByRole('radio', { name: 'HTML' }).click();
  await editor.getByLabel('HTML', { exact: true }).fill('<strong>Winter sale</strong> on every kettle');
  page.once('dialog', (dialog) => void dialog.accept('Winter sale line'));
  await editor.getByRole('button', { name: 'Save to library' }).click();
  await expect(page.getByText('“Winter sale line” is in the content library.')).toBeVisible();

  await editor.getByRole('button', { name: '← Slot' }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  await expect(site.locator('[data-slot="promo"]')).not.toContainText('Winter sale');
  await editor.getByLabel('Insert from the content library').selectOption({ label: 'Winter sale line' });
  await expect(site.locator('[data-slot="promo"] strong')).toHaveText('Winter sale');
});
