/**
 * The catalog: the site's products (or content items) that recommendation variants are filled
 * from. One schema validates an item wherever it enters — the Admin API, a feed pull, a test —
 * and its types are inferred from it.
 */
import * as v from 'valibot';

import { ITEM_ID_PATTERN, ITEM_ID_RULE } from './item-id.ts';

export { ITEM_ID_RULE, isItemId } from './item-id.ts';
export const ItemIdSchema = v.pipe(v.string(), v.regex(ITEM_ID_PATTERN, ITEM_ID_RULE));

export const AVAILABILITY = ['in_stock', 'out_of_stock', 'preorder'] as const;
export type Availability = (typeof AVAILABILITY)[number];

const Text = (min: number, max: number) => v.pipe(v.string(), v.minLength(min), v.maxLength(max));
const Money = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(1e9));
const IsoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));
/** A site path (`/p/trail-runner`) or an http(s) URL: what an item's link or image may be. */
const Link = v.pipe(v.string(), v.maxLength(2000), v.regex(/^(\/(?![/\\])|https?:\/\/)[^\s"'<>`]*$/, 'must be a path starting with "/" or an http(s) URL'));
/** A category name as the profile's interest scores key it (`page_view`'s `category` prop, lower-cased). */
const CategoryName = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.regex(/^[a-z0-9][a-z0-9 _:.-]{0,39}$/, 'must be 1-40 lower-case letters, digits, " ", "_", ":", "." or "-"'));

export const CatalogItemSchema = v.object({
  id: ItemIdSchema,
  title: Text(1, 300),
  /** The item's page: its path is how the edge knows a page shows this item (trending, excludeCurrent). */
  url: Link,
  image: v.optional(Link),
  price: Money,
  /** The price now, when lower than `price`. */
  salePrice: v.optional(Money),
  /** ISO 4217 code for `| currency`; the recommendation's `currency` (default USD) when absent. */
  currency: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code'))),
  /** From the broadest to the narrowest: `["shoes", "trail"]`. Matches interest scores by name. */
  category: v.pipe(v.array(CategoryName), v.maxLength(8)),
  tags: v.optional(v.pipe(v.array(Text(1, 60)), v.maxLength(30)), []),
  availability: v.picklist(AVAILABILITY, `must be one of ${AVAILABILITY.join(', ')}`),
  /** Free attributes (brand, colour …), readable in templates as `{{item.attributes.brand}}`. */
  attributes: v.optional(
    v.pipe(
      v.record(Text(1, 40), v.union([Text(0, 500), v.pipe(v.number(), v.finite()), v.boolean()])),
      v.check((r) => Object.keys(r).length <= 30, 'at most 30 attributes'),
    ),
    {},
  ),
  /** When the item joined the catalog (new arrivals); the first load's time when absent. */
  addedAt: v.optional(IsoDate),
  /** When it last came back in stock (back in stock); set by the catalog when availability turns in_stock. */
  restockedAt: v.optional(IsoDate),
  /** When its price last went down, and the price before (price dropped); set by the catalog on a lower price. */
  priceDroppedAt: v.optional(IsoDate),
  previousPrice: v.optional(Money),
});

export type CatalogItem = v.InferOutput<typeof CatalogItemSchema>;
/** What a feed or the Admin API may send: defaults (tags, attributes) may be omitted. */
export type CatalogItemInput = v.InferInput<typeof CatalogItemSchema>;

/** The price a visitor pays now: the sale price when there is one below the list price. */
export const effectivePrice = (item: CatalogItem): number => (item.salePrice !== undefined && item.salePrice < item.price ? item.salePrice : item.price);
