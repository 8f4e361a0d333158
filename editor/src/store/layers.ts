/**
 * Experiment layers in the editor: putting two colliding experiments in one layer (core's
 * collisions.ts flags them before publishing), and each layer's traffic split. A layer's shares
 * never overlap (core's config check refuses it), so joining a layer takes the free share left.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { edit } from './draft.ts';

type Config = SiteConfigInput;
type LayerShare = { id: string; start: number; end: number };

export interface LayerSplit {
  id: string;
  name: string;
  /** Each campaign's share, in order, and what is left free. */
  shares: { campaign: string; name: string; start: number; end: number }[];
  freePct: number;
}

/** Every layer with its campaigns' shares (paused ones left out: they hold no traffic). */
export function layerSplits(config: Config): LayerSplit[] {
  return (config.layers ?? []).map((layer) => {
    const shares = config.campaigns
      .filter((c) => c.layer?.id === layer.id && c.status !== 'paused')
      .map((c) => ({ campaign: c.id, name: c.name, start: c.layer!.start, end: c.layer!.end }))
      .sort((a, b) => a.start - b.start);
    return { id: layer.id, name: layer.name, shares, freePct: 100 - shares.reduce((sum, s) => sum + (s.end - s.start), 0) };
  });
}

/** A layer id not yet taken, from a name. */
export function freshLayerId(config: Config, name: string): string {
  const base =
    `layer-${name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')}`.slice(0, 56) || 'layer';
  const taken = new Set((config.layers ?? []).map((l) => l.id));
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * The config with campaigns `a` and `b` in one layer: a's layer when it has one (b takes the free
 * share after the others), else a new layer named for both that splits its traffic in half.
 */
export function inOneLayer(config: Config, a: string, b: string): Config {
  const first = config.campaigns.find((c) => c.id === a);
  const second = config.campaigns.find((c) => c.id === b);
  if (!first || !second) return config;
  const place = (id: string, layer: LayerShare) => (c: Config['campaigns'][number]) => (c.id === id ? { ...c, layer } : c);
  if (first.layer) {
    const used =
      layerSplits(config)
        .find((l) => l.id === first.layer!.id)
        ?.shares.filter((s) => s.campaign !== b) ?? [];
    const end = Math.max(0, ...used.map((s) => s.end));
    if (end >= 100) return config;
    return { ...config, campaigns: config.campaigns.map(place(b, { id: first.layer.id, start: end, end: 100 })) };
  }
  const id = freshLayerId(config, `${first.name} ${second.name}`);
  return {
    ...config,
    layers: [...(config.layers ?? []), { id, name: `${first.name} / ${second.name}`.slice(0, 200) }],
    campaigns: config.campaigns.map(place(a, { id, start: 0, end: 50 })).map(place(b, { id, start: 50, end: 100 })),
  };
}

/** Puts two experiments in one layer, in the draft. */
export function putInOneLayer(a: string, b: string): void {
  edit((config) => inOneLayer(config, a, b));
}
