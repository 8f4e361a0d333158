// The store's product feed: every product as a Slotwise catalog item (docs/recommendations.md),
// one JSON object per line. The Worker pulls it on a schedule (`PUT /__sw/admin/catalog/feed`),
// and the local stack uploads it at start so recommendations work offline from the first page.
// Plain data built from catalog.mjs: the store's pages and its feed can never disagree.

import { CURRENCY, products } from './catalog.mjs';

// Fixed dates, so the feed is the same bytes on every run: "new" items arrived last month,
// the rest at the store's spring launch.
const ARRIVED_NEW = '2026-11-16T09:00:00.000Z';
const ARRIVED_EARLIER = '2026-03-02T09:00:00.000Z';

/** Sub-categories shoppers browse by, from the product's tags. */
const SUBCATEGORIES = ['trail', 'hiking', 'everyday', 'summer', 'camping', 'coffee'];
/** What a sub-category is called in each category: "trail shoes", "camping gear". */
const KIND = { shoes: 'shoes', outdoor: 'gear', kitchen: 'tools' };

/**
 * Broadest first: the category as the pages' `<meta name="sw:category">` names it (`shoes`; the
 * visitor's interest scores are keyed by it), then the sub-category a heading can name
 * ("Because you looked at trail shoes").
 */
function categoryPath(p) {
  const sub = p.tags.find((t) => SUBCATEGORIES.includes(t));
  return sub ? [p.category, `${sub} ${KIND[p.category] ?? p.category}`] : [p.category];
}

/** One product as a catalog item. */
export function catalogItem(p) {
  const onSale = p.was !== undefined && p.was > p.price;
  return {
    id: p.slug,
    title: p.name,
    url: `/p/${p.slug}`,
    image: p.image,
    // The feed's price is the regular one; a sale shows as salePrice, as shops' feeds do.
    price: onSale ? p.was : p.price,
    ...(onSale ? { salePrice: p.price } : {}),
    currency: CURRENCY,
    category: categoryPath(p),
    tags: p.tags,
    availability: p.inStock === false ? 'out_of_stock' : 'in_stock',
    attributes: { colour: p.colour, rating: p.rating, reviews: p.reviews, code: p.code },
    addedAt: p.tags.includes('new') ? ARRIVED_NEW : ARRIVED_EARLIER,
  };
}

/** Every product as a catalog item, in the store's order. */
export function catalogItems() {
  return products.map(catalogItem);
}

/** The feed as JSON Lines (what `/feeds/products.jsonl` serves). */
export function catalogFeed() {
  return `${catalogItems()
    .map((item) => JSON.stringify(item))
    .join('\n')}\n`;
}
