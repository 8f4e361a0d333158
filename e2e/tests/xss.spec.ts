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

/** The elements of the editor's formatted area and of the framed hero, in one look. */
async function panelAndFrame(page: Page): Promise<{ panel: ParsedElement[]; frame: ParsedElement[] }> {
  const found = await page.evaluate(() => {
    const list = (root: ParentNode | null | undefined) => Array.from(root?.querySelectorAll('*') ?? []).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) }));
    const frame = document.querySelector<HTMLIFrameElement>('iframe.site-frame')?.contentDocument;
    return { panel: list(document.querySelector('.rich-area')), frame: list(frame?.querySelector('[data-slot="hero"]')) };
  });
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
  const { mode, html, rich, hero } = await newHeroCampaign(page);
  await mode('HTML');
  for (const [n, payload] of PAYLOADS.entries()) {
    // The frame shows typed HTML at once, before the server's sanitizer has answered.
    await html.fill(`<i>#${n}</i>${payload}`);
    await expect(hero.locator('i').first()).toHaveText(`#${n}`);
    await mode('Formatted');
    await expect(rich).toContainText(`#${n}`);
    const { panel, frame } = await panelAndFrame(page);
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
