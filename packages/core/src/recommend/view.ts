/**
 * What the strategies read of a catalog: items by id and a few ranked lists, precomputed when the
 * catalog changes so a request never walks 100,000 items. The Worker loads just the lists and
 * items a request needs (`recommendationNeeds`, engine.ts) from KV; tests, the bench and the
 * catalog's own compile step build the same view in memory from all items (`indexCatalog`).
 */
import { type CatalogItem, effectivePrice } from '../catalog.ts';

/**
 * A ranked list by name: `new` (newest first), `trending:1` / `trending:7` (most popular over the
 * last day / week), `category:<name>` (an interest category's items, most popular first) and
 * `with:<id>` (items bought together with that item, most often first).
 */
export type ListName = 'new' | 'trending:1' | 'trending:7' | `category:${string}` | `with:${string}`;

/** Items kept per list: enough for 24 items after filters; a strategy that runs dry falls back. */
export const LIST_LENGTH = 100;

export interface CatalogView {
  item(id: string): CatalogItem | undefined;
  list(name: ListName): readonly CatalogItem[];
}

/** Aggregate popularity per item id (no visitor in it): views and purchases over 1 and 7 days. */
export interface Popularity {
  [id: string]: { views1: number; views7: number; buys1: number; buys7: number };
}

/** Item ids bought together, with how often: `{ a: { b: 3 } }` (symmetric). */
export interface CoPurchases {
  [id: string]: { [other: string]: number };
}

/** A purchase weighs as much as this many views in trending. */
export const PURCHASE_WEIGHT = 5;

export function popularity(p: Popularity[string] | undefined, days: 1 | 7): number {
  if (!p) return 0;
  return days === 1 ? p.views1 + PURCHASE_WEIGHT * p.buys1 : p.views7 + PURCHASE_WEIGHT * p.buys7;
}

const added = (item: CatalogItem) => (item.addedAt ? Date.parse(item.addedAt) : 0);
const byId = (a: CatalogItem, b: CatalogItem) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every list of a catalog, computed from all its items (what the catalog store writes for the edge). */
export function catalogLists(items: readonly CatalogItem[], counts: Popularity = {}, together: CoPurchases = {}): Map<ListName, CatalogItem[]> {
  const lists = new Map<ListName, CatalogItem[]>();
  // Parsed once per item, not once per list it is ranked in.
  const addedAt = new Map(items.map((item) => [item, added(item)]));
  const since = (item: CatalogItem) => addedAt.get(item) ?? 0;
  const top = (from: readonly CatalogItem[], score: (item: CatalogItem) => number) =>
    from
      .map((item) => [score(item), item] as const)
      .sort((a, b) => b[0] - a[0] || byId(a[1], b[1]))
      .slice(0, LIST_LENGTH)
      .map(([, item]) => item);
  lists.set('new', top(items, since));
  // Popular first; among equally popular (often: none counted yet), the newest.
  const trending = (days: 1 | 7) => (item: CatalogItem) => popularity(counts[item.id], days) * 1e13 + since(item) / 1e3;
  lists.set(
    'trending:1',
    top(
      items.filter((i) => popularity(counts[i.id], 1) > 0),
      trending(1),
    ),
  );
  lists.set(
    'trending:7',
    top(
      items.filter((i) => popularity(counts[i.id], 7) > 0),
      trending(7),
    ),
  );
  const categories = new Map<string, CatalogItem[]>();
  for (const item of items) {
    for (const name of new Set(item.category)) {
      const members = categories.get(name);
      if (members) members.push(item);
      else categories.set(name, [item]);
    }
  }
  for (const [name, members] of categories) lists.set(`category:${name}`, top(members, trending(7)));
  const ids = new Map(items.map((i) => [i.id, i]));
  for (const [id, others] of Object.entries(together)) {
    const withItems = Object.entries(others)
      .filter(([other]) => ids.has(other) && other !== id)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, LIST_LENGTH)
      .map(([other]) => ids.get(other)!);
    if (withItems.length && ids.has(id)) lists.set(`with:${id}`, withItems);
  }
  return lists;
}

/** A whole catalog in memory as a view (tests, the bench, the Decide API's preview). */
export function indexCatalog(items: readonly CatalogItem[], counts: Popularity = {}, together: CoPurchases = {}): CatalogView {
  const ids = new Map(items.map((i) => [i.id, i]));
  const lists = catalogLists(items, counts, together);
  return { item: (id) => ids.get(id), list: (name) => lists.get(name) ?? [] };
}

/** The price shown now is lower than before its last drop. */
export const priceDropped = (item: CatalogItem) => item.previousPrice !== undefined && effectivePrice(item) < item.previousPrice;
