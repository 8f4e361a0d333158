/**
 * Faults on purpose, for the load test (e2e/load/): only where DEV_OVERRIDES is "true" (local
 * development) and EVENT_FAULTS is set, as JSON `{"downShard": 1, "downMs": 15000, "crashEvery": 40}`:
 * - shard `downShard` refuses every write for `downMs` after this isolate's first queue batch;
 * - every `crashEvery`-th queue batch dies after storing and before acknowledging anything, as a
 *   consumer does when it is restarted mid-batch: the queue delivers the whole batch again.
 */
import type { Env } from '../env.ts';

type Faults = { downShard?: number; downMs?: number; crashEvery?: number };

let started: number | null = null;
let batches = 0;

function faults(env: Env): Faults | null {
  if (env.DEV_OVERRIDES !== 'true' || !env.EVENT_FAULTS) return null;
  try {
    return JSON.parse(env.EVENT_FAULTS) as Faults;
  } catch {
    return null;
  }
}

/** Counts a queue batch; true when this one is to die before its acks. */
export function batchCrashes(env: Env): boolean {
  const f = faults(env);
  if (!f) return false;
  started ??= Date.now();
  batches += 1;
  return f.crashEvery !== undefined && f.crashEvery > 0 && batches % f.crashEvery === 0;
}

/** Throws for the shard that is down, while it is. */
export function failIfDown(env: Env, shard: number): void {
  const f = faults(env);
  if (!f || f.downShard !== shard || started === null) return;
  if (Date.now() - started < (f.downMs ?? 0)) throw new Error(`shard ${shard} is down (EVENT_FAULTS)`);
}
