/**
 * The edge's view of a site's catalog (layout.ts), read through an in-isolate cache: the pointer
 * is re-read every few seconds, shards once per version (they never change). A request loads
 * only what its recommendations need (core's recommendationNeeds), then core decides
 * synchronously over it. Anything missing or failing gives fewer items, never an error: a
 * recommendation with too few items leaves the slot's default content (fail open).
 */
import type { CatalogItem } from '@slotwise/core';
import type { CatalogView, ListName } from '@slotwise/core/recommend';
import { type CatalogMeta, itemPath, metaKey, shardKey, catalogShardOf } from './layout.ts';

/** How long an isolate trusts its copy of the pointer: a publish shows within this. */
export const CATALOG_TTL_MS = 5000;
/** Parsed shards kept per isolate (least recently read go first). */
const MAX_SHARDS = 400;

let metaCache = new Map<string, { meta: CatalogMeta | null; at: number }>();
let shards = new Map<string, Promise<Record<string, unknown>>>();

/** Forget the isolate's copies (tests; a publish is otherwise seen within CATALOG_TTL_MS). */
export function resetCatalogCache(): void {
  metaCache = new Map();
  shards = new Map();
}

export async function catalogMeta(kv: KVNamespace, site: string, now = Date.now()): Promise<CatalogMeta | null> {
  const hit = metaCache.get(site);
  if (hit && now - hit.at < CATALOG_TTL_MS) return hit.meta;
  const meta = await kv.get<CatalogMeta>(metaKey(site), 'json').catch(() => hit?.meta ?? null);
  metaCache.set(site, { meta, at: now });
  return meta;
}

function shard(kv: KVNamespace, key: string): Promise<Record<string, unknown>> {
  let found = shards.get(key);
  if (found) {
    // Most recently read last: the Map's order is the eviction order.
    shards.delete(key);
  } else {
    found = kv.get<Record<string, unknown>>(key, 'json').then(
      (value) => value ?? {},
      () => {
        shards.delete(key);
        return {};
      },
    );
  }
  shards.set(key, found);
  if (shards.size > MAX_SHARDS) shards.delete(shards.keys().next().value!);
  return found;
}

/** A loaded snapshot: what the view reads, and how to load more of it. */
export interface CatalogSnapshot {
  meta: CatalogMeta;
  /** The item whose page is at `path`, if any. */
  itemAt(path: string): Promise<string | undefined>;
  /** A view over these lists and items (loaded first). */
  view(lists: readonly ListName[], ids: readonly string[]): Promise<CatalogView>;
}

export async function catalogSnapshot(kv: KVNamespace, site: string): Promise<CatalogSnapshot | null> {
  const meta = await catalogMeta(kv, site);
  if (!meta || meta.items === 0) return null;
  const { version, shards: n } = meta;
  return {
    meta,
    async itemAt(path) {
      const urls = await shard(kv, shardKey(site, version, 'urls', catalogShardOf(path, n.urls)));
      const id = Object.hasOwn(urls, path) ? urls[path] : undefined;
      return typeof id === 'string' ? id : undefined;
    },
    async view(lists, ids) {
      const [listParts, itemParts] = await Promise.all([
        Promise.all(lists.map((name) => shard(kv, shardKey(site, version, 'lists', catalogShardOf(name, n.lists))))),
        Promise.all(ids.map((id) => shard(kv, shardKey(site, version, 'items', catalogShardOf(id, n.items))))),
      ]);
      const listMap = new Map<string, readonly CatalogItem[]>();
      lists.forEach((name, i) => {
        const part = listParts[i]!;
        if (Object.hasOwn(part, name)) listMap.set(name, part[name] as CatalogItem[]);
      });
      const itemMap = new Map<string, CatalogItem>();
      ids.forEach((id, i) => {
        const part = itemParts[i]!;
        if (Object.hasOwn(part, id)) itemMap.set(id, part[id] as CatalogItem);
      });
      return { item: (id) => itemMap.get(id), list: (name) => listMap.get(name) ?? [] };
    },
  };
}

export { itemPath };
