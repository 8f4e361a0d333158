/**
 * Loading items into a site's catalog store, from the Admin API or a feed: each item is
 * validated on its own (core's parseCatalogItem), valid ones go to the store in batches (a
 * Durable Object call carries at most a few MB), rejected lines are reported with their reason,
 * and the edge's snapshot is written once at the end.
 */
import type { CatalogItem } from '@slotwise/core';
import { MAX_REJECTED_REPORTED, type RejectedLine, parseCatalogItem } from '@slotwise/core/recommend';
import type { Env } from '../env.ts';
import type { LoadReport } from '../objects/catalog-store.ts';

export const catalogStore = (env: Env, site: string) => env.CATALOG.get(env.CATALOG.idFromName(site));

/** Items per call to the store: ~2 MB of JSON at typical item sizes. */
const BATCH = 5000;

export interface CatalogLoad {
  add(line: number, raw: unknown): Promise<void>;
  reject(line: number, reason: string, id?: string): void;
  finish(error?: string): Promise<LoadReport>;
}

export function startLoad(env: Env, site: string, source: LoadReport['source'], now = Date.now()): CatalogLoad {
  const store = catalogStore(env, site);
  let batch: CatalogItem[] = [];
  let accepted = 0;
  let rejected = 0;
  const lines: RejectedLine[] = [];
  const flush = async () => {
    if (!batch.length) return;
    accepted += await store.upsert(batch, now);
    batch = [];
  };
  const reject = (line: number, reason: string, id?: string) => {
    rejected++;
    if (lines.length < MAX_REJECTED_REPORTED) lines.push({ line, ...(id !== undefined ? { id } : {}), reason });
  };
  return {
    async add(line, raw) {
      const result = parseCatalogItem(raw);
      if (!result.ok) {
        const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id.slice(0, 40) : undefined;
        reject(line, result.reason, id);
        return;
      }
      batch.push(result.item);
      if (batch.length >= BATCH) await flush();
    },
    reject,
    async finish(error) {
      await flush();
      const report: LoadReport = { at: now, source, accepted, rejected, lines, ...(error ? { error } : {}) };
      await store.noteLoad(report);
      if (accepted > 0) await store.publish(site, now);
      return report;
    },
  };
}

/** Reads a JSON Lines stream into a load: a line that is not JSON is rejected, the rest judged. */
export async function loadLines(load: CatalogLoad, lines: AsyncIterable<[number, string]>): Promise<void> {
  for await (const [line, text] of lines) {
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      load.reject(line, 'not valid JSON');
      continue;
    }
    await load.add(line, raw);
  }
}
