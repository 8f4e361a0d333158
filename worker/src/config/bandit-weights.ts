/**
 * "Optimize automatically": the traffic split of live bandit campaigns, taken from the
 * measurement aggregates by core's Thompson sampling, and — for a site that ranks competing
 * campaigns by value — each live campaign's current conversion rate, overall and per segment (core's arbitration.ts). Read at most once a minute per isolate,
 * in the background, never on a page's path: between refreshes the split is fixed, so
 * decideSlots stays a pure function of (config, visitor), and everything that asks the isolate
 * for the live config — pages, /__sw/config for the browser, the Decide API — decides alike.
 */
import { type CompiledConfig, type RateEstimate, type RateEstimates, compileConfig } from '@slotwise/core/decide';
import { type BanditWeights, type ConversionCounts, banditWeightsToServe, campaignResults, segmentRateEstimate, withBanditWeights } from '@slotwise/core/stats';
import { goalKey, goalOf, storeOf } from '../objects/aggregates.ts';
import type { Env } from '../env.ts';

export const BANDIT_REFRESH_MS = 60_000;

/** The live bandit campaigns' current weights (campaign → variant → share). */
export async function banditWeightsFor(env: Env, config: CompiledConfig): Promise<BanditWeights> {
  const bandits = config.source.campaigns.filter((k) => k.status === 'live' && k.allocation === 'bandit');
  if (bandits.length === 0) return {};
  const totals = await storeOf(env, config).totals(bandits.map((k) => ({ campaign: k.id, goal: goalKey(goalOf(k)) })));
  const weights: BanditWeights = {};
  bandits.forEach((k, i) => {
    const w = banditWeightsToServe(campaignResults(k, totals[i] ?? []));
    if (w) weights[k.id] = w;
  });
  return weights;
}

/**
 * Each live campaign's conversion rate over its variants (the control group left out), for value
 * arbitration: overall, and per lifecycle segment where enough of the segment's visitors were
 * measured (core segment-rates.ts; the segment of each visitor at their first exposure).
 */
export async function rateEstimatesFor(env: Env, config: CompiledConfig): Promise<RateEstimates> {
  const live = config.source.campaigns.filter((k) => k.status === 'live');
  const queries = live.map((k) => ({ campaign: k.id, goal: goalKey(goalOf(k)) }));
  const store = storeOf(env, config);
  const [totals, bySegment] = await Promise.all([store.totals(queries), store.segmentTotals(queries)]);
  const estimates = new Map<string, RateEstimate>();
  live.forEach((k, i) => {
    const arms = campaignResults(k, totals[i] ?? []).arms.filter((a) => a.id !== 'control');
    const overall = { exposed: arms.reduce((n, a) => n + a.exposed, 0), converted: arms.reduce((n, a) => n + a.converted, 0) };
    const measuredArms = new Set(arms.map((a) => a.id));
    const segments: Record<string, ConversionCounts> = {};
    for (const r of bySegment[i] ?? []) {
      if (!measuredArms.has(r.arm)) continue;
      const into = (segments[r.segment] ??= { exposed: 0, converted: 0 });
      into.exposed += r.exposed;
      into.converted += r.converted;
    }
    const estimate = segmentRateEstimate(overall, segments);
    if (estimate) estimates.set(k.id, estimate);
  });
  return estimates;
}

interface Weighted {
  base: CompiledConfig;
  config: CompiledConfig;
  at: number;
}

let weighted: Weighted | null = null;
let refreshing: Promise<void> | null = null;

export function resetBanditWeights(): void {
  weighted = null;
  refreshing = null;
}

const hasBandit = (config: CompiledConfig) => config.source.campaigns.some((c) => c.status === 'live' && c.allocation === 'bandit');
const measured = (config: CompiledConfig) => hasBandit(config) || config.arbitration === 'value';

/**
 * The config to decide with: `base` with the latest weights applied once they are known (the
 * fixed split until then). Starts a background refresh when the weights are missing or old.
 */
export function withCurrentWeights(base: CompiledConfig, env: Env, ctx: ExecutionContext, now = Date.now()): CompiledConfig {
  if (!measured(base)) return base;
  const current = weighted?.base === base ? weighted : null;
  if ((!current || now - current.at >= BANDIT_REFRESH_MS) && !refreshing) {
    refreshing = Promise.all([banditWeightsFor(env, base), base.arbitration === 'value' ? rateEstimatesFor(env, base) : undefined])
      .then(([weights, estimates]) => {
        const config = compileConfig(withBanditWeights(base.source, weights));
        weighted = { base, config: estimates ? { ...config, estimates } : config, at: Date.now() };
      })
      .catch((error: unknown) => console.warn(`slotwise: bandit weights not refreshed (keeping the last split): ${String(error)}`))
      .finally(() => {
        refreshing = null;
      });
    ctx.waitUntil(refreshing);
  }
  return current?.config ?? base;
}
