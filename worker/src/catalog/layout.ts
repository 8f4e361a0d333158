/**
 * How a site's catalog is laid out in KV for the edge. The catalog store (objects/catalog-store.ts,
 * SQLite: every item, the feed, the counts) writes an immutable snapshot per version and then
 * the pointer to it; a request reads only the few values it needs:
 *
 *   catalog/<site>/meta                   { version, items, shards, updatedAt }: the pointer
 *   catalog/<site>/<version>/items/<n>    { id: item } for the ids that hash to shard n
 *   catalog/<site>/<version>/lists/<n>    { listName: item[] } for the precomputed lists
 *                                         (core's catalogLists: new, trending:1/7, category:*,
 *                                         with:*) that hash to shard n, items in full
 *   catalog/<site>/<version>/urls/<n>     { path: id }: which page shows which item
 *
 * Shards keep every value far below KV's 25 MiB limit (about 400 items, ~150 KB, per item
 * shard) and few enough to write in one go (100,000 items: 250 + 64 + 64 puts). A product page
 * reads one URL shard; a recommendation one or two list shards and the item shards of the
 * visitor's viewed items; the isolate keeps what it read (catalog/read.ts). Old versions expire.
 */
export { catalogShardOf } from '@slotwise/core/recommend';

export interface CatalogMeta {
  version: number;
  items: number;
  shards: { items: number; lists: number; urls: number };
  updatedAt: number;
}

export const ITEMS_PER_SHARD = 400;
export const MAX_ITEM_SHARDS = 256;
export const LIST_SHARDS = 64;
export const URL_SHARDS = 64;

export const metaKey = (site: string) => `catalog/${site}/meta`;
export const shardKey = (site: string, version: number, kind: 'items' | 'lists' | 'urls', n: number) => `catalog/${site}/${version}/${kind}/${n}`;
export const itemShards = (count: number) => Math.min(MAX_ITEM_SHARDS, Math.max(1, Math.ceil(count / ITEMS_PER_SHARD)));

/** The path of an item's URL (a path, or an http(s) URL on any host): how a page is matched to it. */
export function itemPath(url: string): string {
  if (url.startsWith('/')) return url.split(/[?#]/, 1)[0]!;
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}
