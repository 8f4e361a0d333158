/**
 * Campaign results under /__sw/admin/results (mounted behind the Admin API's authentication;
 * docs/admin-api.md): the aggregates the EventStore keeps, turned into rates, uplift, intervals,
 * a sample-ratio check, a verdict and bandit weights by core's campaignResults. Campaigns come
 * from the live config, which is what visitors were bucketed and counted under.
 */
import { type Campaign, type CampaignDetail, type CampaignResults, type CampaignSummary, type CompiledConfig, type DailyRow, campaignResults } from '@slotwise/core';
import { Hono } from 'hono';
import { goalKey, goalOf, measuredCampaigns, storeOf } from '../objects/aggregates.ts';
import { publishedConfig, settledConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';

/** The live config as the admin's reads see it, or null when nothing is published. */
export const readLive = (env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>) => settledConfig(publishedConfig, env, runtimeCtx(ctx));

function summarize(c: Campaign, results: CampaignResults): CampaignSummary {
  return { id: c.id, name: c.name, status: c.status, ...results };
}

/** Hono types the context with its own, narrower interface; at run time it is workerd's ExecutionContext. */
function runtimeCtx(ctx: Pick<ExecutionContext, 'waitUntil'>): ExecutionContext {
  return ctx as ExecutionContext;
}


export const resultsApi = new Hono<{ Bindings: Env }>();

resultsApi.get('/', async (c) => {
  const config = await readLive(c.env, c.executionCtx);
  if (!config) return c.json({ campaigns: [] });
  const campaigns = measuredCampaigns(config);
  const totals = await storeOf(c.env, config).totals(campaigns.map((k) => ({ campaign: k.id, goal: goalKey(goalOf(k)) })));
  return c.json({ campaigns: campaigns.map((k, i) => summarize(k, campaignResults(k, totals[i] ?? []))) });
});

/** One campaign's summary and daily rows, or null when the live config has no such campaign. */
async function oneCampaign(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>, id: string): Promise<{ summary: CampaignSummary; daily: DailyRow[] } | null> {
  const config = await readLive(env, ctx);
  const campaign = config ? measuredCampaigns(config).find((k) => k.id === id) : undefined;
  if (!config || !campaign) return null;
  const store = storeOf(env, config);
  const goal = goalKey(goalOf(campaign));
  const [totals, daily] = await Promise.all([store.totals([{ campaign: id, goal }]), store.daily(id, goal)]);
  return { summary: summarize(campaign, campaignResults(campaign, totals[0] ?? [])), daily };
}

const unknown = (id: string) => new HttpError(404, `campaign: "${id}" is not in the live config`);

resultsApi.get('/:campaign', async (c) => {
  const id = c.req.param('campaign');
  const found = await oneCampaign(c.env, c.executionCtx, id);
  if (!found) throw unknown(id);
  const detail: CampaignDetail = { ...found.summary, daily: found.daily };
  return c.json(detail);
});

const CSV_COLUMNS = ['day', 'arm', 'exposed', 'converted', 'conversions', 'value'] as const;

/** RFC 4180 fields; a leading =, +, - or @ is quoted away so a spreadsheet never runs it as a formula. */
function csvField(value: string | number): string {
  const text = String(value);
  const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

resultsApi.get('/:campaign/csv', async (c) => {
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
