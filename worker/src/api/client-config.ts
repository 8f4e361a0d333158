/**
 * `GET /__sw/config?path=/x`: the part of the live config one page needs, for decisions made in
 * the browser (SPA routes, pages the edge did not render). Only live campaigns whose slots are on
 * that page, and only the audiences they use: no drafts, nothing else leaks. This endpoint is
 * public, so campaigns whose audience needs server-side data (ID lists, stored traits: core's
 * needsServerData) are left out with their content, and ID lists never come along: those
 * campaigns are decided at the edge only (issue 16, item 6). The result is itself a valid site
 * config, so the SDK runs the same engine on it.
 */
import type { SiteConfig } from '@slotwise/core';
import { type CompiledConfig, compilePages, needsServerData } from '@slotwise/core/decide';
import { liveConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';

const MAX_PATH = 2000;

/** Answered with an entity-tag per version and path; Hono's etag middleware (app.ts) turns a match into a 304. */
export async function clientConfig(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new HttpError(405, 'method: must be GET or HEAD', { headers: { allow: 'GET, HEAD' } });
  }
  const path = pagePathParam(url);
  const { config } = await liveConfig(env, ctx);
  if (!config) throw new HttpError(404, 'nothing is published');
  // The path goes into a header: percent-encode what a header or an entity-tag may not hold
  // (controls, quotes, non-ASCII). An ordinary path reads as itself.
  const etag = `"v${config.version}:${encodeURI(path)}"`;
  return Response.json(configForPage(config, path), { headers: { etag, 'cache-control': 'public, max-age=10' } });
}

/** The `path` query parameter: the page the browser decides for (400 when it is not a path). */
export function pagePathParam(url: URL): string {
  const path = url.searchParams.get('path') ?? '';
  if (!path.startsWith('/') || path.length > MAX_PATH) {
    throw new HttpError(400, `path: must be a URL path starting with "/", at most ${MAX_PATH} characters`);
  }
  return path;
}

/**
 * The page's part of a compiled config, as a site config. A campaign is included when it is live,
 * its own pages match, at least one of its slots is on this page, and its audience needs no
 * server-side data; its other slots come along (with their pages, so the engine still sees them
 * as off this page) to keep the config valid.
 */
export function configForPage(config: CompiledConfig, path: string): SiteConfig {
  const source = config.source;
  const onPage = new Set(source.slots.filter((s) => compilePages(s.pages)(path)).map((s) => s.name));
  const serverOnly = new Set(source.audiences.filter((a) => needsServerData(a.condition)).map((a) => a.id));
  // config.campaigns holds live campaigns only: drafts and paused ones never reach the browser.
  const campaigns = config.campaigns
    .filter((c) => c.source.status === 'live' && c.slots.some((s) => onPage.has(s)) && c.pages(path) && (c.audience === null || !serverOnly.has(c.audience)))
    .map((c) => c.source);
  const slotNames = new Set([...onPage, ...campaigns.flatMap((c) => c.slots)]);
  const audienceIds = new Set(campaigns.flatMap((c) => (c.audience === undefined ? [] : [c.audience])));
  const audiences = source.audiences.filter((a) => audienceIds.has(a.id));
  return {
    schema: source.schema,
    version: source.version,
    site: source.site,
    slots: source.slots.filter((s) => slotNames.has(s.name)),
    audiences,
    campaigns,
  };
}
