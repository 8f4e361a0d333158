/**
 * Recommendations for one visit: the items each decided recommendation slot shows. The page
 * path and the Decide API both call this with the same decisions, visitor and path, so they
 * give the same list. Core decides (recommend); this only loads what it reads.
 *
 * A slot whose recommendation finds too few items (`minItems`, default 1; or no catalog) is
 * taken out of `decisions`: it keeps its default content and nothing is counted for it, as if
 * the campaign had not applied there.
 */
import type { Decisions, SlotDecision } from '@slotwise/core/decide';
import type { Profile } from '@slotwise/core/profile';
import { type Recommendation, type RecommendVisitor, clickRef, recommend, recommendationNeeds, visitorOf } from '@slotwise/core/recommend';
import { type CatalogSnapshot, catalogSnapshot } from './read.ts';

export interface VisitRecommendations {
  /** Per slot name: what its recommendation variant shows (empty: the slot keeps its default). */
  slots: Record<string, Recommendation>;
  /** The catalog item this page shows, if any. */
  current: string | undefined;
}

const NONE: VisitRecommendations = { slots: {}, current: undefined };

/**
 * How long a page waits for the catalog reads its recommendations need (a cold isolate, a slow
 * KV): past it the slots keep their default content, and the reads go on to warm the cache.
 */
export const CATALOG_BUDGET_MS = 100;

export async function recommendationsFor(
  kv: KVNamespace,
  site: string,
  decisions: Decisions,
  profile: Profile,
  path: string,
  now: number,
  budgetMs = CATALOG_BUDGET_MS,
): Promise<VisitRecommendations> {
  const wanted = Object.values(decisions.slots).filter((d) => d.content?.kind === 'recommendations');
  const found = await recommendSlots(kv, site, wanted, profile, path, now, budgetMs);
  for (const d of wanted) if (!Object.hasOwn(found.slots, d.slot)) delete decisions.slots[d.slot];
  return found;
}

/**
 * The items each of these recommendation decisions shows the visitor on this path, and the
 * catalog item the path shows, within the budget (past it, none). Also what the browser asks for
 * an SPA route's slots (api/client-recommendations.ts).
 */
export async function recommendSlots(
  kv: KVNamespace,
  site: string,
  wanted: readonly SlotDecision[],
  profile: Profile,
  path: string,
  now: number,
  budgetMs: number,
): Promise<VisitRecommendations> {
  const late = new Promise<VisitRecommendations>((resolve) => setTimeout(() => resolve(NONE), budgetMs));
  return Promise.race([load(kv, site, wanted, profile, path, now).catch(() => NONE), late]);
}

async function load(kv: KVNamespace, site: string, wanted: readonly SlotDecision[], profile: Profile, path: string, now: number): Promise<VisitRecommendations> {
  const snapshot = await catalogSnapshot(kv, site);
  if (!snapshot) return NONE;
  const current = await snapshot.itemAt(path).catch(() => undefined);
  const visitor = visitorOf(profile, current);
  const slots: Record<string, Recommendation> = {};
  for (const decision of wanted) {
    const spec = decision.content?.recommend;
    const shown = spec ? await pick(snapshot, spec, visitor, now) : null;
    // Each item link carries the decision, so a click on it is attributed (catalog/clicks.ts).
    if (shown?.items.length) slots[decision.slot] = { ...shown, ref: clickRef(decision) };
  }
  return { slots, current };
}

async function pick(snapshot: CatalogSnapshot, spec: Parameters<typeof recommend>[0], visitor: RecommendVisitor, now: number): Promise<Recommendation> {
  const needs = recommendationNeeds(spec, visitor);
  const view = await snapshot.view(needs.lists, needs.items);
  return recommend(spec, view, visitor, now);
}
