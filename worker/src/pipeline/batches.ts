/**
 * What travels through the event queue, and writing batches to the shards they belong to. Used by
 * the queue's consumer (consume.ts) and by the direct path (ingest.ts), so both route and store
 * the same way.
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import type { SwEvent } from '@slotwise/core/protocol';
import type { Env } from '../env.ts';
import type { EventSource, StoreSettings, StoredBatch } from '../objects/event-store.ts';
import { homeShard, retentionDays, shardCount, shardStore } from '../objects/shards.ts';

/** One visitor's valid events from one request: a queue message, with the visitor's lifecycle segments when known (objects/contact-weeks.ts). */
export type EventBatch = { site: string; visitor: string; events: SwEvent[]; source?: EventSource; segments?: string[] };

const SEGMENT_ID = /^[a-z][a-z0-9_]{0,39}$/;
const isSegmentList = (x: unknown): x is string[] => Array.isArray(x) && x.length <= 20 && x.every((s) => typeof s === 'string' && SEGMENT_ID.test(s));

function isEventShape(e: unknown): e is SwEvent {
  if (typeof e !== 'object' || e === null) return false;
  const { id, type, ts, props } = e as Record<string, unknown>;
  return (
    typeof id === 'string' && typeof type === 'string' && typeof ts === 'number' && Number.isFinite(ts) && (props === undefined || (typeof props === 'object' && props !== null))
  );
}

/** A message body as the consumer reads it: anything else (it can only come from a bug) is dead on arrival. */
export function readBatch(body: unknown): EventBatch | null {
  if (typeof body !== 'object' || body === null) return null;
  const { site, visitor, events, source, segments } = body as Record<string, unknown>;
  if (typeof site !== 'string' || typeof visitor !== 'string' || !visitor || !Array.isArray(events)) return null;
  if (source !== undefined && source !== '' && !(typeof source === 'string' && source.startsWith('channel:'))) return null;
  // Only the shape: producers are this Worker's own routes, which checked every event (the
  // edge's page events have types no client may send, so core's event schema is not the rule here).
  if (!events.every(isEventShape)) return null;
  if (segments !== undefined && !isSegmentList(segments)) return null;
  return { site, visitor, events, ...(source ? { source: source as EventSource } : {}), ...(segments ? { segments } : {}) };
}

/** The site's settings each shard applies (retention, export, which campaigns' exposures are promotional messages), from the live config. */
export function storeSettings(config: CompiledConfig | null): StoreSettings {
  const promotional = (config?.source.campaigns ?? []).filter((c) => (c.purpose ?? 'promotional') === 'promotional').map((c) => c.id);
  return { retentionDays: retentionDays(config), export: config?.source.site.measurement?.export === true, promotional };
}

/** Items grouped by the shard of their visitor under `count` shards. */
export function byShard<T extends { visitor: string }>(items: readonly T[], count: number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const i = homeShard(item.visitor, count);
    const group = groups.get(i);
    if (group) group.push(item);
    else groups.set(i, [item]);
  }
  return groups;
}

/** Shard counts this isolate told shard 0 about, and until when it need not again. */
const noted = new Map<string, number>();
/** A rebalance may lower shard 0's count; within a minute every writer has told it again. */
const NOTE_AGAIN_MS = 60_000;

/** Shard 0 remembers the most shards ever written to, so results read them all (site-events.ts). */
export async function noteShardCount(env: Env, site: string, count: number): Promise<void> {
  const key = `${site}\u0000${count}`;
  const now = Date.now();
  if (count <= 1 || (noted.get(key) ?? 0) > now) return;
  await shardStore(env, site, 0).noteShards(count);
  if (noted.size >= 1000) noted.clear();
  noted.set(key, now + NOTE_AGAIN_MS);
}

/** Stores one shard's batches in one transaction; how many events of each were new. */
export async function storeOnShard(env: Env, config: CompiledConfig | null, site: string, shard: number, batches: readonly StoredBatch[]): Promise<number[]> {
  return shardStore(env, site, shard).appendMany(batches, storeSettings(config));
}

/** Stores batches of one site directly (no queue): each shard's share in one call, all shards at once. */
export async function storeBatches(env: Env, config: CompiledConfig | null, site: string, batches: readonly StoredBatch[]): Promise<number> {
  const count = shardCount(config);
  await noteShardCount(env, site, count);
  const stored = await Promise.all([...byShard(batches, count)].map(([shard, group]) => storeOnShard(env, config, site, shard, group)));
  return stored.flat().reduce((a, b) => a + b, 0);
}
