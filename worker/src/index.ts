/**
 * The Slotwise Worker: sits in front of a site, serves Slotwise's own routes under /__sw/,
 * and personalizes every other HTML page on its way out. It fails open: whatever goes wrong in
 * Slotwise, the visitor gets the origin's page.
 */
import { type SwEvent, readCookie, useRe2 } from '@slotwise/core';
import { RE2JS } from '@slotwise/core/re2';
import { EDIT_COOKIE } from './admin/auth.ts';
import { noteCategory } from './page/catalog.ts';
import { editModePage } from './page/edit-mode.ts';
import { eventStore } from './objects/aggregates.ts';
import type { Env } from './env.ts';
import { OriginTimeout, fetchOrigin, isLoop } from './page/origin.ts';
import { pageRewriter, passThroughReason, personalize, unpublished, withBypass } from './page/respond.ts';
import { serveOwnRoute } from './own-routes.ts';
import { pageGoalEvents } from './page/goals.ts';
import { type ProgrammeArm, programmeExposure } from './page/showings.ts';
import { type PageDecision, type Unpublished, decidePage } from './page/decide.ts';

// Before any config is checked or compiled: every $regex runs on the linear-time engine, loaded
// with the Worker so a request never waits for it.
useRe2(RE2JS);

export type { Env } from './env.ts';
export { ConfigPublisher } from './objects/config-publisher.ts';
export { AdminAccounts } from './objects/admin-accounts.ts';
export { AuthThrottle } from './objects/auth-throttle.ts';
export { EventStore } from './objects/event-store.ts';

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
    const started = performance.now();
    const framed = framedByEditor(request);
    const pageLoad = !framed && isPageLoad(request);
    const pending = fetchOrigin(request, url, env, pageLoad);
    // A page load is decided, and its rewriter built, while the origin works on it: they need
    // nothing from the origin's answer but its CSP (read later, as the page streams), so they cost
    // the visitor no time to first byte. (Wasted, and harmless, when the answer is no page.)
    let origin: Response | undefined;
    const csp = () => origin?.headers.get('content-security-policy') ?? null;
    const prepare = () => preparePage(request, url, env, ctx, csp);
    const early = pageLoad ? afterSubrequestSent().then(prepare).catch(() => null) : null;
    try {
      origin = await pending;
    } catch (error) {
      return originFailed(error);
    }
    const originWait = performance.now() - started;
    const untouched = passThroughReason(request, origin);
    // An HTML page Slotwise cannot rewrite says why; everything else passes as it came.
    if (untouched === 'charset' || untouched === 'encoding') return withBypass(origin, untouched);
    if (untouched !== null) return origin;
    if (framed) return editModePage(origin);
    try {
      const prepared = (await early) ?? (await prepare());
      if (!prepared.rewriter) return unpublished(origin, prepared.page);
      return personalizePage(url, env, ctx, request, origin, prepared.page, prepared.rewriter, originWait);
    } catch (error) {
      console.error(`slotwise: page served unpersonalized: ${error instanceof Error ? error.stack : String(error)}`);
      return withBypass(origin, 'error');
    }
  },
} satisfies ExportedHandler<Env>;

/** The origin could not be asked, or did not answer: a short reason, never a stack trace. */
function originFailed(error: unknown): Response {
  const timedOut = error instanceof OriginTimeout;
  console.error(`slotwise: ${timedOut ? 'origin timed out' : 'origin unreachable'}: ${String(error)}`);
  const [status, text, reason] = timedOut
    ? [504, `Gateway timeout: the origin did not answer within ${error.ms} ms.\n`, 'origin-timeout']
    : [502, 'Bad gateway: the origin did not answer.\n', 'origin-unreachable'];
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-slotwise-bypass': reason } });
}

type Prepared = { page: PageDecision; rewriter: HTMLRewriter } | { page: Unpublished; rewriter: null };

async function preparePage(request: Request, url: URL, env: Env, ctx: ExecutionContext, csp: () => string | null): Promise<Prepared> {
  const page = await decidePage(request, url, env, ctx);
  if (!page.decisions) return { page, rewriter: null };
  const { siteId } = page.live.config;
  return { page, rewriter: pageRewriter(page, csp, (category) => noteCategory(env, ctx, siteId, category)) };
}

/** The side effects of serving a personalized page (page goals, the holdout arm), then the rewrite. */
function personalizePage(url: URL, env: Env, ctx: ExecutionContext, request: Request, origin: Response, page: PageDecision, rewriter: HTMLRewriter, originWait: number): Response {
  const { live, visitor, context, now } = page;
  const { siteId } = live.config;
  // What the edge itself counts for results (crawlers are served pages but never counted).
  const counted = context.device.type !== 'bot' && visitor.id !== null;
  const record = (events: SwEvent[], what: string) => {
    const store = eventStore(env, siteId);
    ctx.waitUntil(store.append(visitor.id!, events).then(() => undefined, (e: unknown) => console.warn(`slotwise: ${what} not recorded: ${String(e)}`)));
  };
  const goals = counted ? pageGoalEvents(live.config, visitor.id!, url.pathname, now) : [];
  if (goals.length) record(goals, 'page goal');
  const onProgramme = counted ? (arm: ProgrammeArm) => record([programmeExposure(visitor.id!, arm, now)], 'holdout arm') : undefined;
  return personalize(origin, { ...page, request, originWait, ...(onProgramme ? { onProgramme } : {}) }, rewriter);
}

/** A browser navigation to a page (not an asset or an API call). */
function isPageLoad(request: Request): boolean {
  if (request.method !== 'GET') return false;
  const dest = request.headers.get('sec-fetch-dest');
  return dest === 'document' || (dest === null && (request.headers.get('accept') ?? '').includes('text/html'));
}

/**
 * workerd sends a subrequest once the running JavaScript yields to its event loop; a zero-delay
 * timer yields without waiting for anything else, so the origin starts on the page at once.
 */
function afterSubrequestSent(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A page the signed-in editor frames: served as the origin made it, so the marketer sees and
 * edits each slot's default content. Pages opened normally stay personalized.
 */
function framedByEditor(request: Request): boolean {
  return request.headers.get('sec-fetch-dest') === 'iframe' && readCookie(request.headers.get('cookie'), EDIT_COOKIE) === '1';
}
