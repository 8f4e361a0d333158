/**
 * `GET /__sw/config?path=/x`: the part of the live config one page needs, for decisions made in
 * the browser (SPA routes, pages the edge did not render). Only live campaigns whose slots are on
 * that page, and only the audiences and saved groups they use: no drafts, nothing else leaks.
 * The result is itself a valid site config, so the SDK runs the same engine on it.
 */
import { type CompiledConfig, type SiteConfig, compilePages } from '@slotwise/core';
import { liveConfig } from './config-store.ts';
import type { Env } from './env.ts';

export async function clientConfig(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  const path = url.searchParams.get('path') ?? '';
  if (!path.startsWith('/') || path.length > 2000) return Response.json({ error: 'path: must be a URL path starting with "/"' }, { status: 400 });
  const { config } = await liveConfig(env, ctx);
  if (!config) return Response.json({ error: 'nothing is published' }, { status: 404 });
  const etag = `"v${config.version}:${path}"`;
  const headers = { etag, 'cache-control': 'public, max-age=10' };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  return Response.json(configForPage(config, path), { headers });
}

export function configForPage(config: CompiledConfig, path: string): SiteConfig {
  const source = config.source;
  const slots = source.slots.filter((s) => compilePages(s.pages)(path));
  const names = new Set(slots.map((s) => s.name));
  const campaigns = config.campaigns
    .filter((c) => c.slots.some((s) => names.has(s)) && c.pages(path))
    .map((c) => c.source);
  const audienceIds = new Set(campaigns.flatMap((c) => (c.audience ? [c.audience] : [])));
  const audiences = source.audiences.filter((a) => audienceIds.has(a.id));
  const groups = new Set(audiences.flatMap((a) => groupsIn(a.condition)));
  const savedGroups = Object.fromEntries(Object.entries(source.savedGroups ?? {}).filter(([id]) => groups.has(id)));
  return { ...source, slots, audiences, campaigns, savedGroups };
}

/** Saved-group ids a condition refers to (`$inGroup` / `$notInGroup`), at any depth. */
function groupsIn(node: unknown): string[] {
  if (typeof node !== 'object' || node === null) return [];
  return Object.entries(node).flatMap(([key, value]) =>
    (key === '$inGroup' || key === '$notInGroup') && typeof value === 'string' ? [value] : groupsIn(value));
}
