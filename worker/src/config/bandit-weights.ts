/**
 * "Optimize automatically": the traffic split of live bandit campaigns, taken from the
 * measurement aggregates by core's Thompson sampling, and — for a site that ranks competing
 * campaigns by value — each live campaign's current conversion rate (core's arbitration.ts). Read at most once a minute per isolate,
 * in the background, never on a page's path: between refreshes the split is fixed, so
 * decideSlots stays a pure function of (config, visitor), and everything that asks the isolate
 * for the live config — pages, /__sw/config for the browser, the Decide API — decides alike.
 */
import { type CompiledConfig, type RateEstimates, compileConfig } from '@slotwise/core/decide';
import { type BanditWeights, banditWeightsToServe, campaignResults, withBanditWeights } from '@slotwise/core/stats';
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

/** Each live campaign's conversion rate over its variants (the control group left out), for value arbitration. */
export async function rateEstimatesFor(env: Env, config: CompiledConfig): Promise<RateEstimates> {
  const live = config.source.campaigns.filter((k) => k.status === 'live');
  const totals = await storeOf(env, config).totals(live.map((k) => ({ campaign: k.id, goal: goalKey(goalOf(k)) })));
  const estimates = new Map<string, { overall: number }>();
  live.forEach((k, i) => {
    const arms = campaignResults(k, totals[i] ?? []).arms.filter((a) => a.id !== 'control');
    const exposed = arms.reduce((n, a) => n + a.exposed, 0);
    if (exposed > 0) estimates.set(k.id, { overall: arms.reduce((n, a) => n + a.converted, 0) / exposed });
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
