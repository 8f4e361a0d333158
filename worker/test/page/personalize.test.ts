import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig, HOME } from '../fixtures.ts';
import { call, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const GRANTED = { cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' };

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

describe('edge rendering of slots', () => {
  it('fills a slot whose audience matches and marks it with the decision', async () => {
    const page = await (await call('/?utm_source=newsletter')).text();
    expect(slot(page, 'hero')).toEqual({ html: '<h1>Hello reader from somewhere</h1>', mark: 'welcome:w' });
  });

  it('leaves slots without a decision exactly as the origin sent them', async () => {
    const page = await (await call('/')).text();
    expect(slot(page, 'hero')).toEqual({ html: '<h1>Default hero</h1>', mark: null });
    expect(slot(page, 'banner')).toEqual({ html: 'Default banner', mark: null });
    expect(page).toContain('<p>Footer</p>');
  });

  it('uses request.cf for geo and escapes text variants', async () => {
    const page = await (await call('/?utm_source=newsletter', { cf: { country: 'DE' } }, { DEV_OVERRIDES: '' })).text();
    expect(slot(page, 'banner')).toEqual({ html: 'Versand &lt;kostenlos&gt;', mark: 'ship-de:de' });
    expect(slot(page, 'hero').html).toBe('<h1>Hello reader from DE</h1>');
  });

  it('honours the dev country override and remembers it in a cookie', async () => {
    const first = await call('/?sw_country=de');
    expect(slot(await first.text(), 'banner').mark).toBe('ship-de:de');
    expect(first.headers.get('set-cookie')).toContain('sw_dev_country=DE');
    const next = await call('/', { headers: { cookie: 'sw_dev_country=DE' } });
    expect(slot(await next.text(), 'banner').mark).toBe('ship-de:de');
  });

  it('in dev mode treats the placeholder request.cf location as unknown unless overridden', async () => {
    const page = await (await call('/', { cf: { country: 'DE' } })).text();
    expect(slot(page, 'banner').mark).toBeNull();
    const cleared = await call('/?sw_country=', { headers: { cookie: 'sw_dev_country=DE' } });
    expect(slot(await cleared.text(), 'banner').mark).toBeNull();
    expect(cleared.headers.get('set-cookie')).toMatch(/^sw_dev_country=; Path=\/; Max-Age=0/);
  });

  it('ignores the dev override unless DEV_OVERRIDES is on', async () => {
    const response = await call('/?sw_country=DE', {}, { DEV_OVERRIDES: '' });
    expect(slot(await response.text(), 'banner').mark).toBeNull();
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('marks personalized pages private and drops validators that no longer describe the bytes', async () => {
    stubOrigin(() => html(htmlPage(HOME), { headers: { 'cache-control': 'public, max-age=60', etag: '"abc"', 'content-length': '999' } }));
    const response = await call('/');
    expect(response.headers.get('cache-control')).toMatch(/^private/);
    expect(response.headers.get('etag')).toBeNull();
    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('server-timing')).toMatch(/^sw-origin;dur=[\d.]+, sw-config;dur=[\d.]+, sw-decide;dur=[\d.]+;desc="config v1"$/);
  });

  it('replaces a slot whose tag arrives split across stream chunks', async () => {
    const parts = ['<!doctype html><html><head></head><body><section data-sl', 'ot="hero"><h1>Def', 'ault</h1></sect', 'ion></body></html>'];
    stubOrigin(() => {
      const encoder = new TextEncoder();
      const body = new ReadableStream({
        start(controller) {
          for (const part of parts) controller.enqueue(encoder.encode(part));
          controller.close();
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/html' } });
    });
    const page = await (await call('/?utm_source=newsletter')).text();
    expect(slot(page, 'hero').mark).toBe('welcome:w');
    expect(page.match(/Hello reader/g)).toHaveLength(1);
  });

  it('rewrites only real slots: not text inside scripts, templates or comments', async () => {
    const body = `<script>var s = '<div data-slot="hero">x</div>';</script><!-- <div data-slot="hero">c</div> --><section data-slot="hero">real</section>`;
    stubOrigin(() => html(htmlPage(body)));
    const page = await (await call('/?utm_source=newsletter')).text();
    expect(page).toContain(`var s = '<div data-slot="hero">x</div>';`);
    expect(page).toContain('<!-- <div data-slot="hero">c</div> -->');
    expect(page.match(/Hello reader/g)).toHaveLength(1);
  });

  it('only decides slots configured for the page path', async () => {
    const page = await (await call('/about?utm_source=newsletter')).text();
    expect(slot(page, 'hero').mark).toBeNull();
  });
});

describe('experiments and consent', () => {
  it('shows visitors without consent the best-known variant (the first), never the control, marked as not counted, and sets no cookie', async () => {
    const response = await call('/');
    const page = await response.text();
    expect(slot(page, 'promo')).toEqual({ html: '<b>Promo A</b>', mark: 'promo-ab:a' });
    expect(page).toMatch(/<div data-slot="promo"[^>]* data-sw-u[ =>]/);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('gives unmeasured visitors the bandit variant with the highest current weight', async () => {
    const base = siteConfig(2);
    await publish({
      ...base,
      campaigns: base.campaigns.map((c) =>
        c.id === 'promo-ab' ? { ...c, variants: c.variants.map((v) => ({ ...v, weight: v.id === 'b' ? 0.8 : 0.2 })), allocation: 'bandit' as const } : c,
      ),
    });
    resetConfigCache();
    expect(slot(await (await call('/')).text(), 'promo').mark).toBe('promo-ab:b');
  });

  it('gives a consenting visitor a stable visitor id cookie and a stable arm', async () => {
    const first = await call('/', { headers: { cookie: 'sw_consent=granted' } });
    const cookie = first.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^sw_id=[A-Za-z0-9_-]{22}; Path=\/; Max-Age=\d+; SameSite=Lax; Secure$/);
    const id = /sw_id=([^;]+)/.exec(cookie)?.[1];
    const arm = slot(await first.text(), 'promo').mark;
    for (let i = 0; i < 3; i++) {
      const again = await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${id}` } });
      expect(slot(await again.text(), 'promo').mark).toBe(arm);
      expect(again.headers.get('set-cookie')).toBeNull();
    }
  });

  it('splits consenting visitors across control and both variants', async () => {
    const seen = new Set<string | null>();
    for (let i = 0; i < 60; i++) {
      const response = await call('/', { headers: { cookie: `sw_consent=granted; sw_id=visitor-${String(i).padStart(12, '0')}` } });
      seen.add(slot(await response.text(), 'promo').mark);
    }
    expect(seen).toEqual(new Set(['promo-ab:control', 'promo-ab:a', 'promo-ab:b']));
  });

  it('treats Global Privacy Control and DNT as no consent, even with a consent cookie: the best-known variant, not counted', async () => {
    for (const signal of [{ 'sec-gpc': '1' }, { dnt: '1' }]) {
      const response = await call('/', { headers: { ...GRANTED, ...signal } });
      const page = await response.text();
      expect(slot(page, 'promo')).toEqual({ html: '<b>Promo A</b>', mark: 'promo-ab:a' });
      expect(page).toMatch(/<div data-slot="promo"[^>]* data-sw-u[ =>]/);
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });

  it('after consent buckets the visitor as before (control included) and counts them', async () => {
    const marks = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const page = await (await call('/', { headers: { cookie: `sw_consent=granted; sw_id=visitor-${String(i).padStart(12, '0')}` } })).text();
      const mark = slot(page, 'promo').mark ?? 'none';
      marks.set(mark, (marks.get(mark) ?? 0) + 1);
      expect(page).not.toMatch(/data-slot="promo"[^>]* data-sw-u/);
    }
    expect(marks.get('promo-ab:control')).toBeGreaterThan(0);
    expect(marks.get('promo-ab:b')).toBeGreaterThan(0);
  });

  it('replaces a visitor id cookie that Slotwise could not have written', async () => {
    const response = await call('/', { headers: { cookie: 'sw_consent=granted; sw_id=<script>' } });
    expect(response.headers.get('set-cookie')).toMatch(/^sw_id=[A-Za-z0-9_-]{22};/);
  });

  it('uses implied consent when the site config says so', async () => {
    resetConfigCache();
    await publish(siteConfig(2, { site: { id: 'shop', consent: 'implied' } }));
    const response = await call('/');
    expect(response.headers.get('set-cookie')).toMatch(/^sw_id=/);
    const denied = await call('/', { headers: { cookie: 'sw_consent=denied' } });
    expect(denied.headers.get('set-cookie')).toBeNull();
  });
});

describe('the SDK tag and the debug view', () => {
  it('adds the SDK tag to <head> when the page lacks it, with the CSP nonce', async () => {
    stubOrigin(() => html(htmlPage(HOME), { headers: { 'content-security-policy': "script-src 'nonce-r4nd0m' 'strict-dynamic'" } }));
    const page = await (await call('/')).text();
    expect(page).toContain('<script async src="/__sw/sw.js" nonce="r4nd0m" data-sw-edge="1" data-sw-consent="required" data-sw-geo=""></script></head>');
  });

  it('does not add a second tag when the site already has one', async () => {
    stubOrigin(() => html(htmlPage(HOME, '<script async src="/__sw/sw.js"></script>')));
    const page = await (await call('/?sw_country=FR')).text();
    expect(page.match(/\/__sw\/sw\.js/g)).toHaveLength(1);
    // The SDK learns from its tag what only the edge knows: that it rendered, the consent mode, the country.
    expect(page).toContain('<script async src="/__sw/sw.js" data-sw-edge="1" data-sw-consent="required" data-sw-geo="FR"></script>');
  });

  it('shows the decision trace only with the debug token, escaped', async () => {
    const plain = await (await call('/?utm_source=newsletter&sw_debug=wrong')).text();
    expect(plain).not.toContain('sw-debug');
    const page = await (await call('/?utm_source=newsletter&sw_debug=test-debug-token')).text();
    const json = /<script type="application\/json" id="sw-trace">([^<]*)<\/script>/.exec(page)?.[1] ?? '';
    const trace = JSON.parse(json) as { version: number; trace: { campaign: string; outcome: string; reason: string }[] };
    expect(trace.version).toBe(1);
    expect(trace.trace).toContainEqual({ campaign: 'ship-de', outcome: 'skipped', reason: 'audience "de" does not match' });
    expect(trace.trace.find((t) => t.campaign === 'welcome')?.outcome).toBe('variant');
  });

  it('names, in the debug view, decided slots the page has no element for (a misspelt data-slot)', async () => {
    const misspelt = HOME.replace('data-slot="hero"', 'data-slot="heros"');
    stubOrigin(() => html(htmlPage(`${misspelt}<template><section data-slot="hero">inert</section></template>`)));
    const page = await (await call('/?utm_source=newsletter&sw_debug=test-debug-token')).text();
    const trace = JSON.parse(/<script type="application\/json" id="sw-trace">([^<]*)<\/script>/.exec(page)?.[1] ?? '') as { slots: Record<string, unknown>; missing: string[] };
    expect(Object.keys(trace.slots)).toContain('hero');
    expect(trace.missing).toEqual(['hero']); // the copy inside <template> is not on the page
    expect(page).toContain('Decided but not on this page (check the <code>data-slot</code> spelling): hero</p>');
    stubOrigin(() => html(htmlPage(HOME)));
    const fine = await (await call('/?utm_source=newsletter&sw_debug=test-debug-token')).text();
    expect(JSON.parse(/id="sw-trace">([^<]*)</.exec(fine)?.[1] ?? '').missing).toEqual([]);
    expect(fine).not.toContain('Decided but not on this page');
  });

  it('never echoes the query string into the page unescaped', async () => {
    await publish(
      siteConfig(3, {
        campaigns: [
          {
            id: 'echo',
            name: 'Echo',
            status: 'live',
            priority: 1,
            slots: ['hero'],
            variants: [{ id: 'e', name: 'E', content: { hero: { kind: 'html', body: '<p>{{page.query.q | none}} {{utm.source}}</p>' } } }],
          },
        ],
      }),
    );
    resetConfigCache();
    const page = await (await call('/?q=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&utm_source=%22%3E%3Cscript%3E&sw_debug=test-debug-token')).text();
    expect(slot(page, 'hero').html).toBe('<p>&lt;img src=x onerror=alert(1)&gt; &quot;&gt;&lt;script&gt;</p>');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('"><script>');
  });
});
