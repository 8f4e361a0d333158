/**
 * Remembers the categories a site's pages declare (`<meta name="sw:category">`), so the
 * editor's audience builder offers what the site actually has. Each isolate writes a category
 * once; a page never waits for it.
 */
import { siteEvents } from '../objects/site-events.ts';
import type { Env } from '../env.ts';

const CATEGORY = /^[a-z0-9][a-z0-9 _:.-]{0,39}$/;
const noted = new Set<string>();

export function noteCategory(env: Env, ctx: ExecutionContext, siteId: string, raw: string): void {
  const name = raw.trim().toLowerCase();
  if (!CATEGORY.test(name) || noted.has(name) || noted.size >= 1000) return;
  noted.add(name);
  const store = siteEvents(env, siteId);
  ctx.waitUntil(store.noteCategory(name).catch(() => noted.delete(name)));
}
