/**
 * No field has a schema default (the engine applies them), so a stored variant reads back exactly
 * as written and Content's input and output types stay one type.
 *
 * What a recommendation variant asks for: a strategy (and one to fall back on when it finds too
 * few items), how many items, which items may show (filters) and the merchandiser's rules (pin,
 * boost, bury). Part of a variant's content (`kind: 'recommendations'`, schema.ts).
 */
import * as v from 'valibot';
import { ItemIdSchema } from '../catalog.ts';

export const STRATEGIES = [
  /** Items this visitor viewed, most recent first. */
  'recently_viewed',
  /** Top items (by trending, then newest) in the visitor's strongest interest categories. */
  'favourite_categories',
  /** The most viewed and bought items over the last 1 or 7 days (counted at the edge, aggregate). */
  'trending',
  /** Items bought together with the current item, or with what the visitor carted or bought. */
  'bought_together',
  /** The newest items (`addedAt`). */
  'new_arrivals',
  /** Items this visitor viewed that came back in stock since. */
  'back_in_stock',
  /** Items this visitor viewed whose price went down since. */
  'price_dropped',
  /** The items listed in `items`, in order. */
  'manual',
] as const;
export type Strategy = (typeof STRATEGIES)[number];

const CategoryName = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.minLength(1), v.maxLength(40));
const Money = v.pipe(v.number(), v.finite(), v.minValue(0));
const Ids = (max: number) => v.pipe(v.array(ItemIdSchema), v.maxLength(max));

/** Which items may show. Absent booleans take the engine's defaults (recommend/filters.ts). */
export interface ItemFilters {
  /** Only items in stock (and preorders with `allowPreorder`). Default true. */
  inStock?: boolean | undefined;
  allowPreorder?: boolean | undefined;
  /** Only items in one of these categories (anywhere in their category path). */
  category?: string[] | undefined;
  /** Price range on the price paid now (the sale price when there is one), inclusive. */
  minPrice?: number | undefined;
  maxPrice?: number | undefined;
  /** Leave out what this visitor bought. Default true. */
  excludePurchased?: boolean | undefined;
  /** Leave out the item the page shows. Default true. */
  excludeCurrent?: boolean | undefined;
}

/** Items a boost or bury rule applies to: any of these ids, categories or tags. */
export interface ItemMatch {
  ids?: string[] | undefined;
  category?: string[] | undefined;
  tags?: string[] | undefined;
}

export interface ItemRules {
  /** These items first, in this order, when they pass the filters. */
  pin?: string[] | undefined;
  /** Matching items move ahead of the others (keeping the strategy's order among themselves). */
  boost?: ItemMatch[] | undefined;
  /** Matching items move behind the others; they show only when there are too few without them. */
  bury?: ItemMatch[] | undefined;
}

export interface Recommend {
  strategy: Strategy;
  /** Fills the list up when the strategy finds fewer than `count` items. */
  fallback?: Strategy | undefined;
  count: number;
  filters?: ItemFilters | undefined;
  rules?: ItemRules | undefined;
  /** Plain text for `{{reco.heading}}` in the template ("Because you looked at …"). */
  heading?: string | undefined;
  /** The `manual` strategy's items, in order. */
  items?: string[] | undefined;
  /** `trending`'s window in days. Default 7. */
  days?: 1 | 7 | undefined;
  /** Currency for `| currency` when an item has none. Default USD. */
  currency?: string | undefined;
  /** Show the slot's default content unless at least this many items are found. Default 1. */
  minItems?: number | undefined;
}

// Typed by the interfaces above: inferring them would make every config type too deep for tsc.
export const ItemFiltersSchema: v.GenericSchema<ItemFilters> = v.object({
  inStock: v.optional(v.boolean()),
  allowPreorder: v.optional(v.boolean()),
  category: v.optional(v.pipe(v.array(CategoryName), v.maxLength(20))),
  minPrice: v.optional(Money),
  maxPrice: v.optional(Money),
  excludePurchased: v.optional(v.boolean()),
  excludeCurrent: v.optional(v.boolean()),
});

export const ItemMatchSchema: v.GenericSchema<ItemMatch> = v.object({
  ids: v.optional(Ids(100)),
  category: v.optional(v.pipe(v.array(CategoryName), v.maxLength(20))),
  tags: v.optional(v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(60))), v.maxLength(20))),
});

export const ItemRulesSchema: v.GenericSchema<ItemRules> = v.object({
  pin: v.optional(Ids(24)),
  boost: v.optional(v.pipe(v.array(ItemMatchSchema), v.maxLength(10))),
  bury: v.optional(v.pipe(v.array(ItemMatchSchema), v.maxLength(10))),
});

const StrategySchema = v.picklist(STRATEGIES, `must be one of ${STRATEGIES.join(', ')}`);

export const RecommendSchema: v.GenericSchema<Recommend> = v.object({
  strategy: StrategySchema,
  fallback: v.optional(StrategySchema),
  count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24)),
  filters: v.optional(ItemFiltersSchema),
  rules: v.optional(ItemRulesSchema),
  heading: v.optional(v.pipe(v.string(), v.maxLength(200))),
  items: v.optional(Ids(100)),
  days: v.optional(v.picklist([1, 7])),
  currency: v.optional(v.pipe(v.string(), v.regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code'))),
  minItems: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24))),
});
