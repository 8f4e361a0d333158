/**
 * Tokens cannot smuggle markup (issue 16): the Admin API refuses a token that is not wholly in
 * text or an attribute value, and a URL whose scheme a token could choose; pages and the Decide
 * API render tokens as text and check every URL after filling, even for a config that slipped
 * past the write path. Checked with a real HTML parser (htmlparser2) and the runtime's own URL
 * parser, against the repros and OWASP's published payloads.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { ALLOWED_TAGS, URL_ATTRIBUTES, URL_SCHEMES } from '@slotwise/core/sanitize';
import type { Element } from 'domhandler';
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import payloadList from '../../../packages/core/test-vectors/xss-token-payloads.json';
import { testConfig } from '../../../packages/core/src/testing.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { call, html, htmlPage, publish, stubOrigin, resetPublishedState } from '../harness.ts';

const ADMIN = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
const DECIDE = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const PAYLOADS = payloadList.payloads;

const BREAKOUT = '<img title="{{q.q|">}}<b title=" onerror=alert(document.domain) src=x x=">y</b>';
const SPLIT_SCHEME = '<a href="java{{q.q}}script:alert(1)">go</a>';
const QUERY_SCHEME = '<a href="&#1;{{page.query.u}}">go</a>';

/** One live campaign filling slots s0…sN with these bodies (and slot attributes). */
function slotsConfig(bodies: readonly string[], version = 1, attrs: Record<string, string>[] = []): SiteConfigInput {
  const names = bodies.map((_, i) => `s${i}`);
  const content = (i: number) => ({ kind: 'html' as const, body: bodies[i]!, ...(attrs[i] ? { attrs: attrs[i] } : {}) });
  // A campaign fills at most 20 slots.
  const groups = Array.from({ length: Math.ceil(names.length / 20) }, (_, g) => names.slice(g * 20, g * 20 + 20));
  return testConfig({
    version,
    slots: names.map((name) => ({ name })),
    campaigns: groups.map((slots, g) => ({
      id: `tokens-${g}`,
      name: `Tokens ${g}`,
      status: 'live' as const,
      priority: 1,
      slots,
      variants: [{ id: 'v', name: 'V', content: Object.fromEntries(slots.map((name) => [name, content(Number(name.slice(1)))])) }],
    })),
  });
}

const origin = (count: number) => htmlPage(Array.from({ length: count }, (_, i) => `<a data-slot="s${i}" href="/default">default ${i}</a>`).join(''));

const admin = (path: string, method: string, body: unknown) => call(`/__sw/admin${path}`, { method, headers: ADMIN, body: JSON.stringify(body) });

async function publishLegacy(bodies: readonly string[], version: number, attrs: Record<string, string>[] = []): Promise<void> {
  await publish(slotsConfig(bodies, version, attrs));
  resetConfigCache();
  stubOrigin(() => html(origin(bodies.length)));
}

/**
 * What a browser would run in the slots of this page: event handlers, style attributes,
 * elements outside the allow-list, and URL attributes whose value the runtime's URL parser
 * resolves to another scheme, or to another host without naming an allowed scheme.
 */
function dangers(page: string): string[] {
  const found: string[] = [];
  const document = parseDocument(page, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  for (const slot of DomUtils.findAll((el) => el.attribs['data-slot'] !== undefined, document.children)) {
    for (const el of [slot, ...DomUtils.findAll(() => true, slot.children)]) found.push(...elementDangers(el, el === slot));
  }
  return found;
}

function elementDangers(el: Element, isSlot: boolean): string[] {
  const found: string[] = [];
  if (!isSlot && !ALLOWED_TAGS.includes(el.name)) found.push(`<${el.name}>`);
  for (const [name, value] of Object.entries(el.attribs)) {
    if (name.startsWith('on') || name === 'style') found.push(`${name} on <${el.name}>`);
    if (!URL_ATTRIBUTES.includes(name)) continue;
    const urls = name === 'srcset' ? value.split(/[\s,]+/).filter((u) => u !== '' && !/^\d+(\.\d+)?[wx]$/.test(u)) : [value];
    for (const url of urls) if (!safeByUrlParser(url)) found.push(`${name}="${value}" on <${el.name}>`);
  }
  return found;
}

function safeByUrlParser(url: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(url, 'https://shop.test/page');
  } catch {
    return true; // a URL that does not parse leads nowhere
  }
  if (!URL_SCHEMES.includes(resolved.protocol.slice(0, -1))) return false;
  const explicit = /^[\s\u0000-\u001f]*[a-z][a-z0-9+.-]*:/i.test(url);
  return explicit || resolved.host === 'shop.test';
}

beforeEach(async () => {
  await resetPublishedState();
});
afterEach(() => vi.restoreAllMocks());

describe('writing: tokens are checked where they stand', () => {
  it('/__sw/admin/sanitize refuses a token whose fallback closes its attribute, with a 400 saying why', async () => {
    const response = await admin('/sanitize', 'POST', { html: BREAKOUT });
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: string };
    expect(error).toMatch(/^html: a \{\{token\}\} may only stand in text or inside an attribute value, and its fallback is plain text: \{\{q\.q\|">\}\}/);
  });

  it('PUT /draft refuses the same body, naming the variant, and stores nothing', async () => {
    const response = await admin('/draft', 'PUT', slotsConfig(['<p>fine {{q.q}}</p>', BREAKOUT]));
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(
      /^campaigns\[0\]\.variants\[0\]\.content\.s1\.body: a \{\{token\}\} may only stand in text or inside an attribute value/,
    );
    const draft = (await (await call('/__sw/admin/draft', { headers: ADMIN })).json()) as { revision: number };
    expect(draft.revision).toBe(0);
  });

  it.each([
    ['a tag name', '<p{{q.q}}>x</p>'],
    ['an attribute name', '<p {{q.q}}="1">x</p>'],
    ['a comment', '<p>x</p><!-- {{q.q}} -->'],
    ['a script', '<script>var a = "{{q.q}}"</script>'],
  ])('refuses a token in %s', async (_, body) => {
    const response = await admin('/sanitize', 'POST', { html: body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toContain('never in a tag or attribute name, a comment or a script: {{q.q}}');
  });

  it('removes a URL whose scheme a token could choose, and says so; keeps tokens after a settled start', async () => {
    const body = `${SPLIT_SCHEME}${QUERY_SCHEME}<a href="/search?q={{utm.term}}" title="{{q.q | a &quot;b&quot;}}">s</a>`;
    const response = await admin('/draft', 'PUT', slotsConfig([body]));
    expect(response.status).toBe(200);
    const { draft, removed } = (await response.json()) as { draft: SiteConfigInput; removed: { removed: string[] }[] };
    expect(draft.campaigns[0]!.variants[0]!.content.s0!.body).toBe('<a>go</a><a>go</a><a href="/search?q={{utm.term}}" title="{{q.q | a &quot;b&quot;}}">s</a>');
    expect(removed[0]!.removed).toEqual(['href="java{{q.q}}script:alert(1)" on <a>', 'href="\u0001{{page.query.u}}" on <a>']);
  });

  it('removes slot URL attributes a token could point elsewhere', async () => {
    const response = await admin(
      '/draft',
      'PUT',
      slotsConfig(['x', 'y', 'z'], 1, [{ href: 'java{{q.q}}script:alert(1)' }, { href: '&#1;{{page.query.u}}' }, { href: '/{{page.query.u}}' }]),
    );
    const { draft } = (await response.json()) as { draft: SiteConfigInput };
    expect(Object.values(draft.campaigns[0]!.variants[0]!.content).map((c) => c.attrs)).toEqual([{}, {}, {}]);
  });
});

describe('rendering: a stored config that slipped past the checks still renders safely', () => {
  const legacy = [BREAKOUT, SPLIT_SCHEME, QUERY_SCHEME, '<img srcset="/a.jpg 1x, {{page.query.u}} 2x" alt="">'];
  const legacyAttrs = [{}, { href: 'java{{q.q}}script:alert(1)' }, { href: '&#1;{{page.query.u}}' }, { href: '/{{page.query.u}}' }];

  it('on the page, with the visitor choosing the payload through the query string', async () => {
    await publishLegacy(legacy, 2, legacyAttrs);
    for (const u of ['javascript:alert(document.domain)', '/evil.example/x', ' JAVASCRIPT:alert(1)', 'java%09script:alert(1)']) {
      const page = await (await call(`/?u=${encodeURIComponent(u)}&q=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
      expect(dangers(page), u).toEqual([]);
      expect(page).toContain(BREAKOUT); // the breakout token stays literal: what the sanitizer checked
    }
  });

  it('in the Decide API', async () => {
    await publishLegacy(legacy, 2, legacyAttrs);
    const response = await call('/__sw/decide', {
      method: 'POST',
      headers: DECIDE,
      body: JSON.stringify({ context: { path: '/', query: { u: 'javascript:alert(document.domain)', q: '"><script>alert(1)</script>' } } }),
    });
    const answer = (await response.json()) as { slots: Record<string, { content: { html: string; attrs: Record<string, string> } }> };
    const rendered = Object.entries(answer.slots).map(([name, s]) => {
      const attrs = Object.entries(s.content.attrs)
        .map(([k, v]) => ` ${k}="${v.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`)
        .join('');
      return `<div data-slot="${name}"${attrs}>${s.content.html}</div>`;
    });
    expect(rendered).toHaveLength(4);
    expect(dangers(rendered.join(''))).toEqual([]);
  });
});

describe("OWASP's XSS payloads, as token fallbacks and as query-string values", () => {
  const positions = (token: string) => [
    `<p>${token}</p>`,
    `<p title="${token}">t</p>`,
    `<a href="/search?q=${token}">s</a>`,
    `<a href="${token}">s</a>`,
    `<img src="https://cdn.example/${token}" alt="${token}" srcset="/a.jpg 1x, /b/${token} 2x">`,
  ];

  it('as fallbacks: each is refused with a 400 or stored so that the page it renders runs nothing', async () => {
    const stored: string[] = [];
    let refused = 0;
    for (const { value } of PAYLOADS) {
      for (const body of positions(`{{page.query.none | ${value}}}`)) {
        const response = await admin('/sanitize', 'POST', { html: body });
        if (response.status === 400) {
          expect(((await response.json()) as { error: string }).error).toContain('{{token}}');
          refused++;
          continue;
        }
        expect(response.status).toBe(200);
        stored.push(((await response.json()) as { html: string }).html);
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(stored.length).toBeGreaterThan(PAYLOADS.length);
    await publishLegacy(stored, 3);
    expect(dangers(await (await call('/')).text())).toEqual([]);
  });

  it('as query-string values, on the page and in the Decide API', async () => {
    const bodies: string[] = [];
    for (const body of positions('{{page.query.q}}')) {
      const response = await admin('/sanitize', 'POST', { html: body });
      bodies.push(((await response.json()) as { html: string }).html);
    }
    // Also as a config that slipped past the write path: tokens where they could choose a scheme.
    await publishLegacy([...bodies, '<a href="{{page.query.q}}">s</a>', '<a href="&#1;{{page.query.q}}">s</a>', '<img srcset="{{page.query.q}}" alt="">'], 4, [
      { href: '{{page.query.q}}' },
      { href: '/{{page.query.q}}' },
    ]);
    for (const { name, value } of PAYLOADS) {
      const page = await (await call(`/?q=${encodeURIComponent(value)}`)).text();
      expect(dangers(page), name).toEqual([]);
      if (value.length > 200) continue; // the Decide API takes query values up to 200 characters
      const answer = (await (await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify({ context: { path: '/', query: { q: value } } }) })).json()) as {
        slots: Record<string, { content: { html: string } }>;
      };
      expect(
        dangers(
          Object.entries(answer.slots)
            .map(([slot, s]) => `<div data-slot="${slot}">${s.content.html}</div>`)
            .join(''),
        ),
        name,
      ).toEqual([]);
    }
  });
});
