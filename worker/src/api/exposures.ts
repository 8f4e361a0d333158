/**
 * `POST /__sw/decide/exposures`: a channel that showed what the Decide API chose reports it, so
 * it counts in results like a website exposure (and a later conversion is attributed to it).
 * Deciding alone never counts. Same server key; each exposure has an id, so a resend counts once
 * (per channel and customer: objects/event-store.ts).
 */
import { EventIdSchema } from '@slotwise/core/protocol';
import { type Contact, type SwEvent, isVisitorId, utcDay } from '@slotwise/core/protocol';
import { isUserId } from '@slotwise/core/identity';
import type { CompiledConfig } from '@slotwise/core/decide';
import { addCustomerContacts } from '../config/contacts.ts';
import * as v from 'valibot';
import { liveConfig } from '../config/live.ts';
import { storeBatches } from '../pipeline/batches.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { IdSchema as Id } from '@slotwise/core';
import { parseOr400, readJson } from '../http/json-body.ts';
import { describeProfile } from '@slotwise/core/profile';
import { ProfileSchema, givenProfile } from './decide.ts';

const ReportSchema = v.object({
  visitorId: v.pipe(
    v.string(),
    v.check((id: string) => isVisitorId(id), 'must be a Slotwise visitor id'),
  ),
  /** The site's own id for the customer: their promotional exposures count against contact budgets on every channel (config/contacts.ts). */
  userId: v.optional(
    v.pipe(
      v.string(),
      v.check((id: string) => isUserId(id), 'must be 1-128 printable ASCII characters'),
    ),
  ),
  /**
   * The customer's profile (as for the Decide API), or their `sw_p` cookie: the exposures then
   * count under the customer's lifecycle segments in the budget chart and the segment rates.
   */
  profile: v.optional(ProfileSchema),
  profileCookie: v.optional(v.pipe(v.string(), v.maxLength(4096))),
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
export const EXPOSURES_BODY_BYTES = 64 * 1024;

const json = (body: unknown, status: number) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function reportExposures(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'POST') throw new HttpError(405, 'method: must be POST');
  const { visitorId, userId, exposures, ...given } = parseOr400(ReportSchema, await readJson(request));
  const now = Date.now();
  if (given.profile && given.profileCookie !== undefined) throw new HttpError(400, 'profileCookie: send profile or profileCookie, not both');
  const segments = segmentsGiven(given, now);
  const events: SwEvent[] = exposures.map((e) => ({
    id: e.id,
    type: 'exposure',
    ts: Math.min(e.ts ?? now, now),
    props: { campaign: e.campaign, variant: e.variant, ...(e.slot ? { slot: e.slot } : {}), channel: e.channel ?? 'api' },
  }));
  const live = await liveConfig(env, ctx);
  if (userId && live.config?.budgets.length) await addCustomerContacts(env, userId, contactsOf(live.config, exposures, now));
  // Deduplicated per channel and customer: a resend counts once, and no other channel's ids, nor
  // a website event with the same id, can suppress this one.
  const byChannel = new Map<string, SwEvent[]>();
  for (const e of events) {
    const channel = String(e.props?.channel);
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), e]);
  }
  // Stored here, not queued: a channel's server is told what was new (its visitor's shard, objects/shards.ts).
  const batches = [...byChannel].map(([channel, batch]) => ({ visitor: visitorId, events: batch, source: `channel:${channel}` as const, ...(segments ? { segments } : {}) }));
  const inserted = await storeBatches(env, live.config, live.config?.siteId ?? 'default', batches);
  return json({ accepted: inserted, duplicates: events.length - inserted }, 202);
}

/** The promotional contacts these exposures make (service campaigns and unknown ones make none); a reported `web` channel counts as the web. */
function contactsOf(config: CompiledConfig, exposures: readonly { campaign: string; ts?: number | undefined; channel?: string | undefined }[], now: number): Contact[] {
  const byId = new Map(config.campaigns.map((c) => [c.id, c.budgeted]));
  return exposures.flatMap((e) => {
    const c = byId.get(e.campaign);
    if (!c || c.purpose === 'service') return [];
    return [{ day: utcDay(Math.min(e.ts ?? now, now)), channel: e.channel === 'web' ? ('web' as const) : ('other' as const), campaign: c.id, group: c.group }];
  });
}

/** The customer's lifecycle segments now, from the profile or cookie the channel sent; undefined when it sent neither (the exposures then count under all customers only). */
function segmentsGiven(given: Parameters<typeof givenProfile>[0], now: number): string[] | undefined {
  if (!given.profile && given.profileCookie === undefined) return undefined;
  return describeProfile(givenProfile(given), now).segments;
}
