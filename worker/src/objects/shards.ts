/**
 * A site's event stores: N EventStore objects, a visitor's events in the one core's `shardOf`
 * picks (docs/measurement.md). Shard 0 is the object a site always had (`idFromName(siteId)`),
 * so a site on one store keeps its data and its results as they were. N comes from the live
 * config (`site.measurement.shards`, default DEFAULT_SHARDS).
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import { shardOf } from '@slotwise/core/stats';
import type { Env } from '../env.ts';
import { EVENT_RETENTION_DAYS } from './event-store.ts';

/** One store unless the config says more: enough for a demo and a small site (docs/measurement.md, "Choosing N"). */
export const DEFAULT_SHARDS = 1;

export const shardCount = (config: CompiledConfig | null): number => config?.source.site.measurement?.shards ?? DEFAULT_SHARDS;
/** Raw events are kept EVENT_RETENTION_DAYS unless the config says otherwise (event-store.ts explains the floor). */
export const retentionDays = (config: CompiledConfig | null): number => config?.source.site.measurement?.retentionDays ?? EVENT_RETENTION_DAYS;

/** The object name of a site's shard: shard 0 is the site's own, the rest are numbered after it. */
export const shardName = (siteId: string, index: number): string => (index === 0 ? siteId : `${siteId}#shard-${index}`);

export const shardStore = (env: Env, siteId: string, index: number) => env.EVENTS.get(env.EVENTS.idFromName(shardName(siteId, index)));

/** The shard a visitor's events go to when the site has `count` of them. */
export const homeShard = (visitor: string, count: number): number => shardOf(visitor, count);
