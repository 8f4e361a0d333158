/**
 * No variant content ever runs script, in any content mode or any view: published XSS payloads
 * (packages/core/test-vectors/xss-payloads.json: OWASP, PortSwigger, DOMPurify's fixtures,
 * html5sec) go through plain text, formatted text, HTML, tokens, link and image attributes and
 * library items, and are shown in the editor's panel, in the framed site and on the live page after
 * publishing. Every page listens for dialogs, for requests to the hosts the payloads name, and for
 * CSP or Trusted Types complaints; none may fire. What the sanitizers keep is checked against the
 * allow-list itself (core's policyViolations), and the browser's sanitizer must keep the same tags
 * and attributes as the server's on inputs exercising every rule of the policy.
 */
import { type Page, expect, test } from '@playwright/test';
import { allowedUrl } from '../../packages/core/src/browser-sanitizer.ts';
import { keptParts, policyViolations } from '../../packages/core/src/policy-check.ts';
import cases from '../../packages/core/test-vectors/sanitizer-policy-cases.json' with { type: 'json' };
import type { SiteConfigInput } from '@slotwise/core';
import {
  type Content,
  FIXTURE,
  PAYLOADS,
  SLOTS,
  applyInFrame,
  expectQuiet,
  expectWithinPolicy,
  origin,
  panelAndFrame,
  parsedIn,
  seedDraft,
  serverSanitized,
  showInFrame,
  shown,
  signIn,
  siteFrame,
  slotElements,
  watch,
} from './xss-helpers.ts';

const slotName = (n: number) => `s${n}`;
const payloadSlots = PAYLOADS.map((_, n) => slotName(n));

test.beforeAll(() => {
  expect(PAYLOADS.length).toBeGreaterThanOrEqual(50);
  expect(PAYLOADS.length + 6).toBeLessThanOrEqual(SLOTS);
});

test('the reported repro: a saved plain-text payload switched to Formatted and to HTML stays text', async ({ page }) => {
  const alarms = await watch(page);
  await signIn(page);
  const payload = '<img src=x onerror=alert(1)> Hi {{profile.topCategory | friend}}';
  await seedDraft(page.request, { hero: { kind: 'text', body: payload } });
  await page.reload();
  await page.getByRole('button', { name: /^hero/ }).click();
  await page.getByRole('button', { name: /XSS hero/ }).click();
  const editor = page.getByTestId('campaign-editor');
  await expect(editor.getByLabel('Text', { exact: true })).toHaveValue(payload);

  await editor.getByRole('radio', { name: 'Formatted' }).click();
  await expect(editor.getByLabel('Formatted content')).toHaveText(payload);
  await expect(editor.getByLabel('Formatted content').locator('img')).toHaveCount(0);
  const site = page.frameLocator('iframe.site-frame');
  await expect(site.locator('[data-slot="hero"]')).toContainText('<img src=x onerror=alert(1)>');
  await expect(site.locator('[data-slot="hero"] img')).toHaveCount(0);

  await editor.getByRole('radio', { name: 'HTML' }).click();
  await expect(editor.getByLabel('HTML', { exact: true })).toHaveValue('&lt;img src=x onerror=alert(1)&gt; Hi {{profile.topCategory | friend}}');
  await editor.getByRole('radio', { name: 'Plain text' }).click();
  await expect(editor.getByLabel('Text', { exact: true })).toHaveValue(payload);
  await expectQuiet(page, alarms);
});

/** The formatted editor's own markup: paragraphs, headings, marks, lists, links and images only. */
const SCHEMA_TAGS = ['p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'img'];

async function newHeroCampaign(page: Page) {
  await page.getByRole('button', { name: /^hero/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  return {
    editor,
    mode: (name: 'HTML' | 'Formatted' | 'Plain text') => editor.getByRole('radio', { name }).click(),
    html: editor.getByLabel('HTML', { exact: true }),
    text: editor.getByLabel('Text', { exact: true }),
    rich: editor.getByLabel('Formatted content'),
    hero: page.frameLocator('iframe.site-frame').locator('[data-slot="hero"]'),
  };
}

test('every payload typed into the HTML tab, then opened in the formatted editor, runs neither in the panel nor in the frame', async ({ page }) => {
  test.setTimeout(90_000);
  const alarms = await watch(page);
  await signIn(page);
  const { mode, html } = await newHeroCampaign(page);
  await mode('HTML');
  for (const [n, payload] of PAYLOADS.entries()) {
    // The frame shows typed HTML at once, before the server's sanitizer has answered; then the
    // same HTML opens in the formatted editor. Both are read once both show this payload's marker.
    await html.fill(`<i>#${n}</i>${payload}`);
    await mode('Formatted');
    const { panel, frame } = await panelAndFrame(page, `#${n}`);
    expect(policyViolations(frame), `frame: ${payload}`).toEqual([]);
    expect(policyViolations(panel), `panel: ${payload}`).toEqual([]);
    expect(
      panel.map((e) => e.tag).filter((t) => !SCHEMA_TAGS.includes(t)),
      `panel: ${payload}`,
    ).toEqual([]);
    await mode('HTML');
  }
  await expectQuiet(page, alarms);
});

test('every payload as plain text stays text through Formatted and HTML and back, in the panel and in the frame', async ({ page }) => {
  const alarms = await watch(page);
  await signIn(page);
  const { mode, html, text, rich, hero } = await newHeroCampaign(page);
  await mode('Plain text');
  await text.fill(PAYLOADS.join('\n'));
  await expect(hero).toContainText(shown(PAYLOADS.at(-1)!));
  await expect(hero.locator('*')).toHaveCount(0);

  await mode('Formatted');
  await expect(rich).toContainText(shown(PAYLOADS.at(-1)!));
  // One line of text per payload, as typed (line breaks, not markup).
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered line breaks between payloads are what this compares
  expect((await rich.innerText()).replace(/\n+$/, '').split('\n').map(shown)).toEqual(PAYLOADS.map(shown));
  expect((await panelAndFrame(page)).panel.map((e) => e.tag).filter((t) => t !== 'p' && t !== 'br')).toEqual([]);
  await expect(hero.locator('*:not(p):not(br)')).toHaveCount(0);

  await mode('HTML');
  expect(await html.inputValue()).not.toMatch(/<(?!\/?(p|br)>)/);
  await mode('Plain text');
  expect((await text.inputValue()).split('\n').map(shown)).toEqual(PAYLOADS.map(shown));
  await expectQuiet(page, alarms);
});

test("edit mode sanitizes raw HTML and attributes from the editor with the server's policy, and keeps what the server keeps", async ({ page }) => {
  const alarms = await watch(page);
  await signIn(page, FIXTURE);
  const frame = siteFrame(page);

  // Published payloads, raw (as the editor sends a draft before any save), one per slot, with
  // script URLs for the link and image slots.
  await applyInFrame(page, {
    ...Object.fromEntries(PAYLOADS.map((html, n) => [slotName(n), { html }])),
    link: { html: 'Shop', attrs: { href: 'javascript:alert(1)', title: 'x' } },
    image: { html: '', attrs: { src: ' data:text/html,<script>alert(1)</script>', alt: 'y' } },
  });
  await expect(frame.locator('[data-slot="link"]')).toHaveAttribute('title', 'x');
  const inFrame = await slotElements(frame, payloadSlots);
  expectWithinPolicy(inFrame, PAYLOADS);
  await expect(frame.locator('[data-slot="link"]')).toHaveAttribute('href', '/shoes');
  await expect(frame.locator('[data-slot="image"]')).toHaveAttribute('src', '/static/img/alpine-hiking-boot.svg');

  // The server's answer for each payload is within the policy too.
  const fromServer = await Promise.all(PAYLOADS.map((p) => serverSanitized(page.request, p)));
  (await parsedIn(frame, fromServer)).forEach((elements, n) => expect(policyViolations(elements), `server: ${PAYLOADS[n]}`).toEqual([]));

  // On inputs exercising every rule of the policy, both keep the same tags and attributes.
  const inputs = cases.inputs;
  await applyInFrame(page, Object.fromEntries(inputs.map((html, n) => [slotName(n), { html }])));
  await expect(frame.locator('[data-slot="s0"]')).toHaveText('text');
  const browser = await slotElements(
    frame,
    inputs.map((_, n) => slotName(n)),
  );
  const server = await parsedIn(frame, await Promise.all(inputs.map((html) => serverSanitized(page.request, html))));
  inputs.forEach((input, n) => expect(keptParts(browser[slotName(n)]!), input).toEqual(keptParts(server[n]!)));
  expectWithinPolicy(browser, inputs);
  await expectQuiet(page, alarms);
});

/**
 * Every third payload, saved to the content library (odd ones as HTML, even ones as text): each
 * insertion remounts the formatted editor, the same path the typed-HTML test takes for all of them.
 */
const LIBRARY = PAYLOADS.filter((_, n) => n % 3 === 0);

/** A payload as a profile token's fallback where it can be one (at most 200 characters, no `}`). */
const asToken = (payload: string) => (payload.includes('}') || payload.length > 200 ? payload : `{{profile.nothing | ${payload}}}`);

test('the preview of stored plain-text and token content, and of library items, shows text and runs nothing', async ({ page }) => {
  test.setTimeout(60_000);
  const alarms = await watch(page);
  await signIn(page);
  // Stored content is what a colleague saved: text and token bodies are kept as written.
  await seedDraft(page.request, Object.fromEntries(PAYLOADS.map((p, n) => [slotName(n), { kind: 'text' as const, body: asToken(p) }])));
  const library = await page.request.put('/__sw/admin/library', {
    data: { items: LIBRARY.map((payload, n) => ({ id: `xss-${n}`, name: `Payload ${n}`, content: { kind: n % 2 ? 'html' : 'text', body: payload } })) },
    headers: { origin: origin() },
  });
  expect(library.status(), await library.text()).toBe(200);
  const saved = (await library.json()) as { items: { content: { kind: string; body: string } }[] };
  saved.items.forEach((item, n) => {
    if (item.content.kind === 'text') expect(item.content.body).toBe(LIBRARY[n]);
  });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
  await showInFrame(page, FIXTURE);
  const frame = siteFrame(page);

  await page.getByLabel('Preview visitor').selectOption({ label: 'Anonymous first visit' });
  await expect(frame.locator(`[data-slot="${slotName(PAYLOADS.length - 1)}"]`)).toContainText(shown(PAYLOADS.at(-1)!).slice(0, 20));
  const texts = await frame.evaluate((names) => names.map((name) => document.querySelector(`[data-slot="${name}"]`)?.textContent ?? ''), payloadSlots);
  texts.forEach((text, n) => expect(shown(text), PAYLOADS[n]).toBe(shown(PAYLOADS[n]!)));
  const elements = await slotElements(frame, payloadSlots);
  for (const [slot, list] of Object.entries(elements)) expect(list, slot).toEqual([]);

  // Library items, inserted into a variant: text stays text, HTML is cut to the allow-list.
  await page.getByRole('button', { name: /^s0\b/ }).click();
  await page.getByRole('button', { name: '+ New campaign' }).click();
  const editor = page.getByTestId('campaign-editor');
  const slot = frame.locator('[data-slot="s0"]');
  for (const [n, payload] of LIBRARY.entries()) {
    await editor.getByLabel('Insert from the content library').selectOption({ label: `Payload ${n}` });
    if (n % 2 === 0) {
      await expect(editor.getByLabel('Text', { exact: true })).toHaveValue(payload);
      await expect(slot.locator('*')).toHaveCount(0);
    } else {
      await expect(editor.getByLabel('Formatted content')).toBeVisible();
      const { panel } = await panelAndFrame(page);
      expect(policyViolations(panel), `library item, formatted: ${payload}`).toEqual([]);
      expect(policyViolations((await slotElements(frame, ['s0'])).s0!), `library item, frame: ${payload}`).toEqual([]);
    }
  }
  await expectQuiet(page, alarms);
});

test('the live page after publishing every payload (HTML, plain text, tokens filled from the visitor, link and image URLs) runs nothing', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await signIn(page);
  const tokenSlots = ['source', 'medium', 'campaign', 'term', 'content'].map((key, n) => [slotName(PAYLOADS.length + n), key] as const);
  const visitor = await browser.newContext({ baseURL: test.info().project.use.baseURL! });
  const live = await visitor.newPage();
  const alarms = await watch(live);
  await live.goto('/');
  const publish = async (contents: Record<string, Content>) => {
    const { live: liveVersion } = await seedDraft(page.request, contents);
    const draft = (await (await page.request.get('/__sw/admin/draft')).json()).draft as SiteConfigInput;
    // The Admin API's answer holds the sanitized draft: nothing outside the policy was stored.
    const stored = draft.campaigns.filter((c) => c.id.startsWith('xss-')).flatMap((c) => Object.entries(c.variants[0]!.content));
    const parsed = await parsedIn(
      live.mainFrame(),
      stored.map(([, content]) => (content.kind === 'html' ? content.body : '')),
    );
    stored.forEach(([slot, content], n) => {
      expect(policyViolations(parsed[n]!), `${slot}: ${content.body}`).toEqual([]);
      for (const [name, value] of Object.entries(content.attrs ?? {})) if (name === 'href' || name === 'src') expect(allowedUrl(value), `${slot} ${name}=${value}`).toBe(true);
    });
    const published = await page.request.post('/__sw/admin/publish', { data: { note: 'xss', baseVersion: liveVersion }, headers: { origin: origin() } });
    expect(published.status(), await published.text()).toBe(200);
  };
  const load = async (query = '') => {
    const response = await live.goto(`${FIXTURE}${query}`);
    expect(response?.status()).toBe(200);
  };

  // HTML as written (the server sanitizes it on save), tokens filled from the visitor's UTM
  // parameters, and script URLs for the link and the image.
  await publish({
    ...Object.fromEntries(PAYLOADS.map((p, n) => [slotName(n), { kind: 'html' as const, body: p }])),
    ...Object.fromEntries(tokenSlots.map(([slot, key]) => [slot, { kind: 'html' as const, body: `<b>{{utm.${key} | none}}</b>` }])),
    link: { kind: 'text', body: 'Shop', attrs: { href: 'javascript:alert(1)' } },
    image: { kind: 'text', body: '', attrs: { src: '{{utm.source}}', alt: 'x' } },
  });
  await expect
    .poll(async () => {
      await load();
      return live.locator('[data-slot="s0"]').getAttribute('data-sw-v');
    })
    .toBe('xss-s0:a');
  expectWithinPolicy(await slotElements(live, payloadSlots), PAYLOADS);
  await expect(live.locator('[data-slot="link"]')).toHaveAttribute('href', '/shoes');
  await expect(live.locator('[data-slot="image"]')).toHaveAttribute('src', '/static/img/alpine-hiking-boot.svg');
  for (let at = 0; at < PAYLOADS.length; at += tokenSlots.length) {
    const chunk = PAYLOADS.slice(at, at + tokenSlots.length);
    await load(`?${chunk.map((p, n) => `utm_${tokenSlots[n]![1]}=${encodeURIComponent(p)}`).join('&')}`);
    for (const [n, payload] of chunk.entries()) {
      const slot = live.locator(`[data-slot="${tokenSlots[n]![0]}"]`);
      await expect(slot.locator('*')).toHaveCount(1);
      // The Worker keeps the start of a long UTM value; what it keeps is shown as text.
      const text = shown((await slot.textContent()) ?? '');
      expect(text.length).toBeGreaterThan(0);
      expect(shown(payload.toLowerCase()).startsWith(text), `${payload} → ${text}`).toBe(true);
    }
  }

  // The same payloads as plain text and as token fallbacks: shown as text.
  await publish(Object.fromEntries(PAYLOADS.map((p, n) => [slotName(n), { kind: 'text' as const, body: asToken(p) }])));
  await expect
    .poll(async () => {
      await load();
      return shown((await live.locator('[data-slot="s0"]').textContent()) ?? '');
    })
    .toBe(shown(PAYLOADS[0]!));
  for (const [slot, list] of Object.entries(await slotElements(live, payloadSlots))) expect(list, slot).toEqual([]);
  await expectQuiet(live, alarms);
  await visitor.close();
});

test('the editor runs under a strict CSP with Trusted Types: a missed HTML sink gets sanitized HTML, script sinks refuse', async ({ page }) => {
  const response = await page.goto('/__sw/editor/');
  const csp = response!.headers()['content-security-policy'] ?? '';
  for (const directive of [
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'self'",
    "require-trusted-types-for 'script'",
    'trusted-types default dompurify',
  ]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
  // Vite's build has no inline script: every <script> has a src.
  expect(await response!.text()).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/i);

  const outcome = await page.evaluate(() => {
    const div = document.createElement('div');
    div.innerHTML = '<img src=x onerror=alert(1)><a href="javascript:alert(2)">a</a><b>kept</b>';
    const refused = (fn: () => unknown) => {
      try {
        fn();
        return false;
      } catch {
        return true;
      }
    };
    return {
      html: div.innerHTML,
      newPolicy: refused(() =>
        (window as unknown as { trustedTypes: { createPolicy(n: string, r: object): unknown } }).trustedTypes.createPolicy('mine', { createHTML: (s: string) => s }),
      ),
      scriptSrc: refused(() => (document.createElement('script').src = '/x.js')),
      scriptText: refused(() => (document.createElement('script').textContent = 'alert(3)')),
    };
  });
  expect(outcome).toEqual({ html: '<img src="x"><a>a</a><b>kept</b>', newPolicy: true, scriptSrc: true, scriptText: true });
});

test("edit mode applies the editor's content once: its own changes do not make the editor send it again, and the same content sent again changes nothing", async ({ page }) => {
  await signIn(page);
  const loads: string[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/apply-once.svg')) loads.push(request.url());
  });
  const { mode, html, hero } = await newHeroCampaign(page);
  await mode('HTML');
  await html.fill('<img src="/apply-once.svg" alt="probe">');
  await expect(hero.locator('img[alt="probe"]')).toHaveCount(1);
  // Each application makes a new image, which asks for its file again (a 404: never cached). Once
  // the draft is saved nothing changes, so nothing may be applied (or loaded) any more.
  await expect(page.getByTestId('save-status')).toHaveText(/saved/i);
  await page.waitForTimeout(500);
  const settled = loads.length;
  await page.waitForTimeout(1500);
  expect(loads.length).toBe(settled);
  // Nor when the page is reported again (a resize does that): the editor sends the same content,
  // and the slot, showing it already, is left as it is.
  await page.setViewportSize({ width: 1100, height: 800 });
  await page.waitForTimeout(1500);
  expect(loads.length).toBe(settled);
  await expect(hero.locator('img[alt="probe"]')).toHaveCount(1);
});

test("the formatted editor's Link and Image buttons refuse script URLs and accept safe ones", async ({ page }) => {
  const alerts: string[] = [];
  const answers = ['javascript:alert(1)', '/shoes', 'data:image/svg+xml,<svg onload=alert(1)>', '/static/img/alpine-hiking-boot.svg'];
  page.on('dialog', (dialog) => {
    if (dialog.type() === 'prompt') void dialog.accept(answers.shift() ?? '');
    else {
      alerts.push(dialog.message());
      void dialog.dismiss();
    }
  });
  await signIn(page);
  const { mode, rich, editor, hero } = await newHeroCampaign(page);
  await mode('Formatted');
  await rich.click();
  await page.keyboard.press('End');
  await editor.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(page.getByText(/is not allowed: use a relative address/)).toBeVisible();
  await editor.getByRole('button', { name: 'Link', exact: true }).click();
  await expect(rich.locator('a[href="/shoes"]')).toHaveText('/shoes');
  await editor.getByRole('button', { name: 'Image', exact: true }).click();
  await expect(page.getByText(/data:image\/svg\+xml.*is not allowed/)).toBeVisible();
  await editor.getByRole('button', { name: 'Image', exact: true }).click();
  await expect(rich.locator('img[src="/static/img/alpine-hiking-boot.svg"]')).toHaveCount(1);
  await expect(hero.locator('a[href="/shoes"]')).toHaveCount(1);
  await expect(rich.locator('a[href^="javascript"], img[src^="data"]')).toHaveCount(0);
  expect(alerts).toEqual([]);
});
