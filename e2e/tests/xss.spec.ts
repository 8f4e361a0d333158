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
import { type APIRequestContext, type Frame, type Page, expect, test } from '@playwright/test';
import { allowedUrl } from '../../packages/core/src/browser-sanitizer.ts';
import { type ParsedElement, keptParts, policyViolations } from '../../packages/core/src/policy-check.ts';
import cases from '../../packages/core/test-vectors/sanitizer-policy-cases.json' with { type: 'json' };
import xss from '../../packages/core/test-vectors/xss-payloads.json' with { type: 'json' };
import type { SiteConfigInput } from '@slotwise/core';

const PAYLOADS = xss.payloads.map((p) => p.payload);
const FIXTURE = '/fixtures/slots';
const SLOTS = 120;

/** What a page let through: every list must stay empty. */
interface Alarms {
  dialogs: string[];
  requests: string[];
  violations: string[];
}

/**
 * Listens on the page (and every frame in it) for anything a payload that ran would do: a dialog,
 * a request to a host the payloads name, a script or frame the CSP refused, a Trusted Types
 * refusal, or an inline handler or style the CSP refused on an element of the live page. (Chromium
 * also reports inline handlers and styles that a sanitizer's parser merely saw, in an inert
 * document that never runs them — DOMPurify's issues 107 and 900: those name no live element.)
 */
async function watch(page: Page): Promise<Alarms> {
  const alarms: Alarms = { dialogs: [], requests: [], violations: [] };
  page.on('dialog', (dialog) => {
    alarms.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (xss.probeHosts.includes(url.hostname) || (/^(javascript|data|vbscript):/i.test(request.url()) && request.resourceType() !== 'image')) {
      alarms.requests.push(`${request.resourceType()} ${request.url().slice(0, 120)}`);
    }
  });
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('sw-violation ') || /Trusted ?Type|TrustedHTML|TrustedScript/i.test(text)) alarms.violations.push(text.slice(0, 240));
  });
  page.on('pageerror', (error) => {
    if (/Trusted|Content Security Policy/i.test(error.message)) alarms.violations.push(error.message.slice(0, 240));
  });
  await page.addInitScript(() => {
    const parseTime = new Set(['script-src-attr', 'style-src-attr', 'style-src-elem']);
    document.addEventListener('securitypolicyviolation', (e) => {
      const live = e.target instanceof Element && e.target.isConnected;
      if (parseTime.has(e.effectiveDirective) && !live) return;
      console.warn(`sw-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sample} on ${e.target instanceof Element ? e.target.outerHTML.slice(0, 120) : 'document'}`);
    }, true);
  });
  return alarms;
}

async function expectQuiet(page: Page, alarms: Alarms): Promise<void> {
  // A handler that fires on load or on an image error does so within a few frames; give it time.
  await page.waitForTimeout(300);
  expect(alarms.dialogs, 'dialogs opened by content').toEqual([]);
  expect(alarms.requests, 'requests made by content').toEqual([]);
  expect(alarms.violations, 'CSP or Trusted Types violations').toEqual([]);
}

async function signIn(page: Page, path = ''): Promise<void> {
  await page.goto('/__sw/editor/');
  await page.getByLabel('Your name').fill('Mallory');
  await page.getByLabel('Password').fill('slotwise');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
  if (path) await showInFrame(page, path);
}

async function showInFrame(page: Page, path: string): Promise<void> {
  // Once the first page has reported itself, so its report does not overwrite the typed path.
  await expect(page.getByRole('button', { name: /^hero/ })).toBeVisible();
  await page.getByLabel('Page path').fill(path);
  await page.getByRole('button', { name: 'Go' }).click();
  await expect(page.frameLocator('iframe.site-frame').locator('[data-slot="s0"][data-sw-edit]')).toBeAttached();
}

function siteFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame() && new URL(f.url()).pathname === FIXTURE);
  if (!frame) throw new Error(`no frame showing ${FIXTURE}`);
  return frame;
}

/** The Admin API takes changes only from the editor's origin, as a browser's fetch sends it. */
const origin = () => new URL(test.info().project.use.baseURL!).origin;

type Content = { kind: 'html' | 'text'; body: string; attrs?: Record<string, string> };

/** A draft with one live campaign per slot of the fixture page, each showing `contents[i]` to everyone. */
async function seedDraft(request: APIRequestContext, contents: Record<string, Content>): Promise<{ live: number | null }> {
  const state = await (await request.get('/__sw/admin/draft')).json();
  const draft = state.draft as SiteConfigInput;
  const slots = Object.keys(contents);
  const config: SiteConfigInput = {
    ...draft,
    slots: [...draft.slots.filter((s) => !slots.includes(s.name)), ...slots.map((name) => ({ name, pages: [FIXTURE] }))],
    campaigns: [
      ...draft.campaigns.filter((c) => !c.id.startsWith('xss-')),
      ...slots.map((slot, n) => ({
        id: `xss-${slot}`, name: `XSS ${slot}`, status: 'live' as const, priority: 1000 + n, slots: [slot], holdoutPct: 0,
        variants: [{ id: 'a', name: 'Payload', content: { [slot]: contents[slot]! } }],
      })),
    ],
  };
  const saved = await request.put('/__sw/admin/draft', { data: config, headers: { 'if-match': String(state.revision), origin: origin() } });
  expect(saved.status(), await saved.text()).toBe(200);
  return { live: state.live };
}

/** Each slot's elements in the frame or page: what the browser really built from the content. */
async function slotElements(frame: Frame | Page, slots: string[]): Promise<Record<string, ParsedElement[]>> {
  return frame.evaluate((names) => Object.fromEntries(names.map((name) => {
    const slot = document.querySelector(`[data-slot="${name}"]`);
    const elements = slot ? Array.from(slot.querySelectorAll('*')).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) })) : [];
    return [name, elements];
  })), slots);
}

function expectWithinPolicy(bySlot: Record<string, ParsedElement[]>, inputs: string[]): void {
  for (const [slot, elements] of Object.entries(bySlot)) {
    const input = inputs[Number(slot.slice(1))] ?? slot;
    expect(policyViolations(elements), `slot ${slot}: ${input}`).toEqual([]);
  }
}

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

/** Text as the formatted editor shows it: whitespace runs collapsed, control characters gone. */
const shown = (text: string) => text.replace(/[\u0000-\u0008\u000b-\u001f\ufffd]/g, '').replace(/\s+/g, ' ').trim();

/** The elements of the editor's formatted area (the panel) and of a slot in the frame. */
async function panelElements(page: Page): Promise<ParsedElement[]> {
  const elements = await page.evaluate(() => Array.from(document.querySelectorAll('.rich-area *')).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) })));
  // ProseMirror marks its own nodes as editable or draggable; those are the editor's, not content.
  return elements.map((e) => ({ ...e, attrs: e.attrs.filter(([name]) => name !== 'contenteditable' && name !== 'draggable') }));
}

/**
 * The elements of the editor's formatted area and of the framed hero, read at once when both show
 * `marker` (when given) as the text of their first <i>.
 */
async function panelAndFrame(page: Page, marker?: string): Promise<{ panel: ParsedElement[]; frame: ParsedElement[] }> {
  const handle = await page.waitForFunction((mark) => {
    const list = (root: ParentNode | null | undefined) => Array.from(root?.querySelectorAll('*') ?? []).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) }));
    const panel = document.querySelector('.rich-area');
    const hero = document.querySelector<HTMLIFrameElement>('iframe.site-frame')?.contentDocument?.querySelector('[data-slot="hero"]');
    // The formatted editor shows <i> as <em>.
    if (mark && (panel?.querySelector('em')?.textContent !== mark || hero?.querySelector('i')?.textContent !== mark)) return false;
    return { panel: list(panel), frame: list(hero) };
  }, marker, { polling: 50, timeout: 5000 });
  const found = (await handle.jsonValue()) as { panel: ParsedElement[]; frame: ParsedElement[] };
  // ProseMirror marks its own nodes as editable or draggable; those are the editor's, not content.
  return { ...found, panel: found.panel.map((e) => ({ ...e, attrs: e.attrs.filter(([name]) => name !== 'contenteditable' && name !== 'draggable') })) };
}

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
    expect(panel.map((e) => e.tag).filter((t) => !SCHEMA_TAGS.includes(t)), `panel: ${payload}`).toEqual([]);
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
  expect((await rich.innerText()).replace(/\n+$/, '').split('\n').map(shown)).toEqual(PAYLOADS.map(shown));
  expect((await panelAndFrame(page)).panel.map((e) => e.tag).filter((t) => t !== 'p' && t !== 'br')).toEqual([]);
  await expect(hero.locator('*:not(p):not(br)')).toHaveCount(0);

  await mode('HTML');
  expect(await html.inputValue()).not.toMatch(/<(?!\/?(p|br)>)/);
  await mode('Plain text');
  expect((await text.inputValue()).split('\n').map(shown)).toEqual(PAYLOADS.map(shown));
  await expectQuiet(page, alarms);
});

/** The elements a parser builds from each HTML string, parsed in the frame (an inert document). */
async function parsedIn(frame: Frame, htmls: string[]): Promise<ParsedElement[][]> {
  return frame.evaluate((list) => list.map((html) => Array.from(new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll('*'))
    .map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) }))), htmls);
}

/** Sends slot contents to the frame exactly as the editor does while a marketer types. */
async function applyInFrame(page: Page, contents: Record<string, { html: string; attrs?: Record<string, string> } | null>): Promise<void> {
  await page.evaluate((c) => document.querySelector<HTMLIFrameElement>('iframe.site-frame')!.contentWindow!.postMessage({ type: 'sw:apply', contents: c }, location.origin), contents);
}

async function serverSanitized(request: APIRequestContext, html: string): Promise<string> {
  const response = await request.post('/__sw/admin/sanitize', { data: { html }, headers: { origin: origin() } });
  expect(response.status()).toBe(200);
  return (await response.json()).html;
}

test('edit mode sanitizes raw HTML and attributes from the editor with the server\'s policy, and keeps what the server keeps', async ({ page }) => {
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
  const browser = await slotElements(frame, inputs.map((_, n) => slotName(n)));
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
    const parsed = await parsedIn(live.mainFrame(), stored.map(([, content]) => (content.kind === 'html' ? content.body : '')));
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
  await expect.poll(async () => {
    await load();
    return live.locator('[data-slot="s0"]').getAttribute('data-sw-v');
  }).toBe('xss-s0:a');
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
  await expect.poll(async () => {
    await load();
    return shown((await live.locator('[data-slot="s0"]').textContent()) ?? '');
  }).toBe(shown(PAYLOADS[0]!));
  for (const [slot, list] of Object.entries(await slotElements(live, payloadSlots))) expect(list, slot).toEqual([]);
  await expectQuiet(live, alarms);
  await visitor.close();
});

test('the editor runs under a strict CSP with Trusted Types: a missed HTML sink gets sanitized HTML, script sinks refuse', async ({ page }) => {
  const response = await page.goto('/__sw/editor/');
  const csp = response!.headers()['content-security-policy'] ?? '';
  for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'self'", "require-trusted-types-for 'script'", 'trusted-types default dompurify']) {
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
      newPolicy: refused(() => (window as unknown as { trustedTypes: { createPolicy(n: string, r: object): unknown } }).trustedTypes.createPolicy('mine', { createHTML: (s: string) => s })),
      scriptSrc: refused(() => (document.createElement('script').src = '/x.js')),
      scriptText: refused(() => (document.createElement('script').textContent = 'alert(3)')),
    };
  });
  expect(outcome).toEqual({ html: '<img src="x"><a>a</a><b>kept</b>', newPolicy: true, scriptSrc: true, scriptText: true });
});

test("edit mode applies the editor's content once: its own changes do not make the editor send it again", async ({ page }) => {
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
