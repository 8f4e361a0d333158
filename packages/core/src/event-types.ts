/**
 * Event types (kept apart from the schema so the SDK bundle carries no validator).
 * The standard events and the props Slotwise reads from them. Any other lower_snake_case type
 * is a custom event: counted and windowed like the rest.
 * - page_view   { path, query? (the URL's, UTM and all), title?, category?, tags? (comma-separated), referrer? }
 * - view_item   { sku, price?, category?, tags? }
 * - add_to_cart { sku, price?, category? }
 * - purchase    { value, currency?, coupon? }
 * - search      { query }
 * - click       { target }            (elements marked data-sw-track="target")
 * - scroll      { depth }             (max depth reached on a page, %)
 * - engagement  { ms }                (visible, active time on a page)
 * - exposure    { campaign, variant } (a personalized slot was actually seen)
 */
export const STANDARD_EVENTS = ['page_view', 'view_item', 'add_to_cart', 'purchase', 'search', 'click', 'scroll', 'engagement', 'exposure'] as const;

/** The synthetic event counted for each sign of deal hunting (sale tags, deal searches, coupons). */
export const DEAL_SIGNAL = 'deal_signal';

/**
 * The standard events and deal_signal: segments and frequency caps read them, so the state and
 * the cookie keep them first and a site's many custom events never push them out.
 */
export const isCoreEvent = (type: string): boolean => type === DEAL_SIGNAL || (STANDARD_EVENTS as readonly string[]).includes(type);

/** One delivery to /__sw/collect: at most this many events and bytes (also the 64 KiB that keepalive fetches and beacons may carry). */
export const MAX_BATCH_EVENTS = 100;
export const MAX_BATCH_BYTES = 64 * 1024;
