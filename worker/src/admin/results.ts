/**
 * Campaign results under /__sw/admin/results (mounted behind the Admin API's authentication;
 * docs/admin-api.md): the aggregates the EventStore keeps, turned into rates, uplift, intervals,
 * a sample-ratio check, a verdict and bandit weights by core's campaignResults. Campaigns come
 * from the live config, which is what visitors were bucketed and counted under.
 */
import type { Campaign } from '@slotwise/core';
import type { CompiledConfig } from '@slotwise/core/decide';
import {
  type CampaignMetricSums,
  type CampaignResults,
  type CampaignSummary,
  type CampaignDetail,
  DEFAULT_GOAL,
  type DailyRow,
  type ResultsView,
  campaignMetricSums,
  campaignResults,
  recommendationResults,
  type RecoArmResult,
} from '@slotwise/core/stats';
import { Hono } from 'hono';
import { goalKey, goalOf, measuredCampaigns, storeOf } from '../objects/aggregates.ts';
import { siteEvents } from '../objects/site-events.ts';
import { type CampaignHistory, campaignHistories } from './campaign-history.ts';
import { pauseCampaigns, pauseReasons } from './auto-pause.ts';
import { metricSumsFor } from './metric-results.ts';
import { publishedConfig, settledConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { queryOf } from './body.ts';

/** The live config as the admin's reads see it, or null when nothing is published. */
export const readLive = (env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>) => settledConfig(publishedConfig, env, runtimeCtx(ctx));

function summarize(c: Campaign, results: CampaignResults, history?: CampaignHistory, inLive = true): CampaignSummary {
  const lifecycle = inLive ? c.status : history?.removedBy?.rollback ? 'rolled-back' : 'removed';
  return { id: c.id, name: c.name, status: c.status, lifecycle, versions: history?.versions ?? [], ...results };
}

/** `?view=fixed` shows the fixed-horizon intervals; anything else the always-valid ones. */
const viewOf = (query: string | undefined): ResultsView => (query === 'fixed' ? 'fixed' : 'sequential');

/**
 * Results are computed here, so auto-pause is checked here (auto-pause.ts): a live campaign in
 * the live config whose ticked guardrail is worse with confidence is paused before the answer,
 * which then shows it paused. Returns the ids paused.
 */
async function pauseFailing(
  env: Env,
  config: CompiledConfig,
  reported: readonly { campaign: Campaign; inLive: boolean }[],
  sums: readonly CampaignMetricSums[],
): Promise<Set<string>> {
  const live = reported.flatMap((r, i) => (r.inLive ? [{ campaign: r.campaign, sums: sums[i] ?? {} }] : []));
  const reasons = pauseReasons(
    live.map((l) => l.campaign),
    live.map((l) => l.sums),
  );
  if (reasons.size === 0) return new Set();
  return (await pauseCampaigns(env, config.source, reasons)) ? new Set(reasons.keys()) : new Set();
}

const pausedNow = (c: Campaign, ids: ReadonlySet<string>): Campaign => (ids.has(c.id) ? { ...c, status: 'paused' } : c);

/**
 * The campaigns results cover: the live config's (and the global holdout), then every campaign
 * that ever had an exposure counted and is no longer live, with its last published definition.
 */
async function reportedCampaigns(
  env: Env,
  config: CompiledConfig | null,
  siteId: string,
): Promise<{ campaign: Campaign; inLive: boolean; history: CampaignHistory | undefined }[]> {
  const [histories, seen] = await Promise.all([
    campaignHistories(env),
    siteEvents(env, siteId)
      .campaignsSeen()
      .catch(() => [] as string[]),
  ]);
  const live = config ? measuredCampaigns(config) : [];
  const ids = new Set(live.map((c) => c.id));
  const gone = seen
    .filter((id) => !ids.has(id))
    .flatMap((id) => {
      const history = histories.get(id);
      return history ? [{ campaign: history.campaign, inLive: false, history }] : [];
    });
  return [...live.map((c) => ({ campaign: c, inLive: true, history: histories.get(c.id) })), ...gone];
}

/** Hono types the context with its own, narrower interface; at run time it is workerd's ExecutionContext. */
function runtimeCtx(ctx: Pick<ExecutionContext, 'waitUntil'>): ExecutionContext {
  return ctx as ExecutionContext;
}

/** One campaign's summary and daily rows, or null when it was never published or never measured. */
async function oneCampaign(
  env: Env,
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  id: string,
  view: ResultsView = 'sequential',
): Promise<{ summary: CampaignSummary & { recommendations?: RecoArmResult[] }; daily: DailyRow[] } | null> {
  const config = await readLive(env, ctx);
  if (!config) return null;
  const found = (await reportedCampaigns(env, config, config.siteId)).find((r) => r.campaign.id === id);
  if (!found) return null;
  const { campaign, inLive, history } = found;
  const store = storeOf(env, config);
  const goal = goalKey(goalOf(campaign));
  const recommends = campaign.variants.some((v) => Object.values(v.content).some((content) => content.kind === 'recommendations'));
  const [totals, daily, sums, reco] = await Promise.all([
    store.totals([{ campaign: id, goal }]),
    store.daily(id, goal),
    metricSumsFor(store, [found.campaign]),
    recommends ? store.recoCounts(id) : null,
  ]);
  const k = pausedNow(campaign, await pauseFailing(env, config, [found], sums));
  const results = campaignResults(k, totals[0] ?? [], { view, metrics: campaignMetricSums(k, DEFAULT_GOAL, sums[0] ?? {}) });
  const summary = summarize(k, results, history, inLive);
  // A recommendation campaign also says, per arm, how often its items were clicked and what that earned.
  return { summary: reco ? { ...summary, recommendations: recommendationResults(summary.arms, reco) } : summary, daily };
}

const unknown = (id: string) => new HttpError(404, `campaign: "${id}" has no results: it is not in the live config and no exposure was counted for it`);

const CSV_COLUMNS = ['day', 'arm', 'exposed', 'converted', 'conversions', 'value'] as const;

/** RFC 4180 fields; a leading =, +, - or @ is quoted away so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const resultsApi = new Hono<{ Bindings: Env }>()
  .get('/', queryOf<{ view?: ResultsView }>(), async (c) => {
    const config = await readLive(c.env, c.executionCtx);
    if (!config) return c.json({ campaigns: [], filtered: { botBatches: 0, botEvents: 0 } });
    const store = storeOf(c.env, config);
    const reported = await reportedCampaigns(c.env, config, config.siteId);
    const view = viewOf(c.req.query('view'));
    const [totals, sums, bots] = await Promise.all([
      store.totals(reported.map(({ campaign: k }) => ({ campaign: k.id, goal: goalKey(goalOf(k)) }))),
      metricSumsFor(
        store,
        reported.map((r) => r.campaign),
      ),
      store.botCounts().catch(() => ({ batches: 0, events: 0 })),
    ]);
    const paused = await pauseFailing(c.env, config, reported, sums);
    return c.json({
      campaigns: reported.map(({ campaign, inLive, history }, i) => {
        const k = pausedNow(campaign, paused);
        return summarize(k, campaignResults(k, totals[i] ?? [], { view, metrics: campaignMetricSums(k, DEFAULT_GOAL, sums[i] ?? {}) }), history, inLive);
      }),
      filtered: { botBatches: bots.batches, botEvents: bots.events },
    });
  })
  .get('/:campaign', queryOf<{ view?: ResultsView }>(), async (c) => {
    const id = c.req.param('campaign');
    const found = await oneCampaign(c.env, c.executionCtx, id, viewOf(c.req.query('view')));
    if (!found) throw unknown(id);
    const detail: CampaignDetail & { recommendations?: RecoArmResult[] } = { ...found.summary, daily: found.daily };
    return c.json(detail);
  })
  .get('/:campaign/csv', async (c) => {
    const id = c.req.param('campaign');
    const found = await oneCampaign(c.env, c.executionCtx, id);
    if (!found) throw unknown(id);
    const lines = [CSV_COLUMNS.join(','), ...found.daily.map((row) => CSV_COLUMNS.map((k) => csvField(row[k])).join(','))];
    return c.body(`${lines.join('\r\n')}\r\n`, 200, {
      'content-type': 'text/csv; charset=utf-8',
      // The id follows the config's id rule (letters, digits, - and _), so it is safe in the header.
      'content-disposition': `attachment; filename="slotwise-${id}-daily.csv"`,
    });
  });
