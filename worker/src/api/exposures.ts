/**
 * `POST /__sw/decide/exposures`: a channel that showed what the Decide API chose reports it, so
 * it counts in results like a website exposure (and a later conversion is attributed to it).
 * Deciding alone never counts. Same server key; each exposure has an id, so a resend counts once
 * (per channel and customer: objects/event-store.ts).
 */
import { EventIdSchema } from '@slotwise/core/protocol';
import { type SwEvent, isVisitorId } from '@slotwise/core/protocol';
import * as v from 'valibot';
import { liveConfig } from '../config/live.ts';
import { checkServerKey } from './decide.ts';
import { storeBatches } from '../pipeline/batches.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { IdSchema as Id } from '@slotwise/core';
import { parseOr400, readJson } from '../http/json-body.ts';

const ReportSchema = v.object({
  visitorId: v.pipe(
    v.string(),
    v.check((id: string) => isVisitorId(id), 'must be a Slotwise visitor id'),
  ),
  exposures: v.pipe(
    v.array(
      v.object({
        id: EventIdSchema,
        campaign: Id,
        variant: Id,
        slot: v.optional(Id),
        ts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
        channel: v.optional(v.pipe(v.string(), v.maxLength(40))),
      }),
    ),
    v.minLength(1),
    v.maxLength(100),
  ),
});

/** At most 100 exposures of a few hundred bytes each. */
const BODY = { maxBytes: 64 * 1024 };

const json = (body: unknown, status: number) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function reportExposures(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'POST') throw new HttpError(405, 'method: must be POST');
  await checkServerKey(request, env);
  const { visitorId, exposures } = parseOr400(ReportSchema, await readJson(request, BODY));
  const now = Date.now();
  const events: SwEvent[] = exposures.map((e) => ({
    id: e.id,
    type: 'exposure',
    ts: Math.min(e.ts ?? now, now),
    props: { campaign: e.campaign, variant: e.variant, ...(e.slot ? { slot: e.slot } : {}), channel: e.channel ?? 'api' },
  }));
  const live = await liveConfig(env, ctx);
  // Deduplicated per channel and customer: a resend counts once, and no other channel's ids, nor
  // a website event with the same id, can suppress this one.
  const byChannel = new Map<string, SwEvent[]>();
  for (const e of events) {
    const channel = String(e.props?.channel);
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), e]);
  }
  // Stored here, not queued: a channel's server is told what was new (its visitor's shard, objects/shards.ts).
  const batches = [...byChannel].map(([channel, batch]) => ({ visitor: visitorId, events: batch, source: `channel:${channel}` as const }));
  const inserted = await storeBatches(env, live.config, live.config?.siteId ?? 'default', batches);
  return json({ accepted: inserted, duplicates: events.length - inserted }, 202);
}
