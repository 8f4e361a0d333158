/**
 * The product catalog under /__sw/admin/catalog (docs/recommendations.md): load items (a JSON
 * array, or JSON Lines streamed line by line for 100,000 items and more; upsert, with a report
 * of rejected lines), delete one, read the status, set the feed the hourly Cron Trigger pulls,
 * and preview what a recommendation would show a given profile (the editor's live preview).
 * `GET /__sw/admin/catalog` itself (app.ts) carries the status as `products`.
 */
import { type Recommend, RecommendSchema } from '@slotwise/core';
import { emptyProfile } from '@slotwise/core/profile';
import { type RecentItems, decodeProfileCookie } from '@slotwise/core/profile';
import { isItemId, noRecentItems, recommend, recommendationNeeds, visitorOf } from '@slotwise/core/recommend';
import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import * as v from 'valibot';
import { catalogSnapshot } from '../catalog/read.ts';
import { catalogStore, loadLines, startLoad } from '../catalog/load.ts';
import { pullFeed } from '../catalog/feed.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { limitBody, parseOr400, readJson, readLines } from '../http/json-body.ts';
import { readDraft } from './store.ts';
import { jsonObjectBody, queryOf } from './body.ts';
import { readLive } from './results.ts';

/** A JSON array body: up to 32 MiB (about 90,000 typical items); larger catalogs stream JSON Lines. */
export const CATALOG_JSON_BYTES = 32 * 1024 * 1024;
/** JSON Lines: read as it streams, so only the whole body's size and each line's are bounded. */
export const CATALOG_LINES_BODY = { maxBytes: 512 * 1024 * 1024, maxLineBytes: 64 * 1024 };
const JSON_LINES = /^application\/(x-ndjson|jsonl)\b/i;
const jsonCatalogLimit = limitBody(CATALOG_JSON_BYTES);

/** The catalog upload's own body policy (admin/app.ts leaves this route to it): JSON Lines stream, a JSON array has its cap. */
export const catalogUploadLimit = createMiddleware<{ Bindings: Env }>((c, next) => (JSON_LINES.test(c.req.header('content-type') ?? '') ? next() : jsonCatalogLimit(c, next)));

/** The site the catalog belongs to: the live config's, else the draft's. */
export async function catalogSite(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>): Promise<string> {
  const live = await readLive(env, ctx);
  return live?.siteId ?? (await readDraft(env)).draft.site.id;
}

const FeedSchema = v.object({
  url: v.pipe(v.string(), v.url('must be an absolute URL'), v.regex(/^https?:\/\//, 'must be an http(s) URL'), v.maxLength(2000)),
  everyHours: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 7)),
});

const PreviewSchema = v.object({
  recommend: RecommendSchema,
  /** A profile cookie value, or the profile's interests; plus the visitor's items. */
  profileCookie: v.optional(v.string()),
  interests: v.optional(v.record(v.string(), v.number())),
  items: v.optional(v.object({ viewed: v.optional(v.array(v.string())), carted: v.optional(v.array(v.string())), purchased: v.optional(v.array(v.string())) })),
  /** The page path the preview is for (its item is the current one). */
  path: v.optional(v.pipe(v.string(), v.regex(/^\//, 'must start with "/"'))),
});

export const catalogApi = new Hono<{ Bindings: Env }>()
  .post('/', catalogUploadLimit, async (c) => {
    const site = await catalogSite(c.env, c.executionCtx);
    const load = startLoad(c.env, site, 'api');
    if (JSON_LINES.test(c.req.header('content-type') ?? '')) {
      await loadLines(load, readLines(c.req.raw, CATALOG_LINES_BODY));
    } else {
      const body = await readJson(c.req.raw, { typeRule: 'content-type: must be application/json (an array of items) or application/x-ndjson (JSON Lines)' });
      const list = Array.isArray(body) ? body : Array.isArray((body as { items?: unknown } | null)?.items) ? (body as { items: unknown[] }).items : null;
      if (!list) throw new HttpError(400, 'body: must be a JSON array of items, { "items": [...] }, or JSON Lines');
      for (const [i, raw] of list.entries()) await load.add(i + 1, raw);
    }
    const report = await load.finish();
    return c.json({ ...report, items: (await catalogStore(c.env, site).status()).items });
  })
  .delete('/items/:id', async (c) => {
    const id = c.req.param('id');
    if (!isItemId(id)) throw new HttpError(400, `id: must be 1-40 letters, digits, "_", ":", "." or "-"`);
    const site = await catalogSite(c.env, c.executionCtx);
    const store = catalogStore(c.env, site);
    if (!(await store.remove(id))) throw new HttpError(404, `no catalog item "${id}"`);
    await store.publish(site, Date.now());
    return c.body(null, 204);
  })
  .get('/status', async (c) => c.json(await catalogStore(c.env, await catalogSite(c.env, c.executionCtx)).status()))
  .put('/feed', jsonObjectBody<v.InferInput<typeof FeedSchema> | { url: null }>(), queryOf<{ pull?: '1' }>(), async (c) => {
    const body = c.req.valid('json');
    const site = await catalogSite(c.env, c.executionCtx);
    const store = catalogStore(c.env, site);
    if (body.url === null) {
      await store.setFeed(null);
      return c.json({ feed: null });
    }
    const feed = parseOr400(FeedSchema, body);
    // The Worker only ever fetches the site's origin: the feed must be served from there.
    if (c.env.ORIGIN && new URL(feed.url).origin !== new URL(c.env.ORIGIN).origin) {
      throw new HttpError(400, `url: must be on the site's origin (${new URL(c.env.ORIGIN).origin}), the only host the Worker fetches`);
    }
    await store.setFeed(feed);
    // Pulled now when asked (`?pull=1`), else by the next hourly run.
    const pulled = c.req.query('pull') === '1' ? await pullFeed(c.env, site, feed) : null;
    return c.json({ feed, ...(pulled ? { pulled } : {}) });
  })
  .post('/preview', jsonObjectBody<v.InferInput<typeof PreviewSchema>>(), async (c) => {
    const body = parseOr400(PreviewSchema, c.req.valid('json'));
    const site = await catalogSite(c.env, c.executionCtx);
    const snapshot = await catalogSnapshot(c.env.CONFIG, site);
    if (!snapshot) return c.json({ items: [], strategy: body.recommend.strategy, category: '', catalog: 0 });
    const profile = body.profileCookie ? decodeProfileCookie(body.profileCookie) : emptyProfile();
    if (body.interests) profile.interests = body.interests;
    const ids = (list: string[] | undefined) => (list ?? []).filter(isItemId);
    const items: RecentItems = body.items ? { viewed: ids(body.items.viewed), carted: ids(body.items.carted), purchased: ids(body.items.purchased) } : noRecentItems();
    profile.items = items;
    const visitor = visitorOf(profile, body.path ? await snapshot.itemAt(body.path) : undefined);
    const spec: Recommend = body.recommend;
    const needs = recommendationNeeds(spec, visitor);
    const shown = recommend(spec, await snapshot.view(needs.lists, needs.items), visitor, Date.now());
    return c.json({ ...shown, catalog: snapshot.meta.items });
  });
