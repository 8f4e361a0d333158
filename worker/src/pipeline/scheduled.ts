/** The hourly cron: the live site's raw events to R2, when its config asks for export. */
import { liveConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { exportSite } from './export.ts';

export async function exportLiveSite(env: Env, ctx: ExecutionContext): Promise<void> {
  const { config } = await liveConfig(env, ctx);
  if (config?.source.site.measurement?.export !== true) return;
  const done = await exportSite(env, config.siteId);
  console.log(`slotwise: exported ${done.rows} events in ${done.files.length} files${done.more ? '; more next hour' : ''}`);
}
