/**
 * A product page served to a tracked visitor adds its item to the visitor's viewed items (the
 * `sw_i` cookie, core's recent-items.ts): the edge sees every product page, with or without
 * the SDK, and the next page's recommendations can use it at once.
 */
import { ITEMS_COOKIE, serializeCookie } from '@slotwise/core/protocol';
import { addRecentItems, encodeRecentItems, noRecentItems } from '@slotwise/core/recommend';
import type { Visitor } from '../page/visitor.ts';

const YEAR = 365 * 86_400;

/** The Set-Cookie the page carries: none when nothing changes or the visitor is not tracked. */
export function viewedOnPage(visitor: Visitor, current: string | undefined, url: URL): string[] {
  if (!visitor.tracking || !current) return [];
  const items = visitor.profile.items ?? noRecentItems();
  if (items.viewed[0] === current) return [];
  return [serializeCookie(ITEMS_COOKIE, encodeRecentItems(addRecentItems(items, 'viewed', [current])), { maxAge: YEAR, secure: url.protocol === 'https:' })];
}
