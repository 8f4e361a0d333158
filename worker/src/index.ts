/**
 * The Slotwise Worker: sits in front of a site, serves Slotwise's own routes under /__sw/, and
 * personalizes every other HTML page on its way out (app.ts: one Hono app for both).
 */
import { useRe2 } from '@slotwise/core/decide';
import { RE2JS } from '@slotwise/core/re2';
import { app } from './app.ts';
import { checkGuardrails } from './admin/auto-pause.ts';
import { readLive } from './admin/results.ts';
import { catalogCron } from './catalog/cron.ts';
import type { Env } from './env.ts';
import { exportLiveSite } from './pipeline/scheduled.ts';
import { handleQueue } from './pipeline/queues.ts';

/** The hourly export's cron (wrangler.jsonc); the other cron checks guardrails. */
const EXPORT_CRON = '7 * * * *';

// Before any config is checked or compiled: every $regex runs on the linear-time engine, loaded
// with the Worker so a request never waits for it.
useRe2(RE2JS);

export type { Env } from './env.ts';
export { ConfigPublisher } from './objects/config-publisher.ts';
export { AdminAccounts } from './objects/admin-accounts.ts';
export { AuthThrottle } from './objects/auth-throttle.ts';
export { EventStore } from './objects/event-store.ts';
export { DeadLetters } from './objects/dead-letters.ts';
export { CatalogStore } from './objects/catalog-store.ts';

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext): Promise<Response> => Promise.resolve(app.fetch(request, env, ctx)),
  // The measurement pipeline (docs/measurement.md): event batches, dead letters, webhooks.
  queue: (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> => handleQueue(batch, env, ctx),
  // The crons in wrangler.jsonc: hourly, raw events to R2 for sites that export them, catalog
  // feeds that are due and fresh trending lists; every 10 minutes, guardrails with auto-pause
  // ticked are checked even when nobody reads the results.
  scheduled: async (controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> => {
    if (controller.cron === EXPORT_CRON) {
      ctx.waitUntil(catalogCron(env, ctx));
      await exportLiveSite(env, ctx);
    } else await checkGuardrails(env, await readLive(env, ctx));
  },
} satisfies ExportedHandler<Env>;
