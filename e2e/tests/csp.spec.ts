/**
 * A page under a strict nonce-based Content-Security-Policy (demo store /fixtures/csp): the
 * Worker's SDK tag carries the page's nonce, the SDK and the chunk it imports lazily run, the edge
 * and the browser both personalize, and not one CSP violation fires. Nothing needs
 * 'unsafe-inline' or 'unsafe-eval'.
 */
import { type Page, expect, test } from '@playwright/test';
import { markIn } from './helpers.ts';

type Violation = { directive: string; blocked: string; sample: string };

/** Records every securitypolicyviolation event and every CSP complaint on the console. */
async function watchCsp(page: Page): Promise<{ violations: () => Promise<Violation[]>; console: string[] }> {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to (load|execute|apply)/i.test(m.text())) messages.push(m.text());
  });
  await page.addInitScript(() => {
    const seen: Violation[] = [];
    (window as unknown as { cspViolations: Violation[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
  });
  return { violations: () => page.evaluate(() => (window as unknown as { cspViolations: Violation[] }).cspViolations), console: messages };
}

for (const variant of ['nonce only', "nonce + 'strict-dynamic'"]) {
  const query = variant === 'nonce only' ? '' : 'strict-dynamic=1&';

  test(`the SDK runs under a strict CSP (${variant}), with the edge-rendered slot and no violations`, async ({ page }) => {
    const csp = await watchCsp(page);
    const response = await page.goto(`/fixtures/csp?${query}sw_country=DE`);
    expect(response?.status()).toBe(200);
    const policy = response!.headers()['content-security-policy'] ?? '';
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();

    const html = await response!.text();
    // The Worker added the tag with the page's own nonce, and decided the slot at the edge.
    expect(html).toContain(`<script async src="/__sw/sw.js" nonce="${nonce}"`);
    expect(markIn(html, 'announcement')).toBe('shipping-de:de');

    await page.waitForFunction(() => typeof (window as unknown as { sw?: { track?: unknown } }).sw?.track === 'function');
    expect(await page.evaluate(() => (window as unknown as { siteScriptRan?: boolean }).siteScriptRan)).toBe(true);
    // profile() lives in the lazy chunk: it loads under the same policy.
    const profile = await page.evaluate(() => (window as unknown as { sw: { profile(): Promise<unknown> } }).sw.profile());
    expect(profile).toBeTruthy();
    await expect(page.locator('[data-slot="announcement"]')).toContainText('Kostenloser Versand');
    expect(await csp.violations()).toEqual([]);
    expect(csp.console).toEqual([]);
  });

  test(`slots the edge did not decide are decided in the browser under a strict CSP (${variant})`, async ({ page }) => {
    const csp = await watchCsp(page);
    // Without a country no campaign applies at the edge, so the slot is left for the browser.
    const response = await page.goto(`/fixtures/csp?${query}`);
    const html = await response!.text();
    expect(markIn(html, 'announcement')).toBeNull();
    await page.waitForFunction(() => typeof (window as unknown as { sw?: { track?: unknown } }).sw?.track === 'function');
    // The browser ran the same engine (from the lazy chunk, loaded with the nonce): no audience matches, default kept.
    await page.evaluate(() => (window as unknown as { sw: { profile(): Promise<unknown> } }).sw.profile());
    await expect(page.locator('[data-slot="announcement"]')).toHaveText('Free returns on every order');
    // sw.js carries the nonce; its lazy chunk is imported (a dynamic import inherits that nonce) and ran.
    const tags = await page.evaluate(() => Array.from(document.scripts, (s) => ({ src: s.src, nonce: s.nonce })).filter((s) => s.src.includes('/__sw/')));
    expect(tags.map((s) => new URL(s.src).pathname)).toEqual(['/__sw/sw.js']);
    expect(tags[0]!.nonce).not.toBe('');
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(loaded).toContain('/__sw/sw-decide.mjs');
    // The demo config has no $regex, so the regex engine's chunk is not loaded.
    expect(loaded).not.toContain('/__sw/sw-re2.mjs');
    expect(await csp.violations()).toEqual([]);
    expect(csp.console).toEqual([]);
  });
}

test('the check itself notices a violation (a script without the nonce is refused and reported)', async ({ page }) => {
  const csp = await watchCsp(page);
  await page.goto('/fixtures/csp');
  await page.waitForFunction(() => typeof (window as unknown as { sw?: { track?: unknown } }).sw?.track === 'function');
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.injected = true';
    document.body.append(s);
  });
  await expect.poll(async () => (await csp.violations()).length).toBeGreaterThan(0);
  expect(await page.evaluate(() => (window as unknown as { injected?: boolean }).injected)).toBeUndefined();
});
