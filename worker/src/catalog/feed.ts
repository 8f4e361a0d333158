/**
 * Pulling a catalog feed: the site's own URL (JSON array or JSON Lines), streamed into the
 * store like an Admin API load. The hourly Cron Trigger (index.ts `scheduled`) pulls each site's
 * feed when it is due, then refreshes the snapshot so trending follows the counts.
 */
import { readLines } from '../http/json-body.ts';
import type { Env } from '../env.ts';
import type { Feed, LoadReport } from '../objects/catalog-store.ts';
import { catalogStore, loadLines, startLoad } from './load.ts';

const FEED_TIMEOUT_MS = 60_000;
const FEED_LIMITS = { maxBytes: 512 * 1024 * 1024, maxLineBytes: 64 * 1024 };

export async function pullFeed(env: Env, site: string, feed: Feed, now = Date.now()): Promise<LoadReport> {
  const load = startLoad(env, site, 'feed', now);
  try {
    const response = await fetch(feed.url, { signal: AbortSignal.timeout(FEED_TIMEOUT_MS), headers: { accept: 'application/x-ndjson, application/json' } });
    if (!response.ok || !response.body) return await load.finish(`the feed answered ${response.status}`);
    const type = response.headers.get('content-type') ?? '';
    if (/json/i.test(type) && !/ndjson|jsonl/i.test(type)) {
      const text = await response.text();
      const list: unknown = JSON.parse(text);
      if (!Array.isArray(list)) return await load.finish('the feed is not a JSON array or JSON Lines');
      for (const [i, raw] of list.entries()) await load.add(i + 1, raw);
    } else {
      await loadLines(load, readLines(new Request(feed.url, { method: 'POST', body: response.body }), { ...FEED_LIMITS }));
    }
    return await load.finish();
  } catch (error) {
    return await load.finish(`the feed could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The hourly run for one site: its feed when due, then fresh lists (trending moves hourly). */
export async function hourlyCatalogRun(env: Env, site: string, now = Date.now()): Promise<void> {
  const store = catalogStore(env, site);
  const feed = await store.feedDue(now);
  if (feed) await pullFeed(env, site, feed, now);
  else if ((await store.status()).items > 0) await store.publish(site, now);
}
