/**
 * Slotwise's own routes under /__sw/: the SDK and its lazy chunk, event collection, the
 * per-page config for browser decisions, the Admin API, the editor's static build, and a
 * health check.
 */
import { adminApi } from './admin/app.ts';
import { clientConfig } from './api/client-config.ts';
import { collect } from './api/collect.ts';
import { decideApi } from './api/decide.ts';
import { reportExposures } from './api/exposures.ts';
import { liveConfig } from './config/live.ts';
import type { Env } from './env.ts';
import { serveStatic } from './api/static.ts';

const EDITOR = '/__sw/editor';

export async function serveOwnRoute(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  const path = url.pathname;
  if (path === '/__sw/collect') return collect(request, url, env, ctx);
  if (path === '/__sw/decide') return decideApi(request, url, env, ctx);
  if (path === '/__sw/decide/exposures') return reportExposures(request, env, ctx);
  if (path.startsWith('/__sw/admin/')) return adminApi.fetch(request, env, ctx);
  if (path === '/__sw/config') return clientConfig(request, url, env, ctx);
  if (path === EDITOR) return Response.redirect(new URL(`${EDITOR}/`, url).href, 301);
  if (path === '/__sw/health') {
    const live = await liveConfig(env, ctx);
    return Response.json({ ok: true, configVersion: live.config?.version ?? null, configSource: live.source });
  }
  return serveStatic(request, path) ?? Response.json({ error: `unknown Slotwise route ${path}` }, { status: 404 });
}
