/**
 * The pass-through, the no-op rewriter and the Slotwise Worker in one workerd process, picked per
 * request by the `x-bench-as` header (`passthrough`, `floor`, anything else: Slotwise). Each is
 * the unchanged Worker (passthrough.js, rewriter-floor.js, worker/src/index.ts), so a TTFB
 * comparison interleaved on one process measures the Workers and not the process: two identical
 * `wrangler dev` processes here differ by 5-50% in latency, more than the 5% budget.
 *
 * Runs with the Slotwise Worker's own wrangler.jsonc (its KV and Durable Objects), this file as
 * the entry point.
 */
import slotwise, { type Env } from '../../../worker/src/index.ts';
import passthrough from './passthrough.js';
import floor from './rewriter-floor.js';

export { AdminAccounts, AuthThrottle, CatalogStore, ConfigPublisher, DeadLetters, EventStore } from '../../../worker/src/index.ts';

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    switch (request.headers.get('x-bench-as')) {
      case 'passthrough':
        return passthrough.fetch(request, env);
      case 'floor':
        return floor.fetch(request, env);
      default:
        return slotwise.fetch(request, env, ctx);
    }
  },
} satisfies ExportedHandler<Env>;
