/**
 * The decision engine: which campaign variant each slot on a page shows. The Worker, the SDK,
 * the Decide API and the editor's preview all call this one function, so they cannot disagree.
 */
import { type Attributes, buildAttributes } from './attributes.ts';
import { INDEXED_FROM, walkCandidates } from './campaign-index.ts';
import { CONTROL, type CompiledCampaign, type CompiledConfig } from './compile.ts';
import type { RequestContext } from './context.ts';
import { chooseVariation, hash } from './hash.ts';
import type { Profile } from './profile.ts';
import type { Content } from './schema.ts';
import { type FrequencyCounts, shownCount, utcDay } from './frequency.ts';
import { type Ranked, type RateEstimates, describeRank, rankByValue } from './arbitration.ts';
import { type Contact, type ContactChannel, budgetVerdict, describeBudget } from './budget.ts';
import { inLayerSlice } from './layers.ts';

export interface DecideInput {
  /**
   * Stable per visitor; null for a visitor who cannot be measured (no consent, a privacy signal):
   * such a visitor gets each experiment's best-known variant, never its control, and is not counted.
   */
  visitorId: string | null;
  profile: Profile;
  context: RequestContext;
  /** Epoch ms. */
  now: number;
  /** Slot names present on the page; every configured slot when omitted. */
  slots?: readonly string[];
  /** Collect the reasons behind every decision (debug view, Decide API). */
  trace?: boolean;
  /** How often capped campaigns were shown to this visitor (the `sw_f` cookie, frequency.ts). */
  frequency?: FrequencyCounts;
  /**
   * For ID lists: the keyed hash (id-hash.ts's listHash) of the visitor's verified user id (a
   * signed `sw_uid` cookie, or the Decide API's userId). Buckets never use it.
   */
  idHash?: string;
  /** Known customer data for this visitor (Decide API), as `traits.*` in conditions. */
  traits?: Record<string, unknown>;
  /** The customer's recent promotional contacts, for contact budgets (budget.ts): the `sw_b` cookie, or the event store's for an identified customer. */
  contacts?: readonly Contact[];
  /** The channel deciding: `web` (absent) for pages, `other` for email, app and the like. */
  channel?: ContactChannel;
  /** Conversion rates per campaign, for value arbitration (arbitration.ts); the compiled config's when absent. */
  estimates?: RateEstimates;
}

export interface SlotDecision {
  slot: string;
  campaign: string;
  /** A variant id, or "control" for the control group (which keeps the default content). */
  variant: string;
  /** Null keeps the page's default content. */
  content: Content | null;
  /** Whether an exposure of this decision may be counted (false without a visitor id). */
  tracked: boolean;
}

export type TraceOutcome = 'variant' | 'control' | 'skipped';

export interface TraceStep {
  campaign: string;
  outcome: TraceOutcome;
  reason: string;
  slots?: string[];
  variant?: string;
}

export interface Decisions {
  slots: Record<string, SlotDecision>;
  attributes: Attributes;
  trace: TraceStep[];
  /** The visitor is in the global holdout: nothing is personalized for them. */
  holdout: boolean;
}

export function decideSlots(config: CompiledConfig, input: DecideInput): Decisions {
  const attributes = buildAttributes(
    input.profile,
    input.context,
    input.now,
    input.idHash || input.traits ? { ...(input.idHash ? { idHash: input.idHash } : {}), ...(input.traits ? { traits: input.traits } : {}) } : undefined,
  );
  const path = input.context.page.path;
  const onPage = slotsOnPage(config, path, input.slots);
  let undecided = onPage.size;
  const slots: Record<string, SlotDecision> = {};
  const trace: TraceStep[] = [];
  // Callers build a reason only when a trace was asked for: this loop is the hot path.
  const skip = (c: CompiledCampaign, reason: string) => {
    trace.push({ campaign: c.id, outcome: 'skipped', reason });
  };
  const explain = input.trace === true;
  if (inGlobalHoldout(config, input.visitorId)) {
    if (explain) for (const c of config.campaigns) skip(c, `visitor is in the global holdout (${config.source.site.holdoutPct}%): no personalization, to measure the programme`);
    return { slots, attributes, trace, holdout: true };
  }
  // Campaigns often share an audience: each audience is evaluated at most once per request.
  const verdicts: (boolean | undefined)[] = [];
  // Contacts so far, this page's included: a budget with one message left lets one campaign through.
  const contacts: Contact[] = config.budgets.length ? [...(input.contacts ?? [])] : [];
  const channel = input.channel ?? 'web';
  // A visitor who cannot be measured is in no layer: they take one campaign per layer at most.
  // Made on first use: most sites have no layers, and this runs on every page.
  let layersTaken: Set<string> | undefined;
  const ranked = config.arbitration === 'value' ? rankByValue(config.campaigns, attributes.profile.segments, input.estimates ?? config.estimates) : null;
  const rankOf = ranked && explain ? new Map(ranked.map((r) => [r.campaign.id, r])) : null;

  const consider = (c: CompiledCampaign): void => {
    let present = 0;
    let taken: string | undefined;
    for (const s of c.slots) {
      if (!onPage.has(s)) continue;
      present++;
      if (taken === undefined && Object.hasOwn(slots, s)) taken = s;
    }
    if (present === 0) {
      if (explain) skip(c, 'none of its slots is on this page');
      return;
    }
    // A campaign shows whole or not at all, so an experiment never runs with a missing part.
    if (taken !== undefined) {
      if (explain)
        skip(
          c,
          rankOf ? outranked(config, rankOf, c, slots[taken]?.campaign) : `slot "${taken}" already decided by higher-priority campaign "${nameOf(config, slots[taken]?.campaign)}"`,
        );
      return;
    }
    if (!c.pages(path)) {
      if (explain) skip(c, `page ${path} is not one of the campaign's pages`);
      return;
    }
    if (input.now < c.start || input.now >= c.end) {
      if (explain) skip(c, input.now < c.start ? `scheduled to start ${c.source.schedule?.start}` : `ended ${c.source.schedule?.end}`);
      return;
    }
    if (c.condition && !(verdicts[c.audienceIndex] ??= c.condition(attributes, config.savedGroups))) {
      if (explain) skip(c, `audience "${c.audience}" does not match`);
      return;
    }
    if (c.perDay < Number.POSITIVE_INFINITY || c.perVisitor < Number.POSITIVE_INFINITY) {
      const shown = shownCount(input.frequency, c.id, input.now);
      if (shown.today >= c.perDay || shown.total >= c.perVisitor) {
        if (explain)
          skip(
            c,
            shown.today >= c.perDay
              ? `frequency cap reached: shown ${shown.today} times today (at most ${c.perDay})`
              : `frequency cap reached: shown ${shown.total} times (at most ${c.perVisitor})`,
          );
        return;
      }
    }
    if (c.layer) {
      const taken = input.visitorId === null ? layersTaken?.has(c.layer.id) === true : !inLayerSlice(input.visitorId, c.layer);
      if (taken) {
        if (explain)
          skip(
            c,
            input.visitorId === null
              ? `another campaign of layer "${c.layer.id}" already shows (an unmeasured visitor takes one per layer)`
              : `visitor is outside its share of layer "${c.layer.id}" (${c.layer.start}–${c.layer.end}%)`,
          );
        return;
      }
    }
    if (config.budgets.length) {
      const verdict = budgetVerdict(config.budgets, contacts, c.budgeted, channel, input.now);
      if (!verdict.allowed) {
        if (explain) skip(c, `contact budget spent: ${verdict.used} of ${describeBudget(verdict.budget)}`);
        return;
      }
      if (c.budgeted.purpose === 'promotional') contacts.push({ day: utcDay(input.now), channel, campaign: c.id, group: c.budgeted.group });
    }
    if (c.layer) (layersTaken ??= new Set()).add(c.layer.id);
    const here = c.slots.filter((s) => onPage.has(s));
    undecided -= here.length;
    const arm = pickArm(c, input.visitorId);
    const variant = c.arms[arm] ?? null;
    const variantId = variant?.id ?? CONTROL;
    for (const s of here) {
      slots[s] = { slot: s, campaign: c.id, variant: variantId, content: variant?.content[s] ?? null, tracked: input.visitorId !== null };
    }
    if (input.trace) {
      const rank = rankOf?.get(c.id);
      const reason = armReason(config, c, input.visitorId, arm) + (rank ? `; won on ${describeRank(rank)}` : '');
      trace.push({ campaign: c.id, outcome: variant ? 'variant' : 'control', reason, slots: here, variant: variantId });
    }
  };
  // Value arbitration has its own order for this visitor; the index walks priority order.
  if (ranked || explain || config.campaigns.length < INDEXED_FROM) {
    for (const c of ranked ? ranked.map((r) => r.campaign) : config.campaigns) {
      // Every slot on the page is decided: the rest can only be skipped, so stop unless explaining.
      if (undecided === 0 && !explain) break;
      consider(c);
    }
  } else {
    // Only the campaigns of slots still undecided (campaign-index.ts), in the same order.
    walkCandidates(
      config.index,
      onPage,
      (slot) => !Object.hasOwn(slots, slot),
      (i) => {
        const c = config.campaigns[i]!;
        // An audience already found not to match skips its campaign whatever else holds.
        if (verdicts[c.audienceIndex] !== false) consider(c);
      },
    );
  }
  return { slots, attributes, trace, holdout: false };
}

/** The global holdout takes a stable share of visitors by id; without an id (no consent) nobody is held out. */
function inGlobalHoldout(config: CompiledConfig, visitorId: string | null): boolean {
  if (config.holdout <= 0 || visitorId === null) return false;
  return (hash(`${config.siteId}:global-holdout`, visitorId, 2) ?? 1) < config.holdout;
}

/** Configured slots that exist on this page: limited to `present` when given, and to each slot's pages. */
function slotsOnPage(config: CompiledConfig, path: string, present: readonly string[] | undefined): Set<string> {
  const names = new Set<string>();
  for (const [name, matches] of config.slotPages) {
    if ((!present || present.includes(name)) && matches(path)) names.add(name);
  }
  return names;
}

/**
 * Index into c.arms: 0 is control. A visitor without an id cannot be measured, so bucketing them
 * would only hide the personalization from them: they get the best-known variant, uncounted.
 */
function pickArm(c: CompiledCampaign, visitorId: string | null): number {
  if (!c.experiment) return c.soleArm;
  if (visitorId === null) return c.bestArm;
  const n = hash(c.seed, visitorId, 2) ?? 0;
  return Math.max(0, chooseVariation(n, c.ranges));
}

function armReason(config: CompiledConfig, c: CompiledCampaign, visitorId: string | null, arm: number): string {
  // Nothing is stored for a visitor who is not measured, so a cap cannot be counted for them.
  const uncounted = visitorId === null && config.capped.has(c.id) ? '; its frequency cap is not counted (nothing is stored for this visitor)' : '';
  if (!c.experiment) return (c.audience ? `audience "${c.audience}" matches` : 'shown to everyone') + uncounted;
  const name = `"${c.arms[arm]?.name ?? CONTROL}"`;
  if (visitorId === null) {
    // A bandit without data yet has equal weights: its best-known variant is then the first.
    const weights = c.source.variants.map((v) => v.weight ?? 1);
    const why = c.source.allocation === 'bandit' && weights.some((w) => w !== weights[0]) ? 'the highest current bandit weight' : 'the first variant';
    return `not measured (no consent or a privacy signal): shows the best-known variant ${name} (${why}), never the control, and is not counted${uncounted}`;
  }
  return arm === 0 ? `bucketed into the control group (${c.source.holdoutPct}% holdout)` : `bucketed into variant ${name} (arm ${arm} of ${c.arms.length - 1})`;
}

/** Why a campaign lost its slot under value arbitration, in the trace's words. */
function outranked(config: CompiledConfig, rankOf: ReadonlyMap<string, Ranked>, c: CompiledCampaign, winner: string | undefined): string {
  const mine = rankOf.get(c.id);
  const theirs = winner === undefined ? undefined : rankOf.get(winner);
  const name = `"${nameOf(config, winner)}"`;
  if (!mine || !theirs) return `its slot is already taken by ${name}`;
  return `outranked by ${name}: ${describeRank(theirs)} against its ${describeRank(mine)}`;
}

/** A campaign's name for the trace, by id (the id when it has none). */
function nameOf(config: CompiledConfig, id: string | undefined): string {
  return config.campaigns.find((k) => k.id === id)?.source.name ?? id ?? '';
}
