/**
 * The whole request path to a page's first byte, as CPU inside workerd (ttfb-steps.mjs): the
 * pass-through, the no-op rewriter and the unchanged Slotwise Worker (its Hono app, the origin
 * request, the early decision, the event recording, the response), each called `n` times in a
 * batch with the origin's page answered from memory, so no I/O wait hides in the figure and
 * workerd's clock (which moves only across I/O) times the batch. The CPU probe's steps
 * (cpu-probe.ts) time Slotwise's parts in isolation; this times what a request really runs.
 *
 *   GET /cpu?mode=passthrough|floor|slotwise&n=100
 *
 * Runs with the Slotwise Worker's own wrangler.jsonc (its KV with the published config, its
 * Durable Objects), this file as the entry point. The event queue is replaced by one that
 * accepts and drops, so its consumer's work does not land in the batches.
 */
import slotwise, { type Env } from '../../../worker/src/index.ts';
import passthrough from './passthrough.js';
import floor from './rewriter-floor.js';

export { AdminAccounts, AuthThrottle, CatalogStore, ConfigPublisher, DeadLetters, EventStore } from '../../../worker/src/index.ts';

const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8' };
const dropped: Queue = { send: async () => {}, sendBatch: async () => {} } as unknown as Queue;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
let page: string | null = null;

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname !== '/cpu') return new Response('GET /cpu?mode=passthrough|floor|slotwise&n=100\n', { status: 404 });
    page ??= await (await fetch(new URL('/home', env.ORIGIN))).text();
    const html = page;
    const mode = url.searchParams.get('mode') ?? 'floor';
    const n = Math.min(Math.max(Number(url.searchParams.get('n') ?? 100), 1), 1000);
    const quiet: Env = { ...env, EVENT_QUEUE: dropped };
    const handler =
      mode === 'passthrough'
        ? (r: Request) => passthrough.fetch(r, env)
        : mode === 'floor'
          ? (r: Request) => floor.fetch(r, env)
          : mode === 'slotwise'
            ? (r: Request) => slotwise.fetch(r, quiet, ctx)
            : null;
    if (!handler) return new Response(`unknown mode ${mode}\n`, { status: 400 });
    // A page load as the bench's browser sends it: the visitor's cookies, a page accept header.
    const pageLoad = () => new Request(new URL('/home?utm_source=newsletter', url.origin), { headers: request.headers });
    const once = async () => {
      const reader = (await handler(pageLoad())).body!.getReader();
      await reader.read();
      await reader.cancel();
    };
    const realFetch = globalThis.fetch;
    // Every Worker here asks the origin with the global fetch: answered from memory for the batch.
    globalThis.fetch = (async () => new Response(html, { headers: HTML_HEADERS })) as typeof fetch;
    try {
      await once(); // warm: lazy compiles, the config read
      await tick();
      const started = performance.now();
      for (let i = 0; i < n; i++) await once();
      await tick();
      return Response.json({ mode, n, perRequestUs: ((performance.now() - started) * 1000) / n });
    } finally {
      globalThis.fetch = realFetch;
    }
  },
} satisfies ExportedHandler<Env>;
