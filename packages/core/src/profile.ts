/**
 * The profile summary: what the device has learnt about a visitor, compact enough to ride in
 * a cookie to the edge. The SDK folds events into it; the Worker only reads it.
 */
export interface EventStats {
  /** Occurrences in the last 1, 7, 30 and 90 days, and ever. */
  d1: number;
  d7: number;
  d30: number;
  d90: number;
  total: number;
  /** Unix seconds of the latest occurrence. */
  last: number;
}

export interface Profile {
  /** Unix seconds; 0 means never seen (an empty profile). */
  firstSeen: number;
  lastSeen: number;
  sessions: number;
  pageviews: number;
  /** Per event name (`add_to_cart`, `purchase`, `view_item` …). */
  events: Record<string, EventStats>;
  /** Per category, an interest score with time decay. */
  interests: Record<string, number>;
  orders: number;
  revenue: number;
  /** Seconds away before the current session began; 0 in the first session. */
  returnGap: number;
  /**
   * Catalog item ids from `view_item`, `add_to_cart` and `purchase` props, most recent first and
   * bounded (profile-items.ts): what recommendations exclude or build on. Absent when none.
   */
  items?: RecentItems;
}

export interface RecentItems {
  viewed: string[];
  carted: string[];
  purchased: string[];
}

export function emptyProfile(): Profile {
  return { firstSeen: 0, lastSeen: 0, sessions: 0, pageviews: 0, events: {}, interests: {}, orders: 0, revenue: 0, returnGap: 0 };
}
