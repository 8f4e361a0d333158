/**
 * Trending's counts, gathered at the edge: product pages served to counted visitors (item
 * views) and delivered purchases with item lists. Aggregate only — an item id and a number,
 * never who. Views are batched per isolate and flushed to the catalog store at most every
 * FLUSH_MS, so a busy product page is not one Durable Object call per view.
 */
import { itemIdsOf } from '@slotwise/core/recommend';
import type { SwEvent } from '@slotwise/core/protocol';
import type { Env } from '../env.ts';
import { catalogStore } from './load.ts';

const FLUSH_MS = 10_000;
const pending = new Map<string, Map<string, number>>();
let lastFlush = 0;

export function countView(env: Env, ctx: ExecutionContext, site: string, item: string, now = Date.now()): void {
  const views = pending.get(site) ?? new Map<string, number>();
  pending.set(site, views);
  views.set(item, (views.get(item) ?? 0) + 1);
  if (now - lastFlush < FLUSH_MS) return;
  lastFlush = now;
  for (const [s, counted] of pending) {
    pending.delete(s);
    ctx.waitUntil(
      catalogStore(env, s)
        .count(Object.fromEntries(counted), [], now)
        .catch((e: unknown) => console.warn(`slotwise: views not counted: ${String(e)}`)),
    );
  }
}

/** Orders' item lists, for trending (purchases) and bought-together (pairs). */
export function countPurchases(env: Env, ctx: ExecutionContext, site: string, events: readonly SwEvent[], now = Date.now()): void {
  const orders = events
    .filter((e) => e.type === 'purchase')
    .map((e) => itemIdsOf(e.props))
    .filter((ids) => ids.length > 0);
  if (!orders.length) return;
  ctx.waitUntil(
    catalogStore(env, site)
      .count({}, orders, now)
      .catch((e: unknown) => console.warn(`slotwise: purchases not counted: ${String(e)}`)),
  );
}

/** Forget the isolate's pending counts (tests). */
export function resetViewCounts(): void {
  pending.clear();
  lastFlush = 0;
}
