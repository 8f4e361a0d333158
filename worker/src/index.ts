/**
 * The Slotwise Worker: sits in front of a site, serves Slotwise's own routes under /__sw/, and
 * personalizes every other HTML page on its way out (app.ts: one Hono app for both).
 */
import { useRe2 } from '@slotwise/core/decide';
import { RE2JS } from '@slotwise/core/re2';
import { app } from './app.ts';
import { catalogCron } from './catalog/cron.ts';
import type { Env } from './env.ts';

// Before any config is checked or compiled: every $regex runs on the linear-time engine, loaded
// with the Worker so a request never waits for it.
useRe2(RE2JS);

export type { Env } from './env.ts';
export { ConfigPublisher } from './objects/config-publisher.ts';
export { AdminAccounts } from './objects/admin-accounts.ts';
export { AuthThrottle } from './objects/auth-throttle.ts';
export { EventStore } from './objects/event-store.ts';
export { CatalogStore } from './objects/catalog-store.ts';

export default {
  fetch: (request: Request, env: Env, ctx: ExecutionContext): Promise<Response> => Promise.resolve(app.fetch(request, env, ctx)),
  // The hourly Cron Trigger (wrangler.jsonc): catalog feeds that are due, and fresh trending lists.
  scheduled: (_controller: ScheduledController, env: Env, ctx: ExecutionContext): void => ctx.waitUntil(catalogCron(env, ctx)),
} satisfies ExportedHandler<Env>;
