/**
 * Compiles a validated site config into the form the decision engine walks on every request:
 * live campaigns only, in priority order, with page matchers, schedule bounds, audience
 * conditions and bucket ranges worked out once instead of per request.
 */
import { type CompiledCondition, type Condition, type SavedGroups, compileCondition } from './condition.ts';
import { type CampaignIndex, indexCampaigns } from './campaign-index.ts';
import { type BucketRange, getBucketRanges } from './hash.ts';
import { type PageMatcher, compilePages } from './pages.ts';
import type { RateEstimates } from './arbitration.ts';
import type { BudgetedCampaign } from './budget.ts';
import type { Arbitration, Budget, CampaignLayer } from './programme-schema.ts';
import type { Campaign, SiteConfig, Variant } from './schema.ts';

export const CONTROL = 'control';

export interface CompiledCampaign {
  id: string;
  slots: readonly string[];
  pages: PageMatcher;
  /** Epoch ms; -Infinity / Infinity when unbounded. */
  start: number;
  end: number;
  audience: string | null;
  /** The audience's rule (compiled when first evaluated); null when the campaign is for everyone. */
  condition: CompiledCondition | null;
  /**
   * Index of the audience in the config, or of the first audience with the same rule (-1 without
   * one): campaigns sharing it evaluate it once per request.
   */
  audienceIndex: number;
  seed: string;
  /** Frequency cap (Infinity when unlimited). */
  perDay: number;
  perVisitor: number;
  /** Arm 0 is the control group; arms 1… are the variants. */
  arms: readonly (Variant | null)[];
  ranges: readonly BucketRange[];
  /** More than one arm can be drawn: a visitor id is needed to assign one. */
  experiment: boolean;
  /** When not an experiment, the one arm everybody in the audience gets. */
  soleArm: number;
  /**
   * The arm a visitor who cannot be measured gets (no consent, a privacy signal): never the
   * control, which exists among measured visitors only. The best-known variant: a bandit's
   * highest current weight, else the first variant with traffic.
   */
  bestArm: number;
  /** What contact budgets need of it (budget.ts). */
  budgeted: BudgetedCampaign;
  /** Its slice of an experiment layer (layers.ts), or null. */
  layer: CampaignLayer | null;
  source: Campaign;
}

export interface CompiledConfig {
  version: number;
  siteId: string;
  consent: 'required' | 'implied';
  slotPages: ReadonlyMap<string, PageMatcher>;
  campaigns: readonly CompiledCampaign[];
  /** The campaigns of each slot (campaign-index.ts): a request walks only those of its undecided slots. */
  index: CampaignIndex;
  savedGroups: SavedGroups;
  /** Share of visitors in the global holdout (0–0.5). */
  holdout: number;
  /** Ids of campaigns with a frequency cap: whoever renders them counts the showing (frequency.ts). */
  capped: ReadonlySet<string>;
  /** Contact budgets across campaigns and channels (budget.ts); empty when none is set. */
  budgets: readonly Budget[];
  /** How campaigns competing for a slot are ranked (arbitration.ts). */
  arbitration: Arbitration;
  /** Conversion rates per campaign for value arbitration, when the runtime measured them (the Worker, from results). */
  estimates?: RateEstimates;
  /** The validated config this was compiled from (e.g. to hand one page's part to the browser). */
  source: SiteConfig;
}

export function compileConfig(config: SiteConfig): CompiledConfig {
  // Audiences with the same rule (copies under another name, as configs with hundreds of
  // campaigns have) share one index, so a request evaluates that rule once.
  const firstWithRule = new Map<string, number>();
  const shared = config.audiences.map((a, i) => {
    const rule = JSON.stringify(a.condition);
    const first = firstWithRule.get(rule);
    if (first === undefined) firstWithRule.set(rule, i);
    return first ?? i;
  });
  const audiences = new Map(config.audiences.map((a, i) => [a.id, shared[i]!]));
  // Once per audience, however many campaigns share it.
  const conditions = config.audiences.map((a, i) => (shared[i] === i ? compiledOnUse(a.condition) : null));
  const campaigns = config.campaigns
    .filter((c) => c.status === 'live')
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((c) => compileCampaign(c, conditions, c.audience === undefined ? -1 : (audiences.get(c.audience) ?? -1)));
  return {
    version: config.version,
    siteId: config.site.id,
    consent: config.site.consent,
    slotPages: new Map(config.slots.map((s) => [s.name, compilePages(s.pages)])),
    campaigns,
    index: indexCampaigns(campaigns),
    savedGroups: config.savedGroups ?? {},
    holdout: (config.site.holdoutPct ?? 0) / 100,
    capped: new Set(campaigns.filter((c) => c.perDay < Number.POSITIVE_INFINITY || c.perVisitor < Number.POSITIVE_INFINITY).map((c) => c.id)),
    budgets: config.budgets ?? [],
    arbitration: config.arbitration ?? 'priority',
    source: config,
  };
}

/**
 * An audience's rule, compiled when first evaluated: a request compiles only the audiences it
 * reaches, so a config with hundreds of them does not make one request pay for them all.
 */
function compiledOnUse(condition: Condition): CompiledCondition {
  let compiled: CompiledCondition | undefined;
  return (attributes, savedGroups) => (compiled ??= compileCondition(condition))(attributes, savedGroups);
}

function compileCampaign(c: Campaign, conditions: readonly (CompiledCondition | null)[], audienceIndex: number): CompiledCampaign {
  const condition = conditions[audienceIndex] ?? null;
  const holdout = c.holdoutPct / 100;
  const weights = c.variants.map((v) => v.weight ?? 1);
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  const armWeights = [holdout, ...weights.map((w) => ((1 - holdout) * w) / total)];
  const experiment = armWeights.filter((w) => w > 0).length > 1;
  const soleArm = Math.max(
    0,
    armWeights.findIndex((w) => w > 0),
  );
  return {
    id: c.id,
    slots: c.slots,
    pages: compilePages(c.pages),
    start: c.schedule?.start ? Date.parse(c.schedule.start) : Number.NEGATIVE_INFINITY,
    end: c.schedule?.end ? Date.parse(c.schedule.end) : Number.POSITIVE_INFINITY,
    audience: c.audience ?? null,
    condition,
    audienceIndex: condition === null ? -1 : audienceIndex,
    seed: c.seed ?? c.id,
    perDay: c.frequencyCap?.perDay ?? Number.POSITIVE_INFINITY,
    perVisitor: c.frequencyCap?.total ?? Number.POSITIVE_INFINITY,
    arms: [null, ...c.variants],
    ranges: getBucketRanges(armWeights.length, 1, armWeights),
    experiment,
    soleArm,
    bestArm: experiment ? bestKnownArm(c, weights) : soleArm,
    budgeted: { id: c.id, purpose: c.purpose ?? 'promotional', group: c.group ?? null },
    layer: c.layer ?? null,
    source: c,
  };
}

/**
 * Index into arms (1…) of the best-known variant. A bandit's weights are its current estimate of
 * which variant converts best (the Worker sets them from the aggregates; equal until there is
 * data), so the highest wins, ties going to the earlier variant. A fixed split knows no winner:
 * the first variant that gets traffic.
 */
function bestKnownArm(c: Campaign, weights: readonly number[]): number {
  let best = -1;
  weights.forEach((w, i) => {
    if (w > 0 && (best < 0 || (c.allocation === 'bandit' && w > weights[best]!))) best = i;
  });
  return best + 1;
}
