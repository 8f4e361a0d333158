/**
 * Keeps the items this visitor carted and bought in the `sw_i` cookie (core's recent-items.ts),
 * so the next page's recommendations exclude what was bought and build on the cart. Part of the
 * reporting chunk: `add_to_cart` and `purchase` are delivered, so this chunk is loaded for each
 * one anyway and sw.js carries none of it. (The edge adds viewed items from the pages it serves.)
 */
import { ITEMS_COOKIE, type SwEvent } from '@slotwise/core/protocol';
import { decodeRecentItems, encodeRecentItems, foldRecentItems } from '@slotwise/core/recommend';
import { readCookie, writeCookie } from './browser.ts';

const YEAR = 365 * 86_400;
/** Events already folded in this page: the outbox is seen again at every schedule. */
const folded = new Set<string>();

export function rememberItems(events: readonly SwEvent[]): void {
  const fresh = events.filter((e) => !folded.has(e.id) && (e.type === 'add_to_cart' || e.type === 'purchase'));
  if (!fresh.length) return;
  for (const e of fresh) folded.add(e.id);
  writeCookie(ITEMS_COOKIE, encodeRecentItems(foldRecentItems(decodeRecentItems(readCookie(ITEMS_COOKIE)), fresh)), YEAR);
}
