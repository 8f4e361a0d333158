/**
 * What a rewritten slot's start tag keeps (issue 23, item 7). HTMLRewriter (lol-html) writes a
 * start tag out again as soon as an attribute is set or removed, and lol-html offers no way to
 * keep the original whitespace between attributes: the Worker must add `data-sw-v`, so a
 * decided slot's start tag has its attributes separated by single spaces. Everything else is
 * kept: each attribute's name, value and quoting, their order, the tag's case; undecided slots
 * and the rest of the page are not touched at all. docs/performance.md lists this beside the
 * other fidelity guarantees.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, stubOrigin } from '../harness.ts';

const PAGE_LOAD = { accept: 'text/html', cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' };
const SDK_TAG = /<script async src="\/__sw\/sw\.js"[^>]*><\/script>/;

// The hero is decided for ?utm_source=newsletter (fixtures.ts); the banner is not.
const HERO_TAG = `<SECTION\n  data-slot="hero"   class='hero  big' id=top hidden\tdata-x="a  b"\n>`;
const BANNER_TAG = `<div\tdata-slot="banner"\n   class = "b" >`;
const BODY = `${HERO_TAG}<h1>Default hero</h1></SECTION>\n${BANNER_TAG}Default banner</div>\n<p  class="x"\n>Footer</p>`;

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(BODY)));
});
afterEach(() => vi.restoreAllMocks());

describe("a rewritten slot's start tag", () => {
  it('keeps every attribute with its value and quoting, in order, separated by single spaces', async () => {
    const page = (await (await call('/?utm_source=newsletter', { headers: PAGE_LOAD })).text()).replace(SDK_TAG, '');
    const start = page.indexOf('<SECTION');
    const tag = page.slice(start, page.indexOf('>', start) + 1);
    expect(tag).toBe(`<SECTION data-slot="hero" class='hero  big' id=top hidden data-x="a  b" data-sw-v="welcome:w">`);
  });

  it('is the only change outside the slot contents and the SDK tag: undecided slots keep their spacing too', async () => {
    const page = (await (await call('/?utm_source=newsletter', { headers: PAGE_LOAD })).text()).replace(SDK_TAG, '');
    const expected = htmlPage(BODY)
      .replace(HERO_TAG, `<SECTION data-slot="hero" class='hero  big' id=top hidden data-x="a  b" data-sw-v="welcome:w">`)
      .replace('<h1>Default hero</h1>', '<h1>Hello reader from somewhere</h1>');
    expect(page).toBe(expected);
    expect(page).toContain(BANNER_TAG);
  });

  it('is left exactly as the origin wrote it when the slot is not decided', async () => {
    const page = (await (await call('/', { headers: PAGE_LOAD })).text()).replace(SDK_TAG, '');
    expect(page).toBe(htmlPage(BODY));
  });
});
