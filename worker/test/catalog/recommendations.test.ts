/**
 * Recommendations end to end in workerd: a catalog loaded through the Admin API (JSON Lines, with
 * a report of rejected lines), a recommendation variant rendered into the page's HTML from the
 * visitor's items (bought items left out), viewed items added by the edge, and the Decide API
 * giving the same list as the page.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { decideSlots, renderSlot } from '@slotwise/core/decide';
import { decodeProfileCookie, emptyProfile, encodeProfileCookie } from '@slotwise/core/profile';
import { type Recommendation, decodeRecentItems } from '@slotwise/core/recommend';
import { compiledTestConfig, testContext } from '../../../packages/core/src/testing.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createExecutionContext, runInDurableObject, waitOnExecutionContext } from 'cloudflare:test';
import { resetViewCounts } from '../../src/catalog/counts.ts';
import { resetCatalogCache } from '../../src/catalog/read.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import worker from '../../src/index.ts';
import { call, env, html, htmlPage, publish, resetPublishedState, slot, stubOrigin } from '../harness.ts';

const ADMIN = { authorization: 'Bearer test-admin-password' };
const item = (id: string, category: string[], price: number, more: Record<string, unknown> = {}) => ({
  id,
  title: `Shoe ${id}`,
  url: `/p/${id}`,
  price,
  category,
  availability: 'in_stock',
  ...more,
});
const CATALOG = [
  item('trail-1', ['shoes', 'trail'], 120, { addedAt: '2026-11-20T00:00:00Z' }),
  item('trail-2', ['shoes', 'trail'], 140, { salePrice: 99, addedAt: '2026-11-19T00:00:00Z' }),
  item('trail-3', ['shoes', 'trail'], 160, { availability: 'out_of_stock', addedAt: '2026-11-25T00:00:00Z' }),
  item('trail-4', ['shoes', 'trail'], 90, { addedAt: '2026-11-18T00:00:00Z' }),
  item('trail-5', ['shoes', 'trail'], 95, { addedAt: '2026-11-17T00:00:00Z' }),
  item('jacket-1', ['apparel'], 200, { addedAt: '2026-12-01T00:00:00Z' }),
];
const TEMPLATE = '<h2>{{reco.heading}} {{reco.category}}</h2><ul>{{#items}}<li><a href="{{item.url}}">{{item.title}}</a> {{item.finalPrice | currency}}</li>{{/items}}</ul>';

function config(): SiteConfigInput {
  return {
    schema: 1,
    version: 1,
    site: { id: 'site' },
    slots: [{ name: 'picks' }],
    audiences: [],
    campaigns: [
      {
        id: 'reco',
        name: 'Picked for you',
        status: 'live',
        priority: 1,
        slots: ['picks'],
        variants: [
          {
            id: 'viewed',
            name: 'Recently viewed',
            content: {
              picks: {
                kind: 'recommendations',
                body: TEMPLATE,
                recommend: { strategy: 'recently_viewed', fallback: 'favourite_categories', count: 4, heading: 'Because you looked at', filters: { category: ['shoes'] } },
              },
            },
          },
        ],
      },
    ],
  };
}

const PAGE = htmlPage('<div data-slot="picks">Default picks</div>');
const loadCatalog = (body: string, type = 'application/x-ndjson') => call('/__sw/admin/catalog', { method: 'POST', headers: { ...ADMIN, 'content-type': type }, body });
const ids = (page: string) => /data-sw-items="([^"]*)"/.exec(page)?.[1]?.split(',') ?? null;
/** A shoe fan (the SDK's interest scores) who viewed three trail shoes (trail-1 last) and bought trail-1. */
const PROFILE = encodeProfileCookie({ ...emptyProfile(), interests: { shoes: 4.5, trail: 3 } });
const SHOPPER = `sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa; sw_p=${PROFILE}; sw_i=1~trail-1*trail-3*trail-2!!trail-1`;

beforeEach(async () => {
  await resetPublishedState();
  resetCatalogCache();
  // The site's catalog store outlives a test within the file, like KV: start each one empty.
  await runInDurableObject(env.CATALOG.get(env.CATALOG.idFromName('site')), (_, state) => {
    for (const table of ['items', 'settings', 'counts', 'together']) state.storage.sql.exec(`DELETE FROM ${table}`);
  });
  await publish(config());
  stubOrigin(() => html(PAGE));
});
afterEach(() => vi.restoreAllMocks());

describe('a catalog loaded through the Admin API', () => {
  it('takes JSON Lines, upserts, and reports each rejected line with its reason', async () => {
    const lines = [...CATALOG.map((i) => JSON.stringify(i)), '{not json', JSON.stringify({ ...item('bad', ['x'], -5) })].join('\n');
    const response = await loadCatalog(lines);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { accepted: number; rejected: number; lines: unknown[]; items: number };
    expect(report).toMatchObject({ accepted: 6, rejected: 2, items: 6 });
    expect(report.lines).toEqual([
      { line: 7, reason: 'not valid JSON' },
      { line: 8, id: 'bad', reason: 'price: Invalid value: Expected >=0 but received -5' },
    ]);
    const status = (await (await call('/__sw/admin/catalog/status', { headers: ADMIN })).json()) as { items: number; lastLoad: { rejected: number } };
    expect(status).toMatchObject({ items: 6, lastLoad: { rejected: 2 } });
  });

  it('refuses a body that is not items, and deletes one item', async () => {
    expect((await loadCatalog('{"a":1}', 'application/json')).status).toBe(400);
    await loadCatalog(JSON.stringify(CATALOG), 'application/json');
    expect((await call('/__sw/admin/catalog/items/trail-4', { method: 'DELETE', headers: ADMIN })).status).toBe(204);
    expect((await call('/__sw/admin/catalog/items/trail-4', { method: 'DELETE', headers: ADMIN })).status).toBe(404);
    expect((await call('/__sw/admin/catalog/items/no%20id', { method: 'DELETE', headers: ADMIN })).status).toBe(400);
  });
});

describe('a recommendation variant at the edge', () => {
  beforeEach(async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
  });

  it("puts in-stock shoes the visitor viewed, then their favourite category, into the page's HTML — never the one bought", async () => {
    const page = await (await call('/', { headers: { cookie: SHOPPER } })).text();
    // Viewed: trail-1 (bought), trail-3 (out of stock), trail-2; then shoes by newest.
    expect(ids(page)).toEqual(['trail-2', 'trail-4', 'trail-5']);
    expect(slot(page, 'picks').html).toBe(
      '<h2>Because you looked at trail</h2><ul><li data-sw-item="trail-2"><a href="/p/trail-2?sw_rc=reco.viewed.picks">Shoe trail-2</a> $99.00</li>' +
        '<li data-sw-item="trail-4"><a href="/p/trail-4?sw_rc=reco.viewed.picks">Shoe trail-4</a> $90.00</li>' +
        '<li data-sw-item="trail-5"><a href="/p/trail-5?sw_rc=reco.viewed.picks">Shoe trail-5</a> $95.00</li></ul>',
    );
    expect(slot(page, 'picks').mark).toBe('reco:viewed');
  });

  it('keeps the default content when there is nothing to recommend', async () => {
    const page = await (await call('/', { headers: { cookie: 'sw_consent=granted; sw_id=visitor-bbbbbbbbbbbb; sw_i=1~jacket-1!!' } })).text();
    expect(slot(page, 'picks')).toEqual({ html: 'Default picks', mark: null });
  });

  it("adds the product page's item to the visitor's viewed items", async () => {
    const response = await call('/p/trail-4', { headers: { cookie: SHOPPER } });
    expect(response.headers.get('set-cookie')).toContain('sw_i=1~trail-4*trail-1*trail-3*trail-2!!trail-1;');
    const untracked = await call('/p/trail-4');
    expect(untracked.headers.get('set-cookie') ?? '').not.toContain('sw_i=');
  });

  it('gives the Decide API the same list as the page, for the same visitor and page', async () => {
    const page = await (await call('/', { headers: { cookie: SHOPPER } })).text();
    const answer = (await (
      await call('/__sw/decide', {
        method: 'POST',
        headers: { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId: 'visitor-aaaaaaaaaaaa', profileCookie: PROFILE, itemsCookie: '1~trail-1*trail-3*trail-2!!trail-1', context: { path: '/' } }),
      })
    ).json()) as { slots: Record<string, { items?: string[]; content: { html: string } | null }> };
    expect(answer.slots.picks?.items).toEqual(ids(page));
    expect(answer.slots.picks?.content?.html).toBe(slot(page, 'picks').html);
  });

  it('previews what a spec would show a given visitor, for the editor', async () => {
    const response = await call('/__sw/admin/catalog/preview', {
      method: 'POST',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ recommend: { strategy: 'new_arrivals', count: 3 }, items: { purchased: ['jacket-1'] } }),
    });
    const preview = (await response.json()) as { items: { id: string }[]; catalog: number };
    expect(preview.items.map((i) => i.id)).toEqual(['trail-1', 'trail-2', 'trail-4']);
    expect(preview.catalog).toBe(6);
  });
});

describe("an SPA route's recommendation slot, filled for the browser", () => {
  const ask = (query: string, cookie = SHOPPER) => call(`/__sw/recommendations?${query}`, { headers: { cookie } });
  type Answer = { version: number; slots: Record<string, Recommendation> };
  /** Published and served at once (the isolate would keep the config it has for CONFIG_TTL_MS). */
  const publishNow = async (input: SiteConfigInput) => {
    await publish(input);
    resetConfigCache();
  };

  beforeEach(async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
  });

  it('gives the browser the items the edge puts in the page, and the browser renders them into the same HTML', async () => {
    const page = await (await call('/', { headers: { cookie: SHOPPER } })).text();
    const response = await ask('path=/&for=reco.viewed.picks');
    expect(response.status).toBe(200);
    // Per visitor: no shared cache may keep it.
    expect(response.headers.get('cache-control')).toBe('private, no-store');
    const answer = (await response.json()) as Answer;
    expect(answer.slots.picks?.items.map((i) => i.id)).toEqual(ids(page));
    expect(answer.slots.picks?.ref).toBe('reco.viewed.picks');
    // What the SDK's decision chunk does with the answer: core's renderer, on its own decision.
    const { campaigns, ...site } = config();
    const compiled = compiledTestConfig(campaigns, site);
    const decided = decideSlots(compiled, {
      visitorId: 'visitor-aaaaaaaaaaaa',
      profile: { ...decodeProfileCookie(PROFILE), items: decodeRecentItems('1~trail-1*trail-3*trail-2!!trail-1') },
      context: testContext('/'),
      now: Date.now(),
    });
    const content = decided.slots.picks?.content;
    expect(content?.kind).toBe('recommendations');
    expect(renderSlot(content!, decided.attributes, answer.slots.picks).html).toBe(slot(page, 'picks').html);
  });

  it("answers only for campaigns the page's public config has: not a paused one, one for a trait audience, or an unknown variant", async () => {
    const withMore = config();
    const reco = withMore.campaigns[0]!;
    withMore.audiences.push({ id: 'gold', name: 'Gold tier', condition: { 'traits.tier': 'gold' } });
    withMore.campaigns.push({ ...reco, id: 'reco-paused', status: 'paused' }, { ...reco, id: 'reco-gold', audience: 'gold', priority: 2 });
    await publishNow(withMore);
    const answer = (await (await ask('path=/&for=reco-paused.viewed.picks,reco-gold.viewed.picks,reco.other.picks,reco.viewed.picks')).json()) as Answer;
    expect(Object.keys(answer.slots)).toEqual(['picks']);
    expect(answer.slots.picks?.ref).toBe('reco.viewed.picks');
    // Off the slot's pages: nothing.
    const elsewhere = config();
    elsewhere.slots = [{ name: 'picks', pages: ['/shop/*'] }];
    await publishNow(elsewhere);
    expect(((await (await ask('path=/&for=reco.viewed.picks')).json()) as Answer).slots).toEqual({});
  });

  it('refuses what is not a path and decisions, and anything but GET, with the reason', async () => {
    const refused = async (response: Response, status: number, reason: RegExp) => {
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: string }).error).toMatch(reason);
    };
    await refused(await ask('path=/'), 400, /^for: /);
    await refused(await ask('path=/&for=reco.viewed'), 400, /^for: /);
    await refused(await ask(`path=/&for=${Array(11).fill('reco.viewed.picks').join(',')}`), 400, /^for: /);
    await refused(await ask('path=shoes&for=reco.viewed.picks'), 400, /^path: /);
    await refused(await call('/__sw/recommendations?path=/&for=reco.viewed.picks', { method: 'POST' }), 405, /^method: /);
  });
});

describe('the catalog in KV', () => {
  it('is a versioned snapshot of item, list and URL shards behind one pointer', async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
    const meta = await env.CONFIG.get<{ version: number; items: number; shards: { items: number } }>('catalog/site/meta', 'json');
    expect(meta).toMatchObject({ version: 1, items: 6, shards: { items: 1, lists: 64, urls: 64 } });
    const items = await env.CONFIG.get<Record<string, { title: string }>>('catalog/site/1/items/0', 'json');
    expect(Object.keys(items ?? {}).sort()).toEqual(CATALOG.map((i) => i.id).sort());
  });
});

describe('measuring a recommendation', () => {
  const VISITOR = 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa';
  const collect = (events: unknown[], cookie: string) =>
    call('/__sw/collect', { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });

  it('records the items shown, a click on one, and the purchase it led to, per arm in results', async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
    const page = await (await call('/', { headers: { cookie: SHOPPER } })).text();
    const href = /href="([^"]*sw_rc=[^"]*)"/.exec(page)?.[1];
    expect(href).toBe('/p/trail-2?sw_rc=reco.viewed.picks');
    const now = Date.now();
    expect(
      (await collect([{ id: 'exposure-0001', type: 'exposure', ts: now, props: { campaign: 'reco', variant: 'viewed', slot: 'picks', items: ids(page)!.join(',') } }], VISITOR))
        .status,
    ).toBe(202);
    // The click lands on the item's page: recorded by the edge, remembered for the purchase.
    const landing = await call(href!, { headers: { cookie: VISITOR } });
    const attribution = /sw_ra=([^;]*)/.exec(landing.headers.get('set-cookie') ?? '')?.[1];
    expect(attribution).toBe('trail-2!reco!viewed!picks!recently_viewed');
    const bought = await collect([{ id: 'purchase-0001', type: 'purchase', ts: now, props: { items: 'trail-2,jacket-1', value: 299 } }], `${VISITOR}; sw_ra=${attribution}`);
    expect(bought.status).toBe(202);
    const results = (await (await call('/__sw/admin/results/reco', { headers: ADMIN })).json()) as { recommendations: unknown[] };
    expect(results.recommendations).toEqual([{ id: 'viewed', exposed: 1, clickers: 1, clicks: 1, clickThrough: 1, carts: 0, orders: 1, attributedRevenue: 149.5 }]);
  });

  it('counts nothing for a link to a campaign that does not have that recommendation', async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
    const landing = await call('/p/trail-2?sw_rc=other.x.picks', { headers: { cookie: VISITOR } });
    expect(landing.headers.get('set-cookie') ?? '').not.toContain('sw_ra=');
  });
});

describe('trending, bought together and the feed', () => {
  const VISITOR = 'sw_consent=granted; sw_id=visitor-cccccccccccc';
  const preview = async (recommend: Record<string, unknown>, items: Record<string, string[]> = {}) =>
    (
      (await (
        await call('/__sw/admin/catalog/preview', { method: 'POST', headers: { ...ADMIN, 'content-type': 'application/json' }, body: JSON.stringify({ recommend, items }) })
      ).json()) as { items: { id: string }[] }
    ).items.map((i) => i.id);

  it('counts product-page views at the edge and delivered orders, in aggregate, for the hourly lists', async () => {
    resetViewCounts();
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
    expect(await preview({ strategy: 'trending', count: 4 })).toEqual([]);
    await call('/p/trail-4', { headers: { cookie: VISITOR } });
    const order = { events: [{ id: 'purchase-0002', type: 'purchase', ts: Date.now(), props: { items: 'trail-5,jacket-1', value: 295 } }] };
    expect((await call('/__sw/collect', { method: 'POST', headers: { cookie: VISITOR, 'content-type': 'application/json' }, body: JSON.stringify(order) })).status).toBe(202);
    // The hourly Cron Trigger writes fresh lists from the counts.
    const ctx = createExecutionContext();
    await worker.scheduled({ cron: '7 * * * *', scheduledTime: Date.now(), noRetry: () => undefined } as ScheduledController, env, ctx);
    await waitOnExecutionContext(ctx);
    resetCatalogCache();
    // A purchase weighs five views; equally bought, the newer item first.
    expect(await preview({ strategy: 'trending', count: 4 })).toEqual(['jacket-1', 'trail-5', 'trail-4']);
    expect(await preview({ strategy: 'bought_together', count: 4 }, { carted: ['jacket-1'] })).toEqual(['trail-5']);
  });

  it('pulls a feed from the site origin, and refuses one elsewhere', async () => {
    vi.restoreAllMocks();
    stubOrigin((request) =>
      new URL(request.url).pathname === '/feed.jsonl'
        ? new Response([JSON.stringify(item('feed-1', ['shoes'], 50)), 'nope'].join('\n'), { headers: { 'content-type': 'application/x-ndjson' } })
        : html(PAGE),
    );
    const elsewhere = await call('/__sw/admin/catalog/feed', {
      method: 'PUT',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ url: 'https://evil.test/feed', everyHours: 6 }),
    });
    expect(elsewhere.status).toBe(400);
    const origin = new URL(env.ORIGIN).origin;
    const set = await call('/__sw/admin/catalog/feed?pull=1', {
      method: 'PUT',
      headers: { ...ADMIN, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${origin}/feed.jsonl`, everyHours: 6 }),
    });
    expect(((await set.json()) as { pulled: { accepted: number; rejected: number } }).pulled).toMatchObject({ accepted: 1, rejected: 1 });
    const status = (await (await call('/__sw/admin/catalog/status', { headers: ADMIN })).json()) as { feed: unknown; lastFeedPull: { lines: unknown[] } };
    expect(status.feed).toEqual({ url: `${origin}/feed.jsonl`, everyHours: 6 });
    expect(status.lastFeedPull.lines).toEqual([{ line: 2, reason: 'not valid JSON' }]);
  });
});

describe('a slow catalog', () => {
  it('never holds the page: past the budget the slot keeps its default content', async () => {
    await loadCatalog(CATALOG.map((i) => JSON.stringify(i)).join('\n'));
    await call('/', { headers: { cookie: SHOPPER } }); // the config is in the isolate now
    resetCatalogCache();
    const hanging = new Proxy(env.CONFIG, {
      get: (kv, name) =>
        name === 'get'
          ? (key: string, ...rest: unknown[]) => (key.startsWith('catalog/') ? new Promise(() => {}) : (kv.get as (...a: unknown[]) => unknown).call(kv, key, ...rest))
          : Reflect.get(kv, name),
    });
    const page = await (await call('/', { headers: { cookie: SHOPPER } }, { CONFIG: hanging }, 'skip')).text();
    expect(slot(page, 'picks')).toEqual({ html: 'Default picks', mark: null });
  });
});
