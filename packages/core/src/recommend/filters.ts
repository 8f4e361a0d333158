/**
 * Which items may show (filters) and in what order the merchandiser wants them (rules). Both
 * apply the same way to every strategy and to its fallback.
 */
import { type CatalogItem, effectivePrice } from '../catalog.ts';
import type { ItemFilters, ItemMatch, ItemRules } from './schema.ts';
import type { RecommendVisitor } from './visitor.ts';

/** A predicate for the filters with their defaults: in stock, not bought, not the current item. */
export function itemFilter(filters: ItemFilters | undefined, visitor: RecommendVisitor): (item: CatalogItem) => boolean {
  const f = filters ?? {};
  const inStock = f.inStock ?? true;
  const bought = (f.excludePurchased ?? true) ? new Set(visitor.purchased) : null;
  const current = (f.excludeCurrent ?? true) ? visitor.current : undefined;
  const categories = f.category?.length ? new Set(f.category) : null;
  return (item) => {
    if (inStock && !(item.availability === 'in_stock' || (f.allowPreorder === true && item.availability === 'preorder'))) return false;
    if (item.id === current || bought?.has(item.id)) return false;
    if (categories && !item.category.some((c) => categories.has(c))) return false;
    const price = effectivePrice(item);
    return !((f.minPrice !== undefined && price < f.minPrice) || (f.maxPrice !== undefined && price > f.maxPrice));
  };
}

const matches = (item: CatalogItem, m: ItemMatch) =>
  (m.ids?.includes(item.id) ?? false) || (m.category?.some((c) => item.category.includes(c)) ?? false) || (m.tags?.some((t) => item.tags.includes(t)) ?? false);

/**
 * Boosted items ahead of the rest, buried ones behind, each group in the order it came (a stable
 * partition: rules reorder, the strategy still ranks within a group). Pins are placed by the engine.
 */
export function applyRules(items: readonly CatalogItem[], rules: ItemRules | undefined): CatalogItem[] {
  const boost = rules?.boost ?? [];
  const bury = rules?.bury ?? [];
  if (!boost.length && !bury.length) return [...items];
  const rank = (item: CatalogItem) => (bury.some((m) => matches(item, m)) ? 2 : boost.some((m) => matches(item, m)) ? 0 : 1);
  const groups: CatalogItem[][] = [[], [], []];
  for (const item of items) groups[rank(item)]!.push(item);
  return groups.flat();
}
