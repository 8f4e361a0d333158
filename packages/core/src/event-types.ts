/**
 * Event types (kept apart from the schema so the SDK bundle carries no validator).
 * The standard events and the props Slotwise reads from them. Any other lower_snake_case type
 * is a custom event: counted and windowed like the rest.
 * - page_view   { path, title?, category?, tags? (comma-separated), referrer?, utm_source? … }
 * - view_item   { sku, price?, category?, tags? }
 * - add_to_cart { sku, price?, category? }
 * - purchase    { value, currency?, coupon? }
 * - search      { query }
 * - click       { target }            (elements marked data-sw-track="target")
 * - scroll      { depth }             (max depth reached on a page, %)
 * - engagement  { ms }                (visible, active time on a page)
 * - exposure    { campaign, variant } (a personalized slot was actually seen)
 */
export const STANDARD_EVENTS = [
  'page_view', 'view_item', 'add_to_cart', 'purchase', 'search', 'click', 'scroll', 'engagement', 'exposure',
] as const;
