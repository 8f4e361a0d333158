/**
 * Experiment layers (GrowthBook's namespaces): each experiment placed in a layer takes its own
 * slice [start, end) of the layer's traffic, and a visitor's layer hash (hash.ts's inNamespace,
 * independent of every experiment's own bucketing) falls in at most one slice, so experiments of
 * one layer never share a measured visitor. The config check (config.ts) refuses slices that
 * overlap.
 */
import { inNamespace } from './hash.ts';
import type { CampaignLayer } from './programme-schema.ts';

/** Whether a measured visitor falls in this campaign's slice of its layer. */
export function inLayerSlice(visitorId: string, layer: CampaignLayer): boolean {
  return inNamespace(visitorId, [layer.id, layer.start / 100, layer.end / 100]);
}

interface Placed {
  name: string;
  layer: CampaignLayer;
}

/**
 * Pairs of campaigns whose slices of one layer overlap: each pair would share visitors. Returns
 * [index of the later campaign, index of the earlier one] for every overlap.
 */
export function layerOverlaps(campaigns: readonly (Placed | null)[]): [number, number][] {
  const overlaps: [number, number][] = [];
  campaigns.forEach((c, i) => {
    if (!c) return;
    for (let j = 0; j < i; j++) {
      const other = campaigns[j];
      if (other && other.layer.id === c.layer.id && c.layer.start < other.layer.end && other.layer.start < c.layer.end) overlaps.push([i, j]);
    }
  });
  return overlaps;
}
