/**
 * Raw events to R2 as files a warehouse reads directly (docs/measurement.md, "Export"): gzipped
 * JSON Lines under `events/site=<site>/date=<UTC day of the event>/part-s<shard>-<last row>.jsonl.gz`
 * (Hive-style partitions: DuckDB, BigQuery and Snowflake read `site` and `date` from the path),
 * with the columns described once in `events/schema.json`. Runs hourly (the cron in
 * wrangler.jsonc) for a site whose config sets `measurement.export`, and on demand from the Admin
 * API. Each shard hands out its unexported rows oldest first; a file's name is fixed by its rows,
 * so a run that dies between writing and marking rewrites the same file. Delivery is at least
 * once all the same (a visitor moved by a rebalance is exported again from their new shard):
 * readers keep one row per (visitor, source, id), as the documented queries do.
 */
import type { Env } from '../env.ts';
import type { ExportRow } from '../objects/event-store.ts';
import { siteEvents } from '../objects/site-events.ts';

/** Rows per file at most: about a megabyte of JSON before gzip. */
export const EXPORT_ROWS = 4000;
/**
 * Rows one run writes at most, shard after shard, so a run stays well inside an invocation's
 * memory and time (a run of 200,000 rows at once restarted the local Worker); the next run goes on.
 */
const ROWS_PER_RUN = 40_000;

export const EXPORT_PREFIX = 'events/';
export const SCHEMA_KEY = 'events/schema.json';

/** The columns of every exported line, with the types a warehouse loads them as. */
export const EXPORT_SCHEMA = {
  format: 'newline-delimited JSON, gzip; partitions site=<site id>/date=<YYYY-MM-DD, UTC day of ts>',
  unique: ['visitor', 'source', 'id'],
  columns: [
    { name: 'id', type: 'STRING', about: 'event id; unique per visitor and source' },
    { name: 'visitor', type: 'STRING', about: 'the sw_id visitor id (or a channel customer id)' },
    { name: 'source', type: 'STRING', about: '"" for the site, channel:<name> for a channel report' },
    { name: 'type', type: 'STRING', about: 'exposure, purchase, add_to_cart, page:/path, …' },
    { name: 'ts', type: 'INT64', about: 'device time, epoch milliseconds' },
    { name: 'time', type: 'TIMESTAMP', about: 'ts as ISO 8601 UTC' },
    { name: 'props', type: 'JSON', about: 'the event props (exposure: campaign, variant, slot; purchase: value …) or null' },
    { name: 'received', type: 'INT64', about: 'when the store received it, epoch milliseconds' },
  ],
} as const;

const day = (ts: number) => new Date(ts).toISOString().slice(0, 10);

function line(r: ExportRow): string {
  return JSON.stringify({
    id: r.id,
    visitor: r.visitor,
    source: r.source,
    type: r.type,
    ts: r.ts,
    time: new Date(r.ts).toISOString(),
    props: r.props === null ? null : JSON.parse(r.props),
    received: r.received,
  });
}

async function gzip(text: string): Promise<ArrayBuffer> {
  return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
}

/** Writes every unexported event of a site (up to the per-run bound); returns the files and rows written. */
export async function exportSite(env: Env, siteId: string): Promise<{ files: string[]; rows: number; more: boolean }> {
  await env.EVENT_EXPORTS.put(SCHEMA_KEY, JSON.stringify(EXPORT_SCHEMA, null, 2), { httpMetadata: { contentType: 'application/json' } });
  const shards = await siteEvents(env, siteId).shards();
  const files: string[] = [];
  let rows = 0;
  for (const [index, shard] of shards.entries()) {
    for (;;) {
      if (rows >= ROWS_PER_RUN) return { files: files.sort(), rows, more: true };
      const batch = await shard.unexported(EXPORT_ROWS);
      if (batch.rows.length === 0) break;
      const byDay = new Map<string, ExportRow[]>();
      for (const r of batch.rows) {
        const rowsOfDay = byDay.get(day(r.ts));
        if (rowsOfDay) rowsOfDay.push(r);
        else byDay.set(day(r.ts), [r]);
      }
      for (const [date, dayRows] of byDay) {
        const key = `${EXPORT_PREFIX}site=${siteId}/date=${date}/part-s${index}-${batch.last}.jsonl.gz`;
        await env.EVENT_EXPORTS.put(key, await gzip(`${dayRows.map(line).join('\n')}\n`), { httpMetadata: { contentType: 'application/x-ndjson', contentEncoding: 'gzip' } });
        files.push(key);
      }
      await shard.markExported(batch.last);
      rows += batch.rows.length;
    }
  }
  return { files: files.sort(), rows, more: false };
}
