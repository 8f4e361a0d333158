/**
 * Writes a catalog snapshot for the edge (layout.ts): the items in shards, the precomputed lists
 * (core's catalogLists, from the items and the aggregate counts) and the URL index, then the
 * pointer. Called by the catalog store after every change and by the hourly cron (trending moves).
 */
import type { CatalogItem } from '@slotwise/core';
import { type CoPurchases, type Popularity, catalogLists } from '@slotwise/core/recommend';
import { type CatalogMeta, LIST_SHARDS, URL_SHARDS, itemPath, itemShards, metaKey, shardKey, catalogShardOf } from './layout.ts';

export async function writeSnapshot(kv: KVNamespace, site: string, items: readonly CatalogItem[], counts: Popularity, together: CoPurchases, now: number): Promise<CatalogMeta> {
  const previous = await kv.get<CatalogMeta>(metaKey(site), 'json');
  const version = (previous?.version ?? 0) + 1;
  const shards = { items: itemShards(items.length), lists: LIST_SHARDS, urls: URL_SHARDS };
  const byShard = <T>(n: number) => Array.from({ length: n }, () => ({}) as Record<string, T>);
  const itemParts = byShard<CatalogItem>(shards.items);
  const urlParts = byShard<string>(shards.urls);
  for (const item of items) {
    itemParts[catalogShardOf(item.id, shards.items)]![item.id] = item;
    const path = itemPath(item.url);
    if (path) urlParts[catalogShardOf(path, shards.urls)]![path] = item.id;
  }
  const listParts = byShard<CatalogItem[]>(shards.lists);
  for (const [name, list] of catalogLists(items, counts, together)) listParts[catalogShardOf(name, shards.lists)]![name] = list;
  const puts: Promise<void>[] = [];
  const put = (kind: 'items' | 'lists' | 'urls', parts: Record<string, unknown>[]) =>
    parts.forEach((part, n) => puts.push(kv.put(shardKey(site, version, kind, n), JSON.stringify(part))));
  put('items', itemParts);
  put('lists', listParts);
  put('urls', urlParts);
  await Promise.all(puts);
  const meta: CatalogMeta = { version, items: items.length, shards, updatedAt: now };
  await kv.put(metaKey(site), JSON.stringify(meta));
  // The snapshot before the previous one goes: no isolate still reads it (they re-read the
  // pointer every few seconds), and deleting keeps one publish within KV's operations per call.
  const stale = previous?.version !== undefined ? await kv.get<CatalogMeta>(staleKey(site), 'json') : null;
  if (stale) await deleteSnapshot(kv, site, stale);
  if (previous) await kv.put(staleKey(site), JSON.stringify(previous));
  return meta;
}

const staleKey = (site: string) => `catalog/${site}/previous`;

async function deleteSnapshot(kv: KVNamespace, site: string, old: CatalogMeta): Promise<void> {
  const deletes: Promise<void>[] = [];
  for (const kind of ['items', 'lists', 'urls'] as const) {
    for (let n = 0; n < old.shards[kind]; n++) deletes.push(kv.delete(shardKey(site, old.version, kind, n)));
  }
  await Promise.all(deletes);
}
