/**
 * A page request, top to bottom: the origin is asked at once; a page load is decided while it
 * works (decide.ts: plain values, no side effects); the answer passes through untouched unless
 * it is an HTML page Slotwise can rewrite; then this file records the decision's events and
 * writes its headers and cookies, and the page streams through the slot rewriter. It fails
 * open: whatever goes wrong in Slotwise, the visitor gets the origin's page.
 */
import { EDIT_COOKIE, readCookie } from '@slotwise/core/protocol';
import { addCustomerContacts } from '../config/contacts.ts';
import type { Env } from '../env.ts';
import { forThisVisitorOnly } from '../http/cache-headers.ts';
import { ingest } from '../pipeline/ingest.ts';
import { countView } from '../catalog/counts.ts';
import { noteCategory } from './catalog.ts';
import { type PageDecision, type Unpublished, decidePage } from './decide.ts';
import { noteSlotHealth } from './slot-health.ts';
import { editModePage } from './edit-mode.ts';
import { OriginTimeout, fetchOrigin, isLoop } from './origin.ts';
import { pageRewriter, passThroughReason, unpublished, withBypass } from './respond.ts';

/** Any request that is not one of Slotwise's own routes: the origin's answer, personalized when it is a page. */
export async function handlePage(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
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
  const early = pageLoad
    ? afterSubrequestSent()
        .then(prepare)
        .catch(() => null)
    : null;
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
    recordEvents(env, ctx, prepared.page);
    return personalize(origin, prepared.page, prepared.rewriter, originWait);
  } catch (error) {
    console.error(`slotwise: page served unpersonalized: ${error instanceof Error ? error.stack : String(error)}`);
    return withBypass(origin, 'error');
  }
}

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
  return {
    page,
    rewriter: pageRewriter(
      page,
      csp,
      (category) => noteCategory(env, ctx, siteId, category),
      (slots, found) => noteSlotHealth(env, ctx, siteId, slots, found),
    ),
  };
}

/**
 * Records what serving the page means, in the background: for results (page goals, the holdout
 * arm), a signed-in customer's contacts for every channel's budget, and a product view for trending.
 */
function recordEvents(env: Env, ctx: ExecutionContext, { live, visitor, events, customerContacts, recommendations, context }: PageDecision): void {
  if (customerContacts) {
    ctx.waitUntil(
      addCustomerContacts(env, customerContacts.userId, customerContacts.contacts).catch((e: unknown) => console.warn(`slotwise: contacts not recorded: ${String(e)}`)),
    );
  }
  // A product page served to a counted visitor is a view for trending (aggregate: the item only).
  if (recommendations.current && visitor.id !== null && context.device.type !== 'bot') countView(env, ctx, live.config.siteId, recommendations.current);
  if (visitor.id === null || events.length === 0) return;
  ctx.waitUntil(
    ingest(env, live.config, { site: live.config.siteId, visitor: visitor.id, events }).then(
      () => undefined,
      (e: unknown) => console.warn(`slotwise: page events not recorded: ${String(e)}`),
    ),
  );
}

/** The origin's page, streamed through the slot rewriter, with the decision's cookies and timings. */
export function personalize(origin: Response, page: PageDecision, rewriter: HTMLRewriter, originWait: number): Response {
  const { live, decisions } = page;
  // The rewriter's Response goes out as it is, its headers (a copy of the origin's, and mutable)
  // changed in place: the rewriter's native stream with no JavaScript reading it on the way (a
  // coalescer doubled the CPU of a small page, docs/performance.md, "Why the output is not
  // coalesced"), and no second Headers and Response to build on the way to the first byte
  // (issue 23, item 3: 15-25 µs of a local page's time to first byte).
  const personalized = rewriter.transform(origin);
  const { headers } = personalized;
  headers.delete('content-length');
  headers.delete('etag');
  headers.delete('last-modified');
  // The personalized bytes belong to this visitor: browsers may keep them, shared caches may not.
  forThisVisitorOnly(headers, 'private, max-age=0, must-revalidate');
  // workerd advances its clock only across I/O, so on Cloudflare sw-decide reads 0: the engine's
  // CPU cost is measured by `npm run bench` instead. The waits are real I/O and do show.
  headers.append(
    'server-timing',
    `sw-origin;dur=${originWait.toFixed(1)}, sw-config;dur=${page.configWait.toFixed(1)}, sw-decide;dur=${page.decideMs.toFixed(3)};desc="config v${live.config.version}"`,
  );
  headers.set('x-slotwise', `v${live.config.version}; ${Object.keys(decisions.slots).length} slots decided; config ${live.source}`);
  for (const cookie of page.cookies) headers.append('set-cookie', cookie);
  return personalized;
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
export function afterSubrequestSent(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A page the signed-in editor frames: served as the origin made it, so the marketer sees and
 * edits each slot's default content. Pages opened normally stay personalized.
 */
function framedByEditor(request: Request): boolean {
  return request.headers.get('sec-fetch-dest') === 'iframe' && readCookie(request.headers.get('cookie'), EDIT_COOKIE) === '1';
}
