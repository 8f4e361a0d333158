/**
 * Time to first byte step by step, in wall-clock time (ttfb-steps.mjs): the page path of
 * handle.ts built up one step at a time from the no-op rewriter, each step the Worker's own
 * function, picked per request by the `x-bench-as` header, so the steps are compared in one
 * process, interleaved:
 *
 *   passthrough  the pass-through Worker (passthrough.js)
 *   floor        the pass-through through the no-op rewriter (rewriter-floor.js)
 *   forward      the origin asked as Slotwise asks it (fetchOrigin: loop marker, forwarded host
 *                and scheme, the encodings workerd decodes, the origin timeout), the no-op rewriter
 *   decide       + the early decision while the origin works (handle.ts's afterSubrequestSent,
 *                then decidePage)
 *   respond      + the personalized response around the no-op rewriter (personalize: cache
 *                headers, Server-Timing, the decision's cookies)
 *   rewrite      + Slotwise's slot rewriter (pageRewriter): handle.ts's page path without Hono,
 *                the event recording and the slot-health and category notes
 *   anything else: the unchanged Slotwise Worker
 *
 * Runs with the Slotwise Worker's own wrangler.jsonc (its KV with the published config, its
 * Durable Objects), this file as the entry point.
 */
import slotwise, { type Env } from '../../../worker/src/index.ts';
import { decidePage } from '../../../worker/src/page/decide.ts';
import { afterSubrequestSent, personalize } from '../../../worker/src/page/handle.ts';
import { fetchOrigin } from '../../../worker/src/page/origin.ts';
import { pageRewriter } from '../../../worker/src/page/respond.ts';
import passthrough from './passthrough.js';
import floor, { noopRewriter } from './rewriter-floor.js';

export { AdminAccounts, AuthThrottle, CatalogStore, ConfigPublisher, DeadLetters, EventStore } from '../../../worker/src/index.ts';

const STEPS = new Set(['forward', 'decide', 'respond', 'rewrite']);

async function upTo(step: string, request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const url = new URL(request.url);
  const started = performance.now();
  const pending = fetchOrigin(request, url, env, true);
  if (step === 'forward') return noopRewriter().transform(await pending);
  const early = afterSubrequestSent().then(() => decidePage(request, url, env, ctx));
  const origin = await pending;
  const page = await early;
  if (!page.decisions) throw new Error('nothing is published: the steps need the bench config live');
  if (step === 'decide') return noopRewriter().transform(origin);
  const rewriter = step === 'respond' ? noopRewriter() : pageRewriter(page, () => origin.headers.get('content-security-policy'));
  return personalize(origin, page, rewriter, performance.now() - started);
}

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const as = request.headers.get('x-bench-as') ?? '';
    if (as === 'passthrough') return passthrough.fetch(request, env);
    if (as === 'floor') return floor.fetch(request, env);
    if (STEPS.has(as)) return upTo(as, request, env, ctx);
    return slotwise.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
