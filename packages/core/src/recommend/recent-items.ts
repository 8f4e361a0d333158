/**
 * The items a visitor viewed, carted and bought, most recent first: what recommendations exclude
 * (bought) and build on (viewed, carted). Kept in their own small cookie, `sw_i`, next to the
 * profile: the edge adds the item of each product page it serves (the page's URL is the item's
 * in the catalog), and the SDK's reporting chunk adds the items of `add_to_cart` and `purchase`
 * events (their `item` prop, or `items`, comma-separated) as it queues them for delivery. So
 * sw.js carries none of this, and nothing leaves the device that did not already.
 *
 * Wire form: `1~` then the three lists separated by `!`, ids by `*` (all cookie-safe, and never
 * in an id). Decoding trusts nothing: garbage yields empty lists.
 */
import { isItemId } from '../item-id.ts';
import type { RecentItems } from '../profile.ts';

/** Ids kept per list: viewed, carted, purchased. 30 ids of at most 40 characters: under 1.3 KB. */
export const RECENT_ITEMS_KEPT = { viewed: 12, carted: 6, purchased: 12 } as const;
const PREFIX = '1~';
const MAX_COOKIE = 1300;

export const noRecentItems = (): RecentItems => ({ viewed: [], carted: [], purchased: [] });

/** The event types that add to a list, and which. */
const LIST_OF: Readonly<Record<string, keyof RecentItems>> = { view_item: 'viewed', add_to_cart: 'carted', purchase: 'purchased' };

/** Item ids an event's props name: `item`, or `items` (comma-separated). */
export function itemIdsOf(props: Readonly<Record<string, unknown>> | undefined): string[] {
  const raw = props?.items ?? props?.item;
  return typeof raw === 'string'
    ? raw
        .split(',')
        .map((id) => id.trim())
        .filter(isItemId)
    : [];
}

/** Pure: the lists with `ids` moved to the front of `list` (each id once), bounded. */
export function addRecentItems(items: RecentItems, list: keyof RecentItems, ids: readonly string[]): RecentItems {
  if (!ids.length) return items;
  const front = [...new Set(ids)];
  return { ...items, [list]: [...front, ...items[list].filter((id) => !front.includes(id))].slice(0, RECENT_ITEMS_KEPT[list]) };
}

/** Folds events (oldest first) into the lists; events of other types change nothing. */
export function foldRecentItems(items: RecentItems, events: readonly { type: string; props?: Readonly<Record<string, unknown>> | undefined }[]): RecentItems {
  let out = items;
  for (const e of events) {
    const list = Object.hasOwn(LIST_OF, e.type) ? LIST_OF[e.type] : undefined;
    if (list) out = addRecentItems(out, list, itemIdsOf(e.props));
  }
  return out;
}

export function encodeRecentItems(items: RecentItems): string {
  const lists = [items.viewed, items.carted, items.purchased].map((ids) => ids.filter(isItemId));
  // Within the bound whatever ids came in: the oldest views go first.
  for (;;) {
    const value = PREFIX + lists.map((ids) => ids.join('*')).join('!');
    if (value.length <= MAX_COOKIE || !(lists[0]!.pop() ?? lists[2]!.pop() ?? lists[1]!.pop())) return value;
  }
}

export function decodeRecentItems(value: string | null | undefined): RecentItems {
  if (typeof value !== 'string' || value.length > MAX_COOKIE || !value.startsWith(PREFIX)) return noRecentItems();
  const lists = value.slice(PREFIX.length).split('!');
  if (lists.length !== 3) return noRecentItems();
  const [viewed, carted, purchased] = lists.map((list) => (list === '' ? [] : list.split('*')));
  const ok = (ids: string[] | undefined, list: keyof RecentItems): ids is string[] => ids !== undefined && ids.length <= RECENT_ITEMS_KEPT[list] && ids.every(isItemId);
  return ok(viewed, 'viewed') && ok(carted, 'carted') && ok(purchased, 'purchased') ? { viewed, carted, purchased } : noRecentItems();
}
