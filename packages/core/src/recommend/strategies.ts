/**
 * The strategies: each returns its candidates best first, before filters and rules, and the
 * category its pick is about (for "Because you looked at …"). Pure reads of the catalog view and
 * the visitor; the lists they read are precomputed (view.ts).
 */
import type { CatalogItem } from '../catalog.ts';
import type { Recommend, Strategy } from './schema.ts';
import { type CatalogView, priceDropped } from './view.ts';
import { type RecommendVisitor, favouriteCategories } from './visitor.ts';

export interface Candidates {
  items: readonly CatalogItem[];
  category: string;
}

/** How recent a restock or a price drop must be to be news. */
export const NEWS_DAYS = 30;
const DAY_MS = 86_400_000;

const known = (view: CatalogView, ids: readonly string[]) => ids.map((id) => view.item(id)).filter((i): i is CatalogItem => i !== undefined);
const leaf = (item: CatalogItem | undefined) => item?.category.at(-1) ?? '';

/** The item ids a strategy reads by id (to load before deciding), beyond its lists. */
export function idsRead(strategy: Strategy, spec: Recommend, visitor: RecommendVisitor): readonly string[] {
  if (strategy === 'manual') return spec.items ?? [];
  if (strategy === 'recently_viewed' || strategy === 'back_in_stock' || strategy === 'price_dropped') return visitor.viewed;
  return [];
}

/** The lists a strategy reads (to load before deciding). */
export function listsRead(strategy: Strategy, spec: Recommend, visitor: RecommendVisitor): string[] {
  switch (strategy) {
    case 'favourite_categories':
      return favouriteCategories(visitor.interests).map((c) => `category:${c}`);
    case 'trending':
      return [`trending:${spec.days ?? 7}`];
    case 'bought_together':
      return anchors(visitor).map((id) => `with:${id}`);
    case 'new_arrivals':
      return ['new'];
    default:
      return [];
  }
}

/** What bought-together builds on: the page's item, then what was carted, then what was bought. */
function anchors(visitor: RecommendVisitor): string[] {
  return [...new Set([...(visitor.current ? [visitor.current] : []), ...visitor.carted, ...visitor.purchased])].slice(0, 5);
}

export function candidates(strategy: Strategy, spec: Recommend, view: CatalogView, visitor: RecommendVisitor, now: number): Candidates {
  switch (strategy) {
    case 'recently_viewed': {
      const items = known(view, visitor.viewed);
      return { items, category: leaf(items[0]) };
    }
    case 'favourite_categories': {
      const names = favouriteCategories(visitor.interests);
      return { items: names.flatMap((name) => view.list(`category:${name}`)), category: names[0] ?? '' };
    }
    case 'trending':
      return { items: view.list(`trending:${spec.days ?? 7}`), category: '' };
    case 'bought_together': {
      const from = anchors(visitor);
      return { items: from.flatMap((id) => view.list(`with:${id}`)), category: leaf(view.item(from[0] ?? '')) };
    }
    case 'new_arrivals':
      return { items: view.list('new'), category: '' };
    case 'back_in_stock':
    case 'price_dropped': {
      const since = now - NEWS_DAYS * DAY_MS;
      const news = (item: CatalogItem) =>
        strategy === 'back_in_stock' ? Date.parse(item.restockedAt ?? '') >= since : Date.parse(item.priceDroppedAt ?? '') >= since && priceDropped(item);
      const items = known(view, visitor.viewed).filter(news);
      return { items, category: leaf(items[0]) };
    }
    case 'manual':
      return { items: known(view, spec.items ?? []), category: '' };
  }
}
