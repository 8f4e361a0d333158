/**
 * "Optimize automatically": Thompson sampling over a campaign's variants. Each variant's weight
 * is the probability that it is the best, under Beta(1 + converted, 1 + not converted)
 * posteriors, estimated by Monte Carlo with a seeded generator. The draws are a pure function
 * of (counts, seed), so the Worker, the browser and a test see the same weights from the same
 * aggregates; only transcendental Math functions (log, sqrt) differ between JS engines, by at most
 * an ulp, which can move a single draw and so a weight by 1/draws.
 * The control group is not an arm here: it keeps its holdout share so uplift stays measurable.
 */
import type { SiteConfig } from './schema.ts';
import type { Rate } from './stats.ts';

export interface BanditOptions {
  /** Monte Carlo draws (default 10,000: a weight's standard error is then at most 0.005). */
  draws?: number;
  /** Seed of the generator: the campaign id, so two campaigns do not share their noise. */
  seed?: string;
  /** Every arm keeps at least this share, so a variant that started unlucky can still recover (default 0.05). */
  minShare?: number;
}

export const DEFAULT_DRAWS = 10_000;
export const MIN_EXPLORATION_SHARE = 0.05;

/** mulberry32: 32-bit integer arithmetic only, so its stream is identical in every engine. */
function generator(seed: string): () => number {
  let state = fnv1a(seed) | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A full 32-bit seed from the text (hash() is scaled down to 10,000 buckets). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Standard normal by Marsaglia's polar method (no trigonometry: fewer engine-dependent functions). */
function normal(next: () => number): number {
  for (;;) {
    const u = 2 * next() - 1;
    const v = 2 * next() - 1;
    const s = u * u + v * v;
    if (s > 0 && s < 1) return u * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/** Gamma(shape, 1) for shape >= 1 by Marsaglia and Tsang (2000); Beta posteriors here always have shape >= 1. */
function gamma(shape: number, next: () => number): number {
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(next);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = next();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function beta(a: number, b: number, next: () => number): number {
  const x = gamma(a, next);
  return x / (x + gamma(b, next));
}

/** For each arm, the share of draws in which its sampled rate was the highest (ties go to the first). */
export function probabilityBest(arms: readonly Rate[], options: BanditOptions = {}): number[] {
  if (arms.length === 0) return [];
  const draws = Math.max(1, Math.floor(options.draws ?? DEFAULT_DRAWS));
  const next = generator(options.seed ?? '');
  const wins = arms.map(() => 0);
  const shapes = arms.map((r) => {
    const converted = Math.max(0, Math.min(r.converted, r.visitors));
    return [1 + converted, 1 + Math.max(0, r.visitors - converted)] as const;
  });
  for (let i = 0; i < draws; i++) {
    let best = 0;
    let bestValue = -1;
    shapes.forEach(([a, b], arm) => {
      const value = beta(a, b, next);
      if (value > bestValue) {
        bestValue = value;
        best = arm;
      }
    });
    wins[best]! += 1;
  }
  return wins.map((w) => w / draws);
}

/**
 * Traffic weights for the arms (summing to 1): each gets the floor, the rest is shared by
 * probability of being best. The floor is capped at an equal split, so with many arms it
 * degrades to equal weights rather than to weights that cannot add up.
 */
export function banditWeights(arms: readonly Rate[], options: BanditOptions = {}): number[] {
  if (arms.length === 0) return [];
  const floor = Math.min(Math.max(0, options.minShare ?? MIN_EXPLORATION_SHARE), 1 / arms.length);
  return probabilityBest(arms, options).map((p) => floor + (1 - arms.length * floor) * p);
}

/** Variant id → weight, per campaign id. */
export type BanditWeights = Record<string, Record<string, number>>;

/**
 * The config with its bandit campaigns' variant weights replaced (the holdout is untouched), for
 * the Worker to compile when it refreshes weights from the aggregates. Campaigns with fixed
 * allocation, and variants without a weight in `weights`, keep theirs.
 */
export function withBanditWeights(config: SiteConfig, weights: BanditWeights): SiteConfig {
  return {
    ...config,
    campaigns: config.campaigns.map((c) => {
      const w = weights[c.id];
      if (c.allocation !== 'bandit' || !w) return c;
      return { ...c, variants: c.variants.map((v) => (w[v.id] === undefined ? v : { ...v, weight: w[v.id] })) };
    }),
  };
}
