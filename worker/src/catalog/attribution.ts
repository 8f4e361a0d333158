/**
 * Delivered carts and purchases of clicked recommendations (the `sw_ra` cookie, catalog/clicks.ts)
 * become `reco_cart` / `reco_purchase` events for the slot, strategy and item that earned them,
 * stored with the batch. Their ids derive from the original event's, so a resent batch counts once.
 */
import { ATTRIBUTION_COOKIE, type SwEvent, readCookie } from '@slotwise/core/protocol';
import { decodeClicks, itemIdsOf } from '@slotwise/core/recommend';

const ATTRIBUTED: Record<string, string> = { add_to_cart: 'reco_cart', purchase: 'reco_purchase' };

export function attributedEvents(request: Request, events: readonly SwEvent[]): SwEvent[] {
  const clicks = decodeClicks(readCookie(request.headers.get('cookie'), ATTRIBUTION_COOKIE));
  if (!clicks.length) return [];
  const out: SwEvent[] = [];
  for (const e of events) {
    const type = Object.hasOwn(ATTRIBUTED, e.type) ? ATTRIBUTED[e.type] : undefined;
    if (!type) continue;
    const items = itemIdsOf(e.props);
    for (const click of clicks) {
      if (!items.includes(click.item)) continue;
      // The order's value split evenly over its items (or the item's own price on a cart).
      const total = typeof e.props?.value === 'number' ? e.props.value : typeof e.props?.price === 'number' ? e.props.price : 0;
      const value = Math.round((total / Math.max(1, items.length)) * 100) / 100;
      out.push({ id: `${e.id.slice(0, 40)}-r${out.length}`, type, ts: e.ts, props: { ...click, value } });
    }
  }
  return out;
}
