/**
 * The event queue's consumer (docs/measurement.md): each message is one visitor's valid batch;
 * the messages of a queue batch are grouped by the shard of their visitor and each shard's group
 * is stored in one transaction. A group whose shard fails is retried with exponential backoff
 * (the queue keeps it meanwhile; the other shards' groups are done); after max_retries
 * (wrangler.jsonc) the queue moves it to the dead-letter queue (dead-letters.ts). Storing is
 * idempotent (event ids), so a retry of a batch that was in fact stored counts nothing twice.
 */
import { liveConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { shardCount } from '../objects/shards.ts';
import { type EventBatch, byShard, noteShardCount, readBatch, storeOnShard } from './batches.ts';
import { keepDead } from './dead-letters.ts';
import { batchCrashes, failIfDown } from './faults.ts';
import { webhookOn } from './webhook.ts';

/** Seconds before a failed message is tried again: 1, 2, 4 … 256, then every 5 minutes. Ten retries span about 8.5 minutes of outage. */
export const retryDelay = (attempts: number): number => Math.min(300, 2 ** Math.max(0, attempts - 1));

type Item = { message: Message<unknown>; batch: EventBatch; visitor: string };

export async function consumeEvents(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  const items: Item[] = [];
  const broken: Message<unknown>[] = [];
  for (const message of batch.messages) {
    const read = readBatch(message.body);
    if (read) items.push({ message, batch: read, visitor: read.visitor });
    else broken.push(message);
  }
  // Not a batch any producer here writes: no retry can fix it, so it is kept aside at once.
  if (broken.length > 0) await settle(broken, () => keepDead(env, '', broken));

  let config: Awaited<ReturnType<typeof liveConfig>>['config'];
  try {
    config = (await liveConfig(env, ctx)).config;
  } catch (failure) {
    console.warn(`slotwise: event batch waits for the config: ${String(failure)}`);
    for (const { message } of items) message.retry({ delaySeconds: retryDelay(message.attempts) });
    return;
  }
  const count = shardCount(config);
  const crashes = batchCrashes(env);
  const sites = new Map<string, Item[]>();
  for (const item of items) {
    const ofSite = sites.get(item.batch.site);
    if (ofSite) ofSite.push(item);
    else sites.set(item.batch.site, [item]);
  }

  const outcomes = await Promise.all(
    [...sites].flatMap(([site, siteItems]) =>
      [...byShard(siteItems, count)].map(async ([shard, group]) => {
        const messages = group.map((i) => i.message);
        try {
          failIfDown(env, shard);
          await noteShardCount(env, site, count);
          await storeOnShard(
            env,
            config,
            site,
            shard,
            group.map((i) => i.batch),
          );
          // After the store, before the ack: a failed hand-over to the webhook queue retries the group (storing again is a no-op).
          if (webhookOn(env)) await env.WEBHOOK_QUEUE.send({ site, batches: group.map((i) => i.batch) }, { contentType: 'json' });
          return { messages, ok: true };
        } catch (failure) {
          console.warn(`slotwise: ${messages.length} event batches for shard ${shard} not stored yet, will retry: ${String(failure)}`);
          return { messages, ok: false };
        }
      }),
    ),
  );
  if (crashes) throw new Error('consumer stopped before acknowledging (EVENT_FAULTS)');
  for (const { messages, ok } of outcomes) {
    for (const m of messages) {
      if (ok) m.ack();
      else m.retry({ delaySeconds: retryDelay(m.attempts) });
    }
  }
}

/** Acks the messages when `work` succeeds, else asks the queue to retry each after its backoff. */
async function settle(messages: readonly Message<unknown>[], work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    for (const m of messages) m.ack();
  } catch (failure) {
    console.warn(`slotwise: ${messages.length} event batches not stored yet, will retry: ${String(failure)}`);
    for (const m of messages) m.retry({ delaySeconds: retryDelay(m.attempts) });
  }
}
