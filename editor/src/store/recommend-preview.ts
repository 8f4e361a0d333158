/**
 * The products a recommendation variant shows the preview visitor, asked of the Worker (the
 * catalog lives there; POST /catalog/preview runs core's engine on it), kept per spec, visitor
 * and page so the frame and the form render them without asking twice. The frame renders the
 * template with core's renderer around these items, exactly as the edge does.
 */
import { signal } from '@preact/signals';
import type { Recommend } from '@slotwise/core';
import { emptyProfile } from '@slotwise/core/profile';
import type { Recommendation } from '@slotwise/core/recommend';
import { api } from '../api.ts';
import { isMeasured, type PreviewVisitor } from '../preview.ts';

export type Shown = { state: 'loading' } | { state: 'ready'; shown: Recommendation } | { state: 'error'; error: string };

/** What was asked, by key (spec, visitor's profile, page). */
export const recommendationsShown = signal<Record<string, Shown>>({});

/** A visitor the engine cannot measure has no stored profile, as at the edge. */
const profileFor = (visitor: PreviewVisitor) => (isMeasured(visitor) ? visitor.profile : emptyProfile());

export function previewKey(spec: Recommend, visitor: PreviewVisitor, path: string): string {
  return JSON.stringify([spec, profileFor(visitor), path]);
}

const LOADING: Shown = { state: 'loading' };
/** Questions asked and not answered yet, by key: each is asked once. */
const asking = new Map<string, Promise<void>>();

/**
 * The items for this spec, visitor and page: what is known now (loading at first), and a
 * request to the Worker when it was never asked. The signal updates when the answer comes.
 * Called while rendering, so the request starts after it (a render must not write signals).
 */
export function shownFor(spec: Recommend, visitor: PreviewVisitor, path: string): Shown {
  const key = previewKey(spec, visitor, path);
  const known = recommendationsShown.value[key];
  if (known) return known;
  if (!asking.has(key))
    asking.set(
      key,
      Promise.resolve().then(() => ask(key, spec, visitor, path)),
    );
  return LOADING;
}

/** Settles when every question asked so far has its answer. */
export async function previewsSettled(): Promise<void> {
  await Promise.all(asking.values());
}

async function ask(key: string, spec: Recommend, visitor: PreviewVisitor, path: string): Promise<void> {
  try {
    const profile = profileFor(visitor);
    const answer = await api.previewRecommendation({ recommend: spec, interests: profile.interests, ...(profile.items ? { items: profile.items } : {}), path });
    set(key, { state: 'ready', shown: { strategy: answer.strategy, items: answer.items, category: answer.category } });
  } catch (error) {
    set(key, { state: 'error', error: (error as Error).message });
  } finally {
    asking.delete(key);
  }
}

function set(key: string, shown: Shown): void {
  // Bounded: a marketer trying many specs keeps only the latest answers.
  const entries = Object.entries(recommendationsShown.peek()).filter(([k]) => k !== key);
  recommendationsShown.value = Object.fromEntries([...entries.slice(-49), [key, shown]]);
}

/** Forgets every answer (after the catalog changed). */
export function forgetRecommendations(): void {
  asking.clear();
  recommendationsShown.value = {};
}
