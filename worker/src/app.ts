/**
 * The Worker as one Hono app: Slotwise's own routes under /__sw/ (the SDK and its lazy chunk,
 * event collection, the Decide API, the per-page config and recommendations for browser
 * decisions, the Admin API, the editor's static build, a health check), then the page handler
 * for everything else. Every refusal is an HttpError, rendered here in one shape (http/errors.ts).
 */
import { Hono } from 'hono';
import { etag } from 'hono/etag';
import { HTTPException } from 'hono/http-exception';
import { adminApi } from './admin/app.ts';
import { clientConfig } from './api/client-config.ts';
import { clientRecommendations } from './api/client-recommendations.ts';
import { MAX_BODY_BYTES, collect } from './api/collect.ts';
import { DECIDE_BODY_BYTES, decideApi } from './api/decide.ts';
import { EXPOSURES_BODY_BYTES, reportExposures } from './api/exposures.ts';
import { serveStatic } from './api/static.ts';
import { liveConfig } from './config/live.ts';
import type { Env } from './env.ts';
import { HttpError, internalError } from './http/errors.ts';
import { limitBody } from './http/json-body.ts';
import { requireServerKey } from './http/server-key.ts';
import { handlePage } from './page/handle.ts';

const EDITOR = '/__sw/editor';

export const app = new Hono<{ Bindings: Env }>();

// Hono types the context with its own, narrower interface; at run time it is workerd's.
const runtime = (ctx: unknown) => ctx as ExecutionContext;

app.all('/__sw/collect', limitBody(MAX_BODY_BYTES), (c) => collect(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all('/__sw/decide', requireServerKey, limitBody(DECIDE_BODY_BYTES), (c) => decideApi(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all('/__sw/decide/exposures', requireServerKey, limitBody(EXPOSURES_BODY_BYTES), (c) => reportExposures(c.req.raw, c.env, runtime(c.executionCtx)));
app.route('/__sw/admin', adminApi);
app.all('/__sw/config', etag(), (c) => clientConfig(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all('/__sw/recommendations', (c) => clientRecommendations(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all(EDITOR, (c) => Response.redirect(new URL(`${EDITOR}/`, c.req.url).href, 301));
app.all('/__sw/health', async (c) => {
  const live = await liveConfig(c.env, runtime(c.executionCtx));
  return Response.json({ ok: true, configVersion: live.config?.version ?? null, configSource: live.source });
});
app.all('/__sw/*', etag(), (c) => {
  const path = new URL(c.req.url).pathname;
  const asset = serveStatic(c.req.raw, path);
  if (!asset) throw new HttpError(404, `unknown Slotwise route ${path}`);
  return asset;
});
app.all('*', (c) => handlePage(c.req.raw, c.env, runtime(c.executionCtx)));

app.onError((error, c) => {
  if (error instanceof HttpError) return error.response();
  // Hono's own middleware (bearer-auth) throws its refusal with the response already built.
  if (error instanceof HTTPException) return error.getResponse();
  return internalError(`${c.req.method} ${new URL(c.req.url).pathname}`, error);
});
