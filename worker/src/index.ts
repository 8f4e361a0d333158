/**
 * The Slotwise Worker: sits in front of a site, serves Slotwise's own routes under /__sw/,
 * and personalizes every other HTML page on its way out. It fails open: whatever goes wrong in
 * Slotwise, the visitor gets the origin's page.
 */
import { type SwEvent, readCookie } from '@slotwise/core';
import { EDIT_COOKIE } from './admin-auth.ts';
import { noteCategory } from './catalog.ts';
import { liveConfig } from './config-store.ts';
import { devOverrides } from './dev-overrides.ts';
import { editModePage } from './edit-mode.ts';
import type { Env } from './env.ts';
import { fetchOrigin, isLoop } from './origin.ts';
import { passThroughReason, personalize, withBypass } from './personalize.ts';
import { requestContext } from './request-context.ts';
import { serveOwnRoute } from './own-routes.ts';
import { pageGoalEvents } from './page-goals.ts';
import { type ProgrammeArm, programmeExposure } from './showings.ts';
import { identifyVisitor } from './visitor.ts';

export type { Env } from './env.ts';
export { ConfigPublisher } from './config-publisher.ts';
export { EventStore } from './event-store.ts';

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname.startsWith('/__sw/')) return serveOwnRoute(request, url, env, ctx);
    if (isLoop(request)) {
      return new Response('Slotwise: ORIGIN points back at this Worker; refusing to loop.\n', {
        status: 508,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-slotwise-bypass': 'loop' },
      });
    }
    let origin: Response;
    const started = performance.now();
    try {
      origin = await fetchOrigin(request, url, env);
    } catch (error) {
      console.error(`slotwise: origin unreachable: ${String(error)}`);
      return new Response('Bad gateway: the origin did not answer.\n', {
        status: 502,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-slotwise-bypass': 'origin-unreachable' },
      });
    }
    if (passThroughReason(request, origin) !== null) return origin;
    if (framedByEditor(request)) return editModePage(origin);
    try {
      return await personalizePage(request, url, env, ctx, origin, performance.now() - started);
    } catch (error) {
      console.error(`slotwise: page served unpersonalized: ${error instanceof Error ? error.stack : String(error)}`);
      return withBypass(origin, 'error');
    }
  },
} satisfies ExportedHandler<Env>;

async function personalizePage(
  request: Request,
  url: URL,
  env: Env,
  ctx: ExecutionContext,
  origin: Response,
  originWait: number,
): Promise<Response> {
  const now = Date.now();
  const configStarted = performance.now();
  const live = await liveConfig(env, ctx);
  const waits = { origin: originWait, config: performance.now() - configStarted };
  const dev = devOverrides(request, url, env);
  const visitor = identifyVisitor(request, url, live.config?.consent ?? 'required');
  visitor.setCookies.push(...dev.setCookies);
  const debug = isDebugRequest(request, url, env);
  const siteId = live.config?.siteId ?? 'default';
  const onCategory = (category: string) => noteCategory(env, ctx, siteId, category);
  const context = requestContext(request, url, now, dev.geo);
  // What the edge itself counts for results (crawlers are served pages but never counted).
  const counted = context.device.type !== 'bot' && visitor.id !== null && live.config !== null;
  const record = (events: SwEvent[], what: string) => {
    const store = env.EVENTS.get(env.EVENTS.idFromName(siteId));
    ctx.waitUntil(store.append(visitor.id!, events).then(() => undefined, (e: unknown) => console.warn(`slotwise: ${what} not recorded: ${String(e)}`)));
  };
  const goals = counted ? pageGoalEvents(live.config!, visitor.id!, url.pathname, now) : [];
  if (goals.length) record(goals, 'page goal');
  const onProgramme = counted ? (arm: ProgrammeArm) => record([programmeExposure(visitor.id!, arm, now)], 'holdout arm') : undefined;
  return personalize(origin, { request, live, visitor, context, now, debug, waits, onCategory, ...(onProgramme ? { onProgramme } : {}) });
}

/**
 * A page the signed-in editor frames: served as the origin made it, so the marketer sees and
 * edits each slot's default content. Pages opened normally stay personalized.
 */
function framedByEditor(request: Request): boolean {
  return request.headers.get('sec-fetch-dest') === 'iframe' && readCookie(request.headers.get('cookie'), EDIT_COOKIE) === '1';
}

function isDebugRequest(request: Request, url: URL, env: Env): boolean {
  const token = env.DEBUG_TOKEN;
  if (!token) return false;
  const given = request.headers.get('x-slotwise-debug') ?? url.searchParams.get('sw_debug');
  return given !== null && timingSafeEqual(given, token);
}

/** Compares secrets without leaking how many leading characters matched. */
function timingSafeEqual(a: string, b: string): boolean {
  const enc = new TextEncoder();
  const x = enc.encode(a);
  const y = enc.encode(b);
  if (x.byteLength !== y.byteLength) return false;
  return crypto.subtle.timingSafeEqual(x, y);
}
