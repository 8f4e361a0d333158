/**
 * The dead-letter queue's consumer and the replay (docs/measurement.md): a batch the event queue
 * gave up on is kept whole in the site's DeadLetters object, where the Admin API counts it
 * (`GET /__sw/admin/events/dead-letters`) and an admin can send it through the pipeline again.
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import type { Env } from '../env.ts';
import { type DeadLetter, deadLetters } from '../objects/dead-letters.ts';
import { readBatch } from './batches.ts';
import { retryDelay } from './consume.ts';
import { ingest } from './ingest.ts';

/** Keeps messages as dead letters of `site` (or, when empty, of the site each message names). */
export async function keepDead(env: Env, site: string, messages: readonly Message<unknown>[]): Promise<void> {
  const bySite = new Map<string, DeadLetter[]>();
  for (const m of messages) {
    const read = readBatch(m.body);
    const owner = site || read?.site || '';
    const letter = { id: m.id, body: JSON.stringify(m.body) ?? 'null', events: read?.events.length ?? 0, at: m.timestamp.getTime() };
    const ofSite = bySite.get(owner);
    if (ofSite) ofSite.push(letter);
    else bySite.set(owner, [letter]);
  }
  await Promise.all([...bySite].map(([owner, letters]) => deadLetters(env, owner).keep(letters)));
}

export async function consumeDeadLetters(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  try {
    await keepDead(env, '', batch.messages);
    batch.ackAll();
  } catch (failure) {
    console.error(`slotwise: dead letters not kept yet, will retry: ${String(failure)}`);
    for (const m of batch.messages) m.retry({ delaySeconds: retryDelay(m.attempts) });
  }
}

/** Sends up to `limit` of a site's dead letters through the pipeline again; each leaves the dead letters once it is back in. */
export async function replayDeadLetters(env: Env, config: CompiledConfig | null, site: string, limit: number): Promise<{ replayed: number; left: number }> {
  const store = deadLetters(env, site);
  const letters = await store.oldest(limit);
  const done: string[] = [];
  for (const letter of letters) {
    const batch = readBatch(JSON.parse(letter.body));
    // A body no producer wrote stays where it is, for a person to look at.
    if (!batch) continue;
    await ingest(env, config, batch);
    done.push(letter.id);
  }
  await store.remove(done);
  return { replayed: done.length, left: (await store.counts()).batches };
}
