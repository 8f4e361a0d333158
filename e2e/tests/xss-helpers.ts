/**
 * What the XSS suite (xss.spec.ts) uses to drive the editor and to notice a payload that ran:
 * listeners for dialogs, requests and CSP/Trusted Types refusals; a signed-in editor showing the
 * many-slots fixture; a draft seeded through the Admin API; the elements a slot really holds.
 */
import { type APIRequestContext, type Frame, type Page, expect, test } from '@playwright/test';
import { type ParsedElement, policyViolations } from '../../packages/core/src/policy-check.ts';
import xss from '../../packages/core/test-vectors/xss-payloads.json' with { type: 'json' };
import type { SiteConfigInput } from '@slotwise/core';
import { signInToEditor } from './helpers.ts';

export const PAYLOADS = xss.payloads.map((p) => p.payload);
/** The demo store's page with 120 slots (`s0`…`s119`, `link`, `image`). */
export const FIXTURE = '/fixtures/slots';
export const SLOTS = 120;

/** What a page let through: every list must stay empty. */
export interface Alarms {
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
export async function watch(page: Page): Promise<Alarms> {
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
    document.addEventListener(
      'securitypolicyviolation',
      (e) => {
        const live = e.target instanceof Element && e.target.isConnected;
        if (parseTime.has(e.effectiveDirective) && !live) return;
        console.warn(`sw-violation ${e.effectiveDirective} ${e.blockedURI} ${e.sample} on ${e.target instanceof Element ? e.target.outerHTML.slice(0, 120) : 'document'}`);
      },
      true,
    );
  });
  return alarms;
}

export async function expectQuiet(page: Page, alarms: Alarms): Promise<void> {
  // A handler that fires on load or on an image error does so within a few frames; give it time.
  await page.waitForTimeout(300);
  expect(alarms.dialogs, 'dialogs opened by content').toEqual([]);
  expect(alarms.requests, 'requests made by content').toEqual([]);
  expect(alarms.violations, 'CSP or Trusted Types violations').toEqual([]);
}

export async function signIn(page: Page, path = ''): Promise<void> {
  await signInToEditor(page, 'Mallory');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeVisible();
  if (path) await showInFrame(page, path);
}

export async function showInFrame(page: Page, path: string): Promise<void> {
  // Once the first page has reported itself, so its report does not overwrite the typed path.
  await expect(page.getByRole('button', { name: /^hero/ })).toBeVisible();
  await page.getByLabel('Page path').fill(path);
  await page.getByRole('button', { name: 'Go' }).click();
  // 120 outlined slots on a busy CI machine: more than the default 5 s, and if the frame never gets
  // there, the failure says where it is instead.
  const marked = page.frameLocator('iframe.site-frame').locator('[data-slot="s0"][data-sw-edit]');
  await marked.waitFor({ state: 'attached', timeout: 15_000 }).catch(async (error: Error) => {
    const shown = await page.locator('iframe.site-frame').evaluate((f: HTMLIFrameElement) => `src ${f.getAttribute('src')}, showing ${f.contentWindow?.location.href}`);
    throw new Error(`the frame did not show ${path} in edit mode (${shown}; address ${await page.getByLabel('Page path').inputValue()}): ${error.message}`);
  });
}

export function siteFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f !== page.mainFrame() && new URL(f.url()).pathname === FIXTURE);
  if (!frame) throw new Error(`no frame showing ${FIXTURE}`);
  return frame;
}

/** The Admin API takes changes only from the editor's origin, as a browser's fetch sends it. */
export const origin = () => new URL(test.info().project.use.baseURL!).origin;

export type Content = { kind: 'html' | 'text'; body: string; attrs?: Record<string, string> };

/** A draft with one live campaign per slot of the fixture page, each showing `contents[i]` to everyone. */
export async function seedDraft(request: APIRequestContext, contents: Record<string, Content>): Promise<{ live: number | null }> {
  const state = await (await request.get('/__sw/admin/draft')).json();
  const draft = state.draft as SiteConfigInput;
  const slots = Object.keys(contents);
  const config: SiteConfigInput = {
    ...draft,
    slots: [...draft.slots.filter((s) => !slots.includes(s.name)), ...slots.map((name) => ({ name, pages: [FIXTURE] }))],
    campaigns: [
      ...draft.campaigns.filter((c) => !c.id.startsWith('xss-')),
      ...slots.map((slot, n) => ({
        id: `xss-${slot}`,
        name: `XSS ${slot}`,
        status: 'live' as const,
        priority: 1000 + n,
        slots: [slot],
        holdoutPct: 0,
        variants: [{ id: 'a', name: 'Payload', content: { [slot]: contents[slot]! } }],
      })),
    ],
  };
  const saved = await request.put('/__sw/admin/draft', { data: config, headers: { 'if-match': String(state.revision), origin: origin() } });
  expect(saved.status(), await saved.text()).toBe(200);
  return { live: state.live };
}

/** Each slot's elements in the frame or page: what the browser really built from the content. */
export async function slotElements(frame: Frame | Page, slots: string[]): Promise<Record<string, ParsedElement[]>> {
  return frame.evaluate(
    (names) =>
      Object.fromEntries(
        names.map((name) => {
          const slot = document.querySelector(`[data-slot="${name}"]`);
          const elements = slot
            ? Array.from(slot.querySelectorAll('*')).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) }))
            : [];
          return [name, elements];
        }),
      ),
    slots,
  );
}

export function expectWithinPolicy(bySlot: Record<string, ParsedElement[]>, inputs: string[]): void {
  for (const [slot, elements] of Object.entries(bySlot)) {
    const input = inputs[Number(slot.slice(1))] ?? slot;
    expect(policyViolations(elements), `slot ${slot}: ${input}`).toEqual([]);
  }
}

/** Text as the formatted editor shows it: whitespace runs collapsed, control characters gone. */
export const shown = (text: string) =>
  text
    .replace(/[\u0000-\u0008\u000b-\u001f\ufffd]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The elements of the editor's formatted area and of the framed hero, read at once when both show
 * `marker` (when given) as the text of their first <i>.
 */
export async function panelAndFrame(page: Page, marker?: string): Promise<{ panel: ParsedElement[]; frame: ParsedElement[] }> {
  const handle = await page.waitForFunction(
    (mark) => {
      const list = (root: ParentNode | null | undefined) =>
        Array.from(root?.querySelectorAll('*') ?? []).map((el) => ({ tag: el.localName, attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]) }));
      const panel = document.querySelector('.rich-area');
      const hero = document.querySelector<HTMLIFrameElement>('iframe.site-frame')?.contentDocument?.querySelector('[data-slot="hero"]');
      // The formatted editor shows <i> as <em>.
      if (mark && (panel?.querySelector('em')?.textContent !== mark || hero?.querySelector('i')?.textContent !== mark)) return false;
      return { panel: list(panel), frame: list(hero) };
    },
    marker,
    { polling: 50, timeout: 5000 },
  );
  const found = (await handle.jsonValue()) as { panel: ParsedElement[]; frame: ParsedElement[] };
  // ProseMirror marks its own nodes as editable or draggable; those are the editor's, not content.
  return { ...found, panel: found.panel.map((e) => ({ ...e, attrs: e.attrs.filter(([name]) => name !== 'contenteditable' && name !== 'draggable') })) };
}

/** The elements a parser builds from each HTML string, parsed in the frame (an inert document). */
export async function parsedIn(frame: Frame, htmls: string[]): Promise<ParsedElement[][]> {
  return frame.evaluate(
    (list) =>
      list.map((html) =>
        Array.from(new DOMParser().parseFromString(html, 'text/html').body.querySelectorAll('*')).map((el) => ({
          tag: el.localName,
          attrs: Array.from(el.attributes).map((a) => [a.name, a.value] as [string, string]),
        })),
      ),
    htmls,
  );
}

/** Sends slot contents to the frame exactly as the editor does while a marketer types. */
export async function applyInFrame(page: Page, contents: Record<string, { html: string; attrs?: Record<string, string> } | null>): Promise<void> {
  await page.evaluate(
    (c) => document.querySelector<HTMLIFrameElement>('iframe.site-frame')!.contentWindow!.postMessage({ type: 'sw:apply', contents: c }, location.origin),
    contents,
  );
}

export async function serverSanitized(request: APIRequestContext, html: string): Promise<string> {
  const response = await request.post('/__sw/admin/sanitize', { data: { html }, headers: { origin: origin() } });
  expect(response.status()).toBe(200);
  return (await response.json()).html;
}
