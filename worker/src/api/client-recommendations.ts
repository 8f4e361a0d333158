/**
 * `GET /__sw/recommendations?path=/x&for=campaign.variant.slot,…`: the items a recommendation
 * slot shows this visitor on an SPA route, which the browser decides (sdk/src/decider.ts) but
 * cannot fill: only the Worker reads the catalog. The browser names the decisions it made; the
 * items come from the same code the edge runs for a page load (catalog/recommend.ts), for the
 * visitor its cookies say, so an SPA route shows what a page load of that path would.
 *
 * Public like `/__sw/config`, and it gives out no more: a decision is answered only for a
 * campaign that config hands this page (live, on this path and slot, no server-side audience),
 * and only catalog items. It records nothing: the browser reports the exposure, as for any slot.
 */
import type { Content, Recommend } from '@slotwise/core';
import type { SlotDecision } from '@slotwise/core/decide';
import { parseClickRef } from '@slotwise/core/recommend';
import { recommendSlots } from '../catalog/recommend.ts';
import { liveConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { identifyVisitor } from '../page/visitor.ts';
import { configForPage, pagePathParam } from './client-config.ts';

/** More recommendation slots than a page has. */
const MAX_DECISIONS = 10;
/** The browser waits on a route change, not on a page's first byte: more than a page's CATALOG_BUDGET_MS. */
const BROWSER_CATALOG_BUDGET_MS = 1000;

type RecommendationContent = Content & { recommend: Recommend };

export async function clientRecommendations(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'GET') throw new HttpError(405, 'method: must be GET', { headers: { allow: 'GET' } });
  const path = pagePathParam(url);
  const refs = (url.searchParams.get('for') ?? '').split(',');
  const asked = refs.map(parseClickRef);
  if (asked.length > MAX_DECISIONS || asked.some((d) => d === null)) {
    throw new HttpError(400, `for: must be 1 to ${MAX_DECISIONS} decisions as campaign.variant.slot, comma-separated`);
  }
  const { config } = await liveConfig(env, ctx);
  if (!config) throw new HttpError(404, 'nothing is published');
  // The visitor its cookies say (the URL only decides a new id cookie's Secure flag, which is not sent from here).
  const visitor = identifyVisitor(request, url, config.consent);
  const onPage = configForPage(config, path).campaigns;
  const wanted: SlotDecision[] = [];
  for (const ref of asked) {
    const { campaign, variant, slot } = ref!;
    const content = onPage.find((c) => c.id === campaign && c.slots.includes(slot))?.variants.find((v) => v.id === variant)?.content[slot];
    if (isRecommendation(content)) wanted.push({ slot, campaign, variant, content, tracked: visitor.id !== null });
  }
  const { slots } = await recommendSlots(env.CONFIG, config.siteId, wanted, visitor.profile, path, Date.now(), BROWSER_CATALOG_BUDGET_MS);
  // Per visitor (its cookies): never kept by a shared cache.
  return Response.json({ version: config.version, slots }, { headers: { 'cache-control': 'private, no-store' } });
}

const isRecommendation = (content: Content | undefined): content is RecommendationContent => content?.kind === 'recommendations' && content.recommend !== undefined;
