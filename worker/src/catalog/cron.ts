/**
 * The hourly Cron Trigger's work: the live site's catalog feed when it is due, and fresh lists
 * for the edge (trending follows the counts). Failures are logged, never thrown: the next hour
 * tries again.
 */
import { publishedConfig, settledConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { hourlyCatalogRun } from './feed.ts';

export async function catalogCron(env: Env, ctx: ExecutionContext, now = Date.now()): Promise<void> {
  try {
    const config = await settledConfig(publishedConfig, env, ctx);
    if (config) await hourlyCatalogRun(env, config.siteId, now);
  } catch (error) {
    console.error(`slotwise: catalog cron failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
