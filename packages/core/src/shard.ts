/**
 * Which of a site's N event stores keeps a visitor's events (docs/measurement.md). Every event of
 * one visitor goes to one store, so attribution (a visitor's exposure and their later purchase)
 * and distinct-visitor counts stay exact inside that store, and the stores' counts add up.
 *
 * Rendezvous (highest-random-weight) hashing over core's FNV-1a: each store scores the visitor
 * and the highest score wins. Going from N to N+k stores moves only the visitors the new stores
 * win (about k/(N+k) of them), each straight to its new home; the others stay where they are.
 * Going down moves only the removed stores' visitors.
 */
import { fnv1a32 } from './hash.ts';

/** Most stores a site may be split over: results read every one of them. */
export const MAX_EVENT_SHARDS = 64;

/** The store (0..count-1) a visitor's events live in when a site has `count` stores. */
export function shardOf(visitor: string, count: number): number {
  const n = Math.min(MAX_EVENT_SHARDS, Math.max(1, Math.floor(Number.isFinite(count) ? count : 1)));
  if (n === 1) return 0;
  const base = fnv1a32(visitor);
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < n; i++) {
    // Hashing the hash (as bucketing's version 2 does) spreads ids that differ in one character.
    const score = fnv1a32(String(fnv1a32(`:${i}`, base)));
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  return best;
}
