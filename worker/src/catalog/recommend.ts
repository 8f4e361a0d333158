/**
 * Recommendations for one visit: the items each decided recommendation slot shows. The page
 * path and the Decide API both call this with the same decisions, visitor and path, so they
 * give the same list. Core decides (recommend); this only loads what it reads.
 */
import type { Decisions } from '@slotwise/core/decide';
import type { Profile } from '@slotwise/core/profile';
import { type Recommendation, type RecommendVisitor, recommend, recommendationNeeds, visitorOf } from '@slotwise/core/recommend';
import { type CatalogSnapshot, catalogSnapshot } from './read.ts';

export interface VisitRecommendations {
  /** Per slot name: what its recommendation variant shows (empty: the slot keeps its default). */
  slots: Record<string, Recommendation>;
  /** The catalog item this page shows, if any. */
  current: string | undefined;
}

const NONE: VisitRecommendations = { slots: {}, current: undefined };

export async function recommendationsFor(kv: KVNamespace, site: string, decisions: Decisions, profile: Profile, path: string, now: number): Promise<VisitRecommendations> {
  const snapshot = await catalogSnapshot(kv, site).catch(() => null);
  if (!snapshot) return NONE;
  const current = await snapshot.itemAt(path).catch(() => undefined);
  const visitor = visitorOf(profile, current);
  const slots: Record<string, Recommendation> = {};
  for (const decision of Object.values(decisions.slots)) {
    const spec = decision.content?.kind === 'recommendations' ? decision.content.recommend : undefined;
    if (spec) slots[decision.slot] = await pick(snapshot, spec, visitor, now);
  }
  return { slots, current };
}

async function pick(snapshot: CatalogSnapshot, spec: Parameters<typeof recommend>[0], visitor: RecommendVisitor, now: number): Promise<Recommendation> {
  const needs = recommendationNeeds(spec, visitor);
  const view = await snapshot.view(needs.lists, needs.items);
  return recommend(spec, view, visitor, now);
}
