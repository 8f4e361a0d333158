/**
 * Element slots at the edge: a fresh visitor's raw HTML carries each kind of change to an element
 * picked by selector (no data-slot in the page), marked for exposures like a declared slot; a
 * selector that matches nothing changes nothing; and the edge counts selector health.
 */
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import type { SiteConfigInput } from '@slotwise/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { resetSlotHealth } from '../../src/page/slot-health.ts';
import worker from '../../src/index.ts';
import { call, env, html, htmlPage, publish, stubOrigin } from '../harness.ts';
import { testConfig } from '../../../packages/core/src/testing.ts';

type Content = SiteConfigInput['campaigns'][number]['variants'][number]['content'][string];
type SlotInput = SiteConfigInput['slots'][number];

const PRODUCT = `<main class="product"><h1 class="product-title">Trail runner</h1>
<img class="hero" src="/img/trail.png" alt="Trail runner">
<p class="price" style="margin: 0">€120</p>
<ul class="features"><li>Light</li><li>Grippy</li><li>Cheap</li></ul>
<a class="buy" href="/cart/add">Buy</a></main><footer><p>© Shop</p></footer>`;

/** One live campaign for everyone on `/p/*` changing the element `selector` picks. */
function elementCampaign(selector: string, content: Content, slot: Partial<SlotInput> = {}, audience?: string): SiteConfigInput {
  return testConfig({
    slots: [{ name: 'picked', selector, pages: ['/p/*'], ...slot }],
    audiences: [{ id: 'fr', name: 'France', condition: { 'geo.country': 'FR' } }],
    campaigns: [
      {
        id: 'el',
        name: 'Element',
        status: 'live',
        priority: 1,
        ...(audience ? { audience } : {}),
        slots: ['picked'],
        variants: [{ id: 'v', name: 'V', content: { picked: content } }],
      },
    ],
  });
}

const page = async (path = '/p/trail-runner', query = '') => (await call(`${path}${query}`)).text();

beforeEach(() => {
  resetConfigCache();
  resetSlotHealth();
  stubOrigin(() => html(htmlPage(PRODUCT)));
});
afterEach(() => vi.restoreAllMocks());

describe('element slots at the edge', () => {
  it('replace the text of an element picked by selector, marked like a declared slot', async () => {
    await publish(elementCampaign('main h1.product-title', { kind: 'text', body: 'Le coureur <trail>' }));
    const body = await page();
    expect(body).toContain('<h1 class="product-title" data-slot="picked" data-sw-v="el:v" data-sw-u="">Le coureur &lt;trail&gt;</h1>');
  });

  it('apply only where the page pattern matches, and only for the audience', async () => {
    await publish(elementCampaign('h1.product-title', { kind: 'text', body: 'Bonjour' }, {}, 'fr'));
    expect(await page('/p/trail-runner', '?sw_country=FR')).toContain('>Bonjour</h1>');
    expect(await page('/p/city-sneaker', '?sw_country=FR')).toContain('>Bonjour</h1>');
    expect(await page('/p/trail-runner', '?sw_country=DE')).toContain('>Trail runner</h1>');
    expect(await page('/about', '?sw_country=FR')).toContain('>Trail runner</h1>');
  });

  it('replace HTML, hide, and insert before and after', async () => {
    await publish(elementCampaign('p.price', { kind: 'html', body: '<b>€99</b>' }));
    expect(await page()).toContain('<p class="price" style="margin: 0" data-slot="picked" data-sw-v="el:v" data-sw-u=""><b>€99</b></p>');
    resetConfigCache();
    await publish({ ...elementCampaign('p.price', { kind: 'hide', body: '' }), version: 2 });
    expect(await page()).toContain('<p class="price" style="margin: 0; display: none !important" data-slot="picked" data-sw-v="el:v" data-sw-u="">€120</p>');
    resetConfigCache();
    await publish({ ...elementCampaign('p.price', { kind: 'before', body: '<p class="sale">Sale!</p>' }), version: 3 });
    expect(await page()).toContain('<p class="sale">Sale!</p><p class="price" style="margin: 0" data-slot="picked" data-sw-v="el:v" data-sw-u="">€120</p>');
    resetConfigCache();
    await publish({ ...elementCampaign('p.price', { kind: 'after', body: '<p>Free returns</p>' }), version: 4 });
    expect(await page()).toContain('data-sw-u="">€120</p><p>Free returns</p>');
  });

  it('swap an image (src, srcset, alt) and a link, and set styles and a class', async () => {
    await publish(elementCampaign('img.hero', { kind: 'keep', body: '', attrs: { src: '/img/fr.png', srcset: '/img/fr.png 1x, /img/fr@2x.png 2x', alt: 'Coureur' } }));
    expect(await page()).toContain(
      '<img class="hero" src="/img/fr.png" alt="Coureur" data-slot="picked" srcset="/img/fr.png 1x, /img/fr@2x.png 2x" data-sw-v="el:v" data-sw-u="">',
    );
    resetConfigCache();
    await publish({
      ...elementCampaign('a.buy', { kind: 'keep', body: '', attrs: { href: '/cart/add?promo=fr' }, style: { color: '#c00', 'font-weight': 'bold' }, addClass: 'pulse' }),
      version: 2,
    });
    expect(await page()).toContain(
      '<a class="buy pulse" href="/cart/add?promo=fr" data-slot="picked" style="color: #c00; font-weight: bold" data-sw-v="el:v" data-sw-u="">Buy</a>',
    );
  });

  it('change the first match only, unless the slot asks for all matches', async () => {
    await publish(elementCampaign('ul.features > li', { kind: 'text', body: 'X' }));
    expect(await page()).toMatch(/<li data-slot="picked" data-sw-v="el:v" data-sw-u="">X<\/li><li>Grippy<\/li><li>Cheap<\/li>/);
    resetConfigCache();
    await publish({ ...elementCampaign('ul.features > li', { kind: 'text', body: 'X' }, { match: 'all' }), version: 2 });
    expect((await page()).match(/data-sw-v="el:v" data-sw-u="">X<\/li>/g)).toHaveLength(3);
  });

  it('change nothing when the selector matches nothing: the page is as the origin sent it but for the SDK tag and marker', async () => {
    await publish(elementCampaign('h2.gone', { kind: 'text', body: 'X' }));
    const body = await page();
    expect(body).toContain(PRODUCT);
    expect(body).not.toContain('data-sw-v');
  });

  it('mark counted visitors for exposures (no data-sw-u) and record no change inside <template>', async () => {
    stubOrigin(() => html(htmlPage(`<template><h1 class="product-title">In template</h1></template>${PRODUCT}`)));
    await publish(elementCampaign('h1.product-title', { kind: 'text', body: 'Changed' }));
    const response = await call('/p/trail-runner', { headers: { cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' } });
    const body = await response.text();
    expect(body).toContain('<template><h1 class="product-title">In template</h1></template>');
    expect(body).toContain('<h1 class="product-title" data-slot="picked" data-sw-v="el:v">Changed</h1>');
  });

  it('add the SDK marker on pages whose pattern has element slots, and the decide chunk when a decided slot was not in the HTML', async () => {
    await publish(elementCampaign('h1.product-title', { kind: 'text', body: 'Changed' }));
    const found = await page();
    expect(found).toContain('<template data-slot="_sw"></template></body>');
    expect(found).not.toContain('sw-decide.mjs');
    stubOrigin(() => html(htmlPage('<div id="root"></div>')));
    expect(await page()).toContain('<template data-slot="_sw"></template><script type="module" src="/__sw/sw-decide.mjs"></script></body>');
  });

  // Issue 19: the marker made every page of the site load the decide chunk. A page no element
  // slot's pattern matches only says, on the SDK tag, that an SPA route change may need it.
  it("leave the marker and the decide chunk off pages no element slot's pattern matches; their SDK tag says the site has element slots", async () => {
    await publish(elementCampaign('h1.product-title', { kind: 'text', body: 'Changed' }));
    const other = await page('/about');
    expect(other).not.toContain('data-slot="_sw"');
    expect(other).not.toContain('sw-decide.mjs');
    expect(other).toMatch(/<script async src="\/__sw\/sw.js"[^>]* data-sw-el=""><\/script>/);
    expect(await page()).toContain(' data-sw-el=""></script>');
  });

  it('leave pages of a site without element slots without the marker', async () => {
    await publish(testConfig({ campaigns: [] }));
    const body = await page();
    expect(body).not.toContain('data-slot="_sw"');
    expect(body).not.toContain('data-sw-el');
  });
});

describe('selector health', () => {
  const KEY = { authorization: 'Bearer test-admin-password' };
  /** A page load whose background work (the health write at the page's end) is awaited. */
  async function load(path: string): Promise<void> {
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request(`https://shop.test${path}`) as Request<unknown, IncomingRequestCfProperties>, env, ctx);
    await response.text();
    await waitOnExecutionContext(ctx);
  }
  const clear = () => runInDurableObject(env.EVENTS.get(env.EVENTS.idFromName('shop')), (_, state) => void state.storage.sql.exec('DELETE FROM slot_health'));

  it('counts page loads where the pattern matched and where the selector found nothing, per slot and UTC day', async () => {
    await clear();
    await publish(elementCampaign('h1.product-title', { kind: 'text', body: 'X' }));
    await load('/p/a');
    // Within the write interval, counts wait in the isolate for the next write.
    await load('/p/b');
    stubOrigin(() => html(htmlPage('<h2>Redesigned</h2>')));
    await load('/p/c');
    await load('/about');
    resetSlotHealth();
    const today = new Date().toISOString().slice(0, 10);
    const health = await (await call('/__sw/admin/slots/health', { headers: KEY })).json();
    expect(health).toEqual({ slots: [{ slot: 'picked', days: [{ day: today, loads: 1, missing: 0 }] }] });
    vi.spyOn(Date, 'now').mockReturnValue(Date.parse(`${today}T23:59:00Z`));
    await load('/p/d');
    const later = await (await call('/__sw/admin/slots/health', { headers: KEY })).json();
    expect(later).toEqual({ slots: [{ slot: 'picked', days: [{ day: today, loads: 2, missing: 1 }] }] });
  });

  it('looks for a slot no campaign decided for this visitor on a sample of page loads only, and counts its health on those', async () => {
    await clear();
    // Its own slot name: a write another test left in the background cannot add to its counts.
    const config = elementCampaign('h1.product-title', { kind: 'text', body: 'X' }, {}, 'fr');
    await publish({
      ...config,
      slots: [{ name: 'sampled', selector: 'h1.product-title', pages: ['/p/*'] }],
      campaigns: config.campaigns.map((c) => ({ ...c, slots: ['sampled'], variants: [{ id: 'v', name: 'V', content: { sampled: { kind: 'text', body: 'X' } } }] })),
    });
    // Each load writes its counts at once (a fresh isolate's first write).
    const loadAndWrite = async (path: string) => {
      resetSlotHealth();
      await load(path);
    };
    const random = vi.spyOn(Math, 'random').mockReturnValue(0.5);
    await loadAndWrite('/p/a?sw_country=DE');
    await loadAndWrite('/p/b?sw_country=DE');
    // Sampled (one load in HEALTH_SAMPLE): looked for, found, counted.
    random.mockReturnValue(0.05);
    await loadAndWrite('/p/c?sw_country=DE');
    stubOrigin(() => html(htmlPage('<h2>Redesigned</h2>')));
    await loadAndWrite('/p/d?sw_country=DE');
    // Decided for this visitor: always looked for, whatever the sample says.
    random.mockReturnValue(0.5);
    stubOrigin(() => html(htmlPage(PRODUCT)));
    await loadAndWrite('/p/e?sw_country=FR');
    const today = new Date().toISOString().slice(0, 10);
    const { slots } = (await (await call('/__sw/admin/slots/health', { headers: KEY })).json()) as { slots: { slot: string }[] };
    expect(slots.filter((s) => s.slot === 'sampled')).toEqual([{ slot: 'sampled', days: [{ day: today, loads: 3, missing: 1 }] }]);
  });

  it('is for signed-in users only', async () => {
    expect((await call('/__sw/admin/slots/health')).status).toBe(401);
  });
});

describe('two element slots on the same element', () => {
  const KEY = { authorization: 'Bearer test-admin-password' };
  /** Slots `a` (h1.product-title) and `b` (main h1), both on the product title, each changed by its own campaign for everyone. */
  function twoOnTheTitle(a: Content, b: Content, [nameA, nameB] = ['a', 'b']): SiteConfigInput {
    const campaign = (id: string, slot: string, content: Content) => ({
      id,
      name: id,
      status: 'live' as const,
      priority: 1,
      slots: [slot],
      variants: [{ id: 'v', name: 'V', content: { [slot]: content } }],
    });
    return testConfig({
      slots: [
        { name: nameA, selector: 'h1.product-title', pages: ['/p/*'] },
        { name: nameB, selector: 'main h1', pages: ['/p/*'] },
      ],
      campaigns: [campaign('ca', nameA, a), campaign('cb', nameB, b)],
    });
  }

  it('both apply, in config order, and the element carries both marks for exposures', async () => {
    await publish(twoOnTheTitle({ kind: 'text', body: 'Nouveau' }, { kind: 'keep', body: '', style: { color: '#c00' } }));
    expect(await page()).toContain('<h1 class="product-title" data-slot="a b" data-sw-v="ca:v cb:v" data-sw-u="" style="color: #c00">Nouveau</h1>');
  });

  it('leave out the later change where it would replace what the earlier one set, and count neither as missing', async () => {
    await runInDurableObject(env.EVENTS.get(env.EVENTS.idFromName('shop')), (_, state) => void state.storage.sql.exec('DELETE FROM slot_health'));
    // Their own slot names: a write another test left in the background cannot add to their counts.
    await publish(twoOnTheTitle({ kind: 'text', body: 'Premier' }, { kind: 'text', body: 'Second' }, ['first', 'second']));
    const ctx = createExecutionContext();
    const response = await worker.fetch(new Request('https://shop.test/p/trail-runner') as Request<unknown, IncomingRequestCfProperties>, env, ctx);
    expect(await response.text()).toContain('<h1 class="product-title" data-slot="first" data-sw-v="ca:v" data-sw-u="">Premier</h1>');
    await waitOnExecutionContext(ctx);
    resetSlotHealth();
    const today = new Date().toISOString().slice(0, 10);
    const { slots } = (await (await call('/__sw/admin/slots/health', { headers: KEY })).json()) as { slots: { slot: string }[] };
    expect(slots.filter((s) => s.slot === 'first' || s.slot === 'second')).toEqual([
      { slot: 'first', days: [{ day: today, loads: 1, missing: 0 }] },
      { slot: 'second', days: [{ day: today, loads: 1, missing: 0 }] },
    ]);
  });
});

describe('element slot content on write', () => {
  it('sanitizes HTML inserted before or after an element, and drops an unsafe or tokenized srcset', async () => {
    const { sanitizeContent } = await import('../../src/admin/sanitize.ts');
    for (const kind of ['before', 'after'] as const) {
      const removed: { path: string; removed: string[] }[] = [];
      const clean = sanitizeContent({ kind, body: '<p onclick="steal()">Hi<script>x()</script></p>' }, 'c', removed, []);
      expect(clean.body).toBe('<p>Hi</p>');
      expect(removed).toHaveLength(1);
    }
    for (const srcset of ['/a.png 1x, javascript:alert(1) 2x', '{{utm.source}} 1x']) {
      const removed: { path: string; removed: string[] }[] = [];
      expect(sanitizeContent({ kind: 'keep', body: '', attrs: { srcset, alt: 'A' } }, 'c', removed, []).attrs).toEqual({ alt: 'A' });
    }
  });
});

describe('every kind of change on a declared slot', () => {
  it('hides a data-slot element or inserts beside it, like an element slot', async () => {
    stubOrigin(() => html(htmlPage('<div data-slot="promo">Default promo</div>')));
    await publish(
      testConfig({
        slots: [{ name: 'promo' }],
        campaigns: [{ id: 'c', name: 'C', status: 'live', priority: 1, slots: ['promo'], variants: [{ id: 'v', name: 'V', content: { promo: { kind: 'hide', body: '' } } }] }],
      }),
    );
    expect(await page('/')).toContain('<div data-slot="promo" style="display: none !important" data-sw-v="c:v" data-sw-u="">Default promo</div>');
  });
});
