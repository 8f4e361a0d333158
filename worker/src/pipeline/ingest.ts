/**
 * Where a valid event batch goes after the edge has checked it (docs/measurement.md): onto the
 * event queue, whose consumer stores it (consume.ts) — the request never waits for a store — or,
 * with EVENT_INGEST=direct, straight into the visitor's shard (the single-object path, and the
 * Worker suite's default so its tests read what they just sent).
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import type { Env } from '../env.ts';
import { type EventBatch, storeBatches } from './batches.ts';

export const queued = (env: Env): boolean => env.EVENT_INGEST !== 'direct';

/** `{ queued: n }` when the batch is on the queue; `{ inserted }` when it was stored here. */
export async function ingest(env: Env, config: CompiledConfig | null, batch: EventBatch): Promise<{ queued: number } | { inserted: number }> {
  if (queued(env)) {
    await env.EVENT_QUEUE.send(batch, { contentType: 'json' });
    return { queued: batch.events.length };
  }
  return { inserted: await storeBatches(env, config, batch.site, [batch]) };
}
