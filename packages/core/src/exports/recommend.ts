/**
 * @slotwise/core/recommend — recommendations: reading a catalog, the template's item block and
 * its checks, and the strategies that pick a visitor's items (one engine for the edge, the
 * browser, the Decide API and the editor's preview).
 */
export { effectivePrice } from '../catalog.ts';
export { isItemId } from '../item-id.ts';
export { parseCatalog, parseCatalogItem, MAX_REJECTED_REPORTED, type ParsedCatalog, type RejectedLine } from '../recommend/parse-catalog.ts';
export { recommendTemplateProblems, formatCurrency, withClickRef, CLICK_PARAM, ITEMS_OPEN, ITEMS_CLOSE, ITEM_ATTRIBUTE, type Recommendation } from '../recommend/template.ts';
export { recommend, recommendationNeeds, type RecommendationNeeds } from '../recommend/engine.ts';
export { indexCatalog, catalogLists, popularity, LIST_LENGTH, PURCHASE_WEIGHT, type CatalogView, type ListName, type Popularity, type CoPurchases } from '../recommend/view.ts';
export { visitorOf, favouriteCategories, type RecommendVisitor } from '../recommend/visitor.ts';
export { NEWS_DAYS } from '../recommend/strategies.ts';
export { foldRecentItems, addRecentItems, encodeRecentItems, decodeRecentItems, itemIdsOf, noRecentItems, RECENT_ITEMS_KEPT } from '../recommend/recent-items.ts';
export { catalogShardOf } from '../recommend/shard.ts';
export { clickRef, parseClickRef, decodeClicks, encodeClicks, addClick, ATTRIBUTION_DAYS, type RecoClick } from '../recommend/attribution.ts';
