/** A fixed catalog and fixed visitors for the strategy tests and the docs. Not exported. */
import type { CatalogItem } from '../catalog.ts';
import type { CoPurchases, Popularity } from './view.ts';
import type { RecommendVisitor } from './visitor.ts';

const item = (id: string, category: string[], price: number, more: Partial<CatalogItem> = {}): CatalogItem => ({
  id,
  title: id.replace(/-/g, ' '),
  url: `/p/${id}`,
  price,
  category,
  tags: [],
  availability: 'in_stock',
  attributes: {},
  addedAt: '2026-11-01T00:00:00Z',
  ...more,
});

export const NOW = Date.parse('2026-12-06T12:00:00Z');

export const CATALOG: CatalogItem[] = [
  item('trail-1', ['shoes', 'trail'], 120, { addedAt: '2026-11-20T00:00:00Z' }),
  item('trail-2', ['shoes', 'trail'], 140, { salePrice: 99, tags: ['sale'] }),
  item('trail-3', ['shoes', 'trail'], 160, { availability: 'out_of_stock' }),
  item('trail-4', ['shoes', 'trail'], 90, { restockedAt: '2026-12-01T00:00:00Z' }),
  item('trail-5', ['shoes', 'trail'], 180, { availability: 'preorder', addedAt: '2026-12-05T00:00:00Z' }),
  item('road-1', ['shoes', 'road'], 110, { priceDroppedAt: '2026-12-02T00:00:00Z', previousPrice: 130 }),
  item('road-2', ['shoes', 'road'], 70, { addedAt: '2026-10-01T00:00:00Z' }),
  item('jacket-1', ['apparel', 'jackets'], 200, { addedAt: '2026-12-04T00:00:00Z' }),
  item('jacket-2', ['apparel', 'jackets'], 150, { tags: ['clearance'] }),
  item('socks-1', ['apparel', 'socks'], 15, { addedAt: '2026-12-03T00:00:00Z' }),
  item('bottle-1', ['gear'], 25),
];

/** Views and purchases counted at the edge (aggregate): trail-2 leads the week, road-1 the day. */
export const POPULARITY: Popularity = {
  'trail-2': { views1: 2, views7: 40, buys1: 0, buys7: 4 },
  'trail-1': { views1: 1, views7: 30, buys1: 0, buys7: 2 },
  'road-1': { views1: 9, views7: 12, buys1: 1, buys7: 1 },
  'jacket-1': { views1: 0, views7: 25, buys1: 0, buys7: 0 },
  'trail-3': { views1: 5, views7: 50, buys1: 1, buys7: 5 },
};

/** Orders that held both items. */
export const TOGETHER: CoPurchases = {
  'trail-1': { 'socks-1': 5, 'bottle-1': 2, 'trail-3': 1 },
  'socks-1': { 'trail-1': 5 },
  'bottle-1': { 'trail-1': 2 },
  'trail-3': { 'trail-1': 1 },
};

const visitor = (v: Partial<RecommendVisitor>): RecommendVisitor => ({ viewed: [], carted: [], purchased: [], interests: {}, ...v });

/** Viewed three trail shoes (newest first) and bought one of them. */
export const SHOE_FAN = visitor({ viewed: ['trail-4', 'trail-2', 'trail-1'], purchased: ['trail-1'], interests: { shoes: 6.5, trail: 5, apparel: 1 } });
/** Put a jacket in the cart and left. */
export const CART_ABANDONER = visitor({ viewed: ['jacket-1', 'road-1'], carted: ['jacket-1'], interests: { apparel: 4, shoes: 1 } });
/** Never seen before. */
export const NEWCOMER = visitor({});
