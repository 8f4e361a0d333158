/**
 * The recommendation engine: the items a recommendation variant shows this visitor. One pure,
 * synchronous function for the edge, the browser, the Decide API and the editor's preview; the
 * caller first loads what `recommendationNeeds` names (a few lists and items), so deciding never
 * waits on storage and never walks the whole catalog.
 *
 * Order: pinned items (that pass the filters), then the strategy's candidates, then its
 * fallback's when it found fewer than `count`; filters apply to all, duplicates go, boost and
 * bury reorder what is left. Fewer than `minItems` (default 1) shows nothing: the slot keeps its
 * default content.
 */
import type { CatalogItem } from '../catalog.ts';
import { applyRules, itemFilter } from './filters.ts';
import type { Recommend } from './schema.ts';
import { candidates, idsRead, listsRead } from './strategies.ts';
import type { Recommendation } from './template.ts';
import type { CatalogView, ListName } from './view.ts';
import type { RecommendVisitor } from './visitor.ts';

export interface RecommendationNeeds {
  lists: ListName[];
  items: string[];
}

/** The lists and items `recommend` will read for this spec and visitor. */
export function recommendationNeeds(spec: Recommend, visitor: RecommendVisitor): RecommendationNeeds {
  const strategies = spec.fallback && spec.fallback !== spec.strategy ? [spec.strategy, spec.fallback] : [spec.strategy];
  const lists = new Set<string>();
  const items = new Set<string>(spec.rules?.pin ?? []);
  for (const s of strategies) {
    for (const name of listsRead(s, spec, visitor)) lists.add(name);
    for (const id of idsRead(s, spec, visitor)) items.add(id);
  }
  if (visitor.current) items.add(visitor.current);
  return { lists: [...lists] as ListName[], items: [...items] };
}

export function recommend(spec: Recommend, view: CatalogView, visitor: RecommendVisitor, now: number): Recommendation {
  const passes = itemFilter(spec.filters, visitor);
  const seen = new Set<string>();
  const take = (items: readonly CatalogItem[], limit: number, into: CatalogItem[]) => {
    for (const item of items) {
      if (into.length >= limit) return;
      if (seen.has(item.id) || !passes(item)) continue;
      seen.add(item.id);
      into.push(item);
    }
  };
  const pinned: CatalogItem[] = [];
  take(
    (spec.rules?.pin ?? []).map((id) => view.item(id)).filter((i): i is CatalogItem => i !== undefined),
    spec.count,
    pinned,
  );
  // Enough beyond `count` that buried items can drop out of view.
  const want = spec.count - pinned.length;
  const pool: CatalogItem[] = [];
  const primary = candidates(spec.strategy, spec, view, visitor, now);
  take(primary.items, want + 24, pool);
  let category = primary.category;
  if (pool.length < want && spec.fallback && spec.fallback !== spec.strategy) {
    const extra = candidates(spec.fallback, spec, view, visitor, now);
    take(extra.items, want + 24, pool);
    category ||= extra.category;
  }
  const items = [...pinned, ...applyRules(pool, spec.rules)].slice(0, spec.count);
  return { strategy: spec.strategy, items: items.length >= (spec.minItems ?? 1) ? items : [], category };
}
