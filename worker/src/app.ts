/**
 * The Worker as one Hono app: Slotwise's own routes under /__sw/ (the SDK and its lazy chunk,
 * event collection, the Decide API, the per-page config for browser decisions, the Admin API,
 * the editor's static build, a health check), then the page handler for everything else. Every
 * refusal is an HttpError, rendered here in one shape (http/errors.ts).
 */
import { Hono } from 'hono';
import { adminApi } from './admin/app.ts';
import { clientConfig } from './api/client-config.ts';
import { collect } from './api/collect.ts';
import { decideApi } from './api/decide.ts';
import { reportExposures } from './api/exposures.ts';
import { serveStatic } from './api/static.ts';
import { liveConfig } from './config/live.ts';
import type { Env } from './env.ts';
import { HttpError, internalError } from './http/errors.ts';
import { handlePage } from './page/handle.ts';

const EDITOR = '/__sw/editor';

export const app = new Hono<{ Bindings: Env }>();

// Hono types the context with its own, narrower interface; at run time it is workerd's.
const runtime = (ctx: unknown) => ctx as ExecutionContext;

app.all('/__sw/collect', (c) => collect(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all('/__sw/decide', (c) => decideApi(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all('/__sw/decide/exposures', (c) => reportExposures(c.req.raw, c.env, runtime(c.executionCtx)));
app.route('/__sw/admin', adminApi);
app.all('/__sw/config', (c) => clientConfig(c.req.raw, new URL(c.req.url), c.env, runtime(c.executionCtx)));
app.all(EDITOR, (c) => Response.redirect(new URL(`${EDITOR}/`, c.req.url).href, 301));
app.all('/__sw/health', async (c) => {
  const live = await liveConfig(c.env, runtime(c.executionCtx));
  return Response.json({ ok: true, configVersion: live.config?.version ?? null, configSource: live.source });
});
app.all('/__sw/*', (c) => {
  const path = new URL(c.req.url).pathname;
  const asset = serveStatic(c.req.raw, path);
  if (!asset) throw new HttpError(404, `unknown Slotwise route ${path}`);
  return asset;
});
app.all('*', (c) => handlePage(c.req.raw, c.env, runtime(c.executionCtx)));

app.onError((error, c) => (error instanceof HttpError ? error.response() : internalError(`${c.req.method} ${new URL(c.req.url).pathname}`, error)));
