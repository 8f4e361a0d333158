/**
 * The preview: whether the frame shows the page as a chosen visitor gets it, which visitor, and
 * the live bandit weights the engine decides with (so the preview matches the edge).
 */
import { signal } from '@preact/signals';
import type { SiteConfigInput } from '@slotwise/core';
import { type BanditWeights, banditWeightsToServe } from '@slotwise/core/stats';
import { api } from '../api.ts';
import { type PreviewVisitor, presetVisitors } from '../preview.ts';
import { editCampaign } from './navigation.ts';

export const previewOn = signal(false);
export const previewVisitor = signal<PreviewVisitor>(presetVisitors()[0]!);
/**
 * The live bandit weights, from the results as the Worker takes them (banditWeightsToServe), so
 * the preview's best-known variant for a visitor who is not measured is the one the edge serves.
 */
export const liveBanditWeights = signal<BanditWeights>({});

/** Turns the preview on or off; on, the campaign editor closes so the frame shows the visitor's page. */
export function showPreview(on: boolean): void {
  previewOn.value = on;
  if (on) editCampaign(null);
}

/** Previews as a ready-made visitor. */
export function previewAs(visitor: PreviewVisitor): void {
  previewVisitor.value = visitor;
  showPreview(true);
}

/** The visitor the frame and the recommendation form show the page for, without leaving the campaign. */
export function chooseVisitor(visitor: PreviewVisitor): void {
  previewVisitor.value = visitor;
}

/** Changes some of the preview visitor's traits; it is then "(edited)" unless renamed. */
export function editPreviewVisitor(patch: Partial<PreviewVisitor>): void {
  const v = previewVisitor.value;
  previewVisitor.value = { ...v, ...patch, label: patch.label ?? `${v.label.replace(/ \(edited\)$/, '')} (edited)` };
}

export async function refreshBanditWeights(config: SiteConfigInput): Promise<void> {
  if (!config.campaigns.some((c) => c.allocation === 'bandit')) return;
  try {
    const { campaigns } = await api.results();
    const weights: BanditWeights = {};
    for (const c of campaigns) {
      const w = banditWeightsToServe(c);
      if (w) weights[c.id] = w;
    }
    liveBanditWeights.value = weights;
  } catch {
    // Without results the preview decides with the configured split, as the edge does before data.
  }
}
