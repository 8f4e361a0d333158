/**
 * A browser's page load is decided while the origin works on it (page/handle.ts, page/decide.ts):
 * the decision must start before the origin answers, give the same page as deciding afterwards,
 * and have no effect when the answer turns out not to be a page.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const NAVIGATION = { 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };
const GRANTED = 'sw_consent=granted; sw_id=visitor-pageload-00001';
let version = 900;

beforeEach(() => resetConfigCache());
afterEach(() => vi.restoreAllMocks());

/**
 * A CONFIG binding that reports its first read, and an origin that answers only once the config
 * was read or 200 ms have passed: whether the Worker read the config while the origin was still
 * working shows in `readFirst`.
 */
function watchOrder() {
  let kvRead!: () => void;
  const read = new Promise<void>((resolve) => (kvRead = resolve));
  const config = {
    get: (key: string, type?: 'text') => {
      kvRead();
      return env.CONFIG.get(key, type as never);
    },
    getWithMetadata: (key: string, type?: 'arrayBuffer') => {
      kvRead();
      return env.CONFIG.getWithMetadata(key, type as never);
    },
  } as unknown as KVNamespace;
  const order = { readFirst: false };
  stubOrigin(async () => {
    order.readFirst = await Promise.race([read.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 200))]);
    return html(htmlPage(HOME));
  });
  return { config, order };
}

describe('page loads', () => {
  it('are decided while the origin is still working on the page', async () => {
    await publish(siteConfig(++version));
    const { config, order } = watchOrder();
    const page = await (await call('/?utm_source=newsletter', { headers: { ...NAVIGATION, cookie: GRANTED } }, { CONFIG: config })).text();
    expect(order.readFirst).toBe(true);
    expect(slot(page, 'hero').mark).toBe('welcome:w');
  });

  it('but requests that are not page loads (fetch calls, assets) only pay for a decision once the answer is HTML', async () => {
    await publish(siteConfig(++version));
    const { config, order } = watchOrder();
    const page = await (await call('/?utm_source=newsletter', { headers: { accept: '*/*', cookie: GRANTED } }, { CONFIG: config })).text();
    expect(order.readFirst).toBe(false);
    expect(slot(page, 'hero').mark).toBe('welcome:w');
  });

  it('get the same page, cookies and decision header as deciding after the origin answered', async () => {
    await publish(siteConfig(++version));
    stubOrigin(() => html(htmlPage(HOME)));
    const early = await call('/?utm_source=newsletter', { headers: { ...NAVIGATION, cookie: 'sw_consent=granted' } });
    const late = await call('/?utm_source=newsletter', { headers: { accept: '*/*', cookie: 'sw_consent=granted' } });
    const earlyPage = await early.text();
    const latePage = await late.text();
    for (const name of ['hero', 'banner']) expect(slot(earlyPage, name)).toEqual(slot(latePage, name));
    const decided = (r: Response) => r.headers.get('x-slotwise')?.replace(/; config \w+$/, ''); // the first read is "fresh", later ones "cached"
    expect(decided(early)).toBe(decided(late));
    const names = (r: Response) =>
      r.headers
        .getAll('set-cookie')
        .map((c) => c.split('=')[0])
        .sort();
    expect(names(early)).toEqual(names(late));
    expect(names(early)).toContain('sw_id'); // a new visitor id, decided early, is still set
  });

  it('are rewritten by a rewriter built before the answer, which still gives the SDK tag the answer’s CSP nonce', async () => {
    await publish(siteConfig(++version));
    stubOrigin(() => html(htmlPage(HOME), { headers: { 'content-security-policy': "script-src 'nonce-p4geL0ad' 'strict-dynamic'" } }));
    const page = await (await call('/', { headers: NAVIGATION })).text();
    expect(page).toMatch(/<script async src="\/__sw\/sw.js" nonce="p4geL0ad" data-sw-edge="\d+"[^>]*><\/script><\/head>/);
  });

  it('ask the origin for the whole page, so a copy the browser cached while it was bypassed is not kept by a 304', async () => {
    // A copy cached with the origin's ETag (before the first publish, say); then something is published.
    await publish(siteConfig(++version));
    const seen = stubOrigin((request) =>
      request.headers.has('if-none-match') || request.headers.has('if-modified-since')
        ? new Response(null, { status: 304, headers: { etag: '"home"' } })
        : html(htmlPage(HOME), { headers: { etag: '"home"', 'last-modified': 'Tue, 01 Dec 2026 08:00:00 GMT' } }),
    );
    const validators = { 'if-none-match': '"home"', 'if-modified-since': 'Tue, 01 Dec 2026 08:00:00 GMT' };
    const reload = await call('/?utm_source=newsletter', { headers: { ...NAVIGATION, ...validators, cookie: GRANTED } });
    expect(reload.status).toBe(200);
    expect(slot(await reload.text(), 'hero').mark).toBe('welcome:w');
    expect(seen[0]!.headers.has('if-none-match')).toBe(false);
    // Other requests (assets, fetch calls) keep their validators and their 304s.
    const asset = await call('/?utm_source=newsletter', { headers: { accept: '*/*', ...validators, cookie: GRANTED } });
    expect(asset.status).toBe(304);
  });

  it('have no effect when the answer is not a page: a JSON answer at a goal path counts no conversion', async () => {
    const site = `pageload-goal-${++version}`;
    const THANKS: SiteConfigInput['campaigns'][number] = {
      id: 'thanks',
      name: 'Thanks',
      status: 'live',
      priority: 1,
      slots: ['hero'],
      goal: { type: 'page', path: '/thanks' },
      holdoutPct: 50,
      variants: [{ id: 't', name: 'T', content: { hero: { kind: 'text', body: 'Hi' } } }],
    };
    await publish(siteConfig(version, { site: { id: site }, campaigns: [THANKS] }));
    const cookie = 'sw_consent=granted; sw_id=visitor-pageload-goal1';
    await call('/__sw/collect', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ events: [{ id: 'pageload-exposure-1', type: 'exposure', ts: Date.now() - 1000, props: { campaign: 'thanks', variant: 't', slot: 'hero' } }] }),
    });
    const converted = async () => {
      const results = (await (await call('/__sw/admin/results/thanks', { headers: { authorization: 'Bearer test-admin-password' } })).json()) as {
        arms: { id: string; converted: number }[];
      };
      return results.arms.find((a) => a.id === 't')?.converted;
    };
    stubOrigin(() => Response.json({ ok: true }));
    const json = await call('/thanks', { headers: { ...NAVIGATION, cookie } });
    expect(json.headers.get('content-type')).toContain('application/json');
    expect(await converted()).toBe(0);
    stubOrigin(() => html(htmlPage(HOME)));
    await call('/thanks', { headers: { ...NAVIGATION, cookie } });
    expect(await converted()).toBe(1);
  });
});
