/**
 * What a recommendation knows of the visitor: the item ids the profile keeps (most recent first),
 * the interest scores, and the item the page shows. All of it is on the device or in the request.
 */
import type { Profile } from '../profile.ts';

export interface RecommendVisitor {
  viewed: readonly string[];
  carted: readonly string[];
  purchased: readonly string[];
  /** Per category, an interest score (the profile's). */
  interests: Readonly<Record<string, number>>;
  /** The item this page shows (its URL is the item's), if any. */
  current?: string | undefined;
}

const NONE: readonly string[] = Object.freeze([]);

export function visitorOf(profile: Profile, current?: string): RecommendVisitor {
  const items = profile.items;
  return { viewed: items?.viewed ?? NONE, carted: items?.carted ?? NONE, purchased: items?.purchased ?? NONE, interests: profile.interests, current };
}

/** Interest categories, strongest first (ties by name), at most `max`. */
export function favouriteCategories(interests: Readonly<Record<string, number>>, max = 3): string[] {
  return Object.entries(interests)
    .filter(([, score]) => score > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, max)
    .map(([name]) => name);
}
