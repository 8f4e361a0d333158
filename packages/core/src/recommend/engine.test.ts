/**
 * Each strategy on a fixed catalog and fixed visitors, with the list it must give: filters,
 * rules, fallbacks and the exclusion of purchased items included.
 */
import { describe, expect, it } from 'vitest';
import { recommend, recommendationNeeds } from './engine.ts';
import { CART_ABANDONER, CATALOG, NEWCOMER, NOW, POPULARITY, SHOE_FAN, TOGETHER } from './fixtures.ts';
import type { Recommend } from './schema.ts';
import { indexCatalog } from './view.ts';
import type { RecommendVisitor } from './visitor.ts';

const view = indexCatalog(CATALOG, POPULARITY, TOGETHER);
const ids = (spec: Partial<Recommend> & Pick<Recommend, 'strategy'>, visitor: RecommendVisitor = SHOE_FAN) =>
  recommend({ count: 4, ...spec }, view, visitor, NOW).items.map((i) => i.id);

describe('strategies on a fixed catalog', () => {
  it('recently viewed: newest view first, without what was bought, with the category for the heading', () => {
    expect(ids({ strategy: 'recently_viewed' })).toEqual(['trail-4', 'trail-2']);
    expect(recommend({ strategy: 'recently_viewed', count: 4 }, view, SHOE_FAN, NOW).category).toBe('trail');
    expect(ids({ strategy: 'recently_viewed', filters: { excludePurchased: false } })).toEqual(['trail-4', 'trail-2', 'trail-1']);
    expect(ids({ strategy: 'recently_viewed' }, { ...SHOE_FAN, current: 'trail-4' })).toEqual(['trail-2']);
  });

  it('favourite categories: the strongest interest first, its items most popular first, in stock only', () => {
    // shoes (6.5) then trail then apparel; trail-3 is out of stock, trail-5 a preorder, trail-1 bought.
    expect(ids({ strategy: 'favourite_categories' })).toEqual(['trail-2', 'road-1', 'trail-4', 'road-2']);
    expect(ids({ strategy: 'favourite_categories', filters: { allowPreorder: true } })).toEqual(['trail-2', 'road-1', 'trail-5', 'trail-4']);
    expect(ids({ strategy: 'favourite_categories' }, CART_ABANDONER)).toEqual(['jacket-1', 'socks-1', 'jacket-2', 'trail-2']);
  });

  it('trending: the week or the day, purchases weighing five views, out-of-stock left out', () => {
    expect(ids({ strategy: 'trending' }, NEWCOMER)).toEqual(['trail-2', 'trail-1', 'jacket-1', 'road-1']);
    expect(ids({ strategy: 'trending', days: 1 }, NEWCOMER)).toEqual(['road-1', 'trail-2', 'trail-1']);
  });

  it('bought together: with the current item, else with what was carted or bought', () => {
    expect(ids({ strategy: 'bought_together' }, { ...NEWCOMER, current: 'trail-1' })).toEqual(['socks-1', 'bottle-1']);
    // The shoe fan bought trail-1: its companions, never trail-1 itself.
    expect(ids({ strategy: 'bought_together' })).toEqual(['socks-1', 'bottle-1']);
    expect(ids({ strategy: 'bought_together' }, NEWCOMER)).toEqual([]);
  });

  it('new arrivals: newest first (ties by id)', () => {
    expect(ids({ strategy: 'new_arrivals' }, NEWCOMER)).toEqual(['jacket-1', 'socks-1', 'trail-1', 'bottle-1']);
  });

  it('back in stock and price dropped: only items this visitor viewed, only recent news', () => {
    expect(ids({ strategy: 'back_in_stock' })).toEqual(['trail-4']);
    expect(ids({ strategy: 'price_dropped' }, CART_ABANDONER)).toEqual(['road-1']);
    expect(ids({ strategy: 'price_dropped' })).toEqual([]);
    expect(recommend({ strategy: 'back_in_stock', count: 4 }, view, SHOE_FAN, NOW + 40 * 86_400_000).items).toEqual([]);
  });

  it('manual: the listed items in order, filtered like any other', () => {
    expect(ids({ strategy: 'manual', items: ['bottle-1', 'trail-3', 'trail-1', 'jacket-2', 'nope'] })).toEqual(['bottle-1', 'jacket-2']);
  });
});

describe('filters, rules and fallback', () => {
  it('filter by category and price paid now (the sale price)', () => {
    expect(ids({ strategy: 'new_arrivals', count: 10, filters: { category: ['shoes'], maxPrice: 100 } }, NEWCOMER)).toEqual(['trail-2', 'trail-4', 'road-2']);
    expect(ids({ strategy: 'new_arrivals', count: 10, filters: { minPrice: 150 } }, NEWCOMER)).toEqual(['jacket-1', 'jacket-2']);
  });

  it('fall back when the strategy finds too few, without repeating an item', () => {
    // A newcomer has viewed nothing: trending fills the list.
    expect(ids({ strategy: 'recently_viewed', fallback: 'trending' }, NEWCOMER)).toEqual(['trail-2', 'trail-1', 'jacket-1', 'road-1']);
    expect(ids({ strategy: 'recently_viewed', fallback: 'trending' })).toEqual(['trail-4', 'trail-2', 'jacket-1', 'road-1']);
  });

  it('pin first (when it passes the filters), boost ahead, bury behind', () => {
    expect(ids({ strategy: 'trending', rules: { pin: ['bottle-1', 'trail-3'] } }, NEWCOMER)).toEqual(['bottle-1', 'trail-2', 'trail-1', 'jacket-1']);
    expect(ids({ strategy: 'trending', rules: { boost: [{ category: ['apparel'] }] } }, NEWCOMER)).toEqual(['jacket-1', 'trail-2', 'trail-1', 'road-1']);
    expect(ids({ strategy: 'trending', rules: { bury: [{ tags: ['sale'] }] } }, NEWCOMER)).toEqual(['trail-1', 'jacket-1', 'road-1', 'trail-2']);
    expect(ids({ strategy: 'new_arrivals', count: 3, rules: { bury: [{ ids: ['jacket-1'] }] } }, NEWCOMER)).toEqual(['socks-1', 'trail-1', 'bottle-1']);
  });

  it('show nothing below minItems, so the slot keeps its default content', () => {
    expect(ids({ strategy: 'recently_viewed', minItems: 3 })).toEqual([]);
  });

  it('name the lists and items to load before deciding', () => {
    expect(
      recommendationNeeds({ strategy: 'favourite_categories', fallback: 'recently_viewed', count: 4, rules: { pin: ['bottle-1'] } }, { ...SHOE_FAN, current: 'road-2' }),
    ).toEqual({
      lists: ['category:shoes', 'category:trail', 'category:apparel'],
      items: ['bottle-1', 'trail-4', 'trail-2', 'trail-1', 'road-2'],
    });
  });
});
