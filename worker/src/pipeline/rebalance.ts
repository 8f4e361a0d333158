/**
 * Moving visitors after a site's shard count changed (docs/measurement.md, "Changing N"). Writes
 * follow the new count at once; each visitor stored in a shard that is no longer their home is
 * moved: their events are appended to the new home (counted there as if they had arrived there:
 * the store's counting does not depend on arrival order) and then forgotten by the old shard,
 * which subtracts exactly what they counted. Append first, forget second: a failure in between
 * leaves the visitor in both shards until the next run, never in none, and the next run's append
 * is a no-op (event ids). Results read every shard ever used until the move is done.
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import type { Env } from '../env.ts';
import { homeShard, shardCount, shardStore } from '../objects/shards.ts';
import { storeOnShard } from './batches.ts';

export async function rebalance(env: Env, config: CompiledConfig | null, siteId: string, limit = 200): Promise<{ moved: number; done: boolean; shards: number }> {
  const count = shardCount(config);
  const first = shardStore(env, siteId, 0);
  // Not through the isolate's cache: a rebalance that lowered the count may be what it remembers.
  if (count > 1) await first.noteShards(count);
  const seen = Math.max(count, await first.shardsSeen());
  let moved = 0;
  for (let i = 0; i < seen && moved < limit; i++) {
    const shard = shardStore(env, siteId, i);
    for (const visitor of await shard.visitorsNotHome(i, count, limit - moved)) {
      await storeOnShard(env, config, siteId, homeShard(visitor, count), await shard.visitorBatches(visitor));
      await shard.forgetVisitor(visitor);
      moved++;
    }
  }
  const waiting = await Promise.all(Array.from({ length: seen }, (_, i) => shardStore(env, siteId, i).visitorsNotHome(i, count, 1)));
  const done = waiting.every((w) => w.length === 0);
  // Every visitor is home: results need read no shard above the count any more.
  if (done && seen > count) await first.noteShards(count, true);
  return { moved, done, shards: count };
}
