/**
 * `POST /__sw/decide/exposures`: a channel that showed what the Decide API chose reports it, so
 * it counts in results like a website exposure (and a later conversion is attributed to it).
 * Deciding alone never counts. Same server key; each exposure has an id, so a resend counts once
 * (per channel and customer: event-store.ts).
 */
import { type SwEvent, isVisitorId } from '@slotwise/core';
import * as v from 'valibot';
import { liveConfig } from '../config/live.ts';
import { checkServerKey } from './decide.ts';
import { eventStore } from '../objects/aggregates.ts';
import type { Env } from '../env.ts';
import { describeIssues, readJsonBody } from '../http/json-body.ts';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/));
const ReportSchema = v.object({
  visitorId: v.pipe(v.string(), v.check((id: string) => isVisitorId(id), 'must be a Slotwise visitor id')),
  exposures: v.pipe(v.array(v.object({
    id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "-" or "_"')),
    campaign: Id,
    variant: Id,
    slot: v.optional(Id),
    ts: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    channel: v.optional(v.pipe(v.string(), v.maxLength(40))),
  })), v.minLength(1), v.maxLength(100)),
});

const json = (body: unknown, status: number) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function reportExposures(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'POST') return json({ error: 'method: must be POST' }, 405);
  const denied = await checkServerKey(request, env);
  if (denied) return denied;
  const body = await readJsonBody(request);
  if (!body.ok) return json({ error: body.error }, body.status);
  const parsed = v.safeParse(ReportSchema, body.value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.issues);
    return json({ error: issues[0], issues }, 400);
  }
  const { visitorId, exposures } = parsed.output;
  const now = Date.now();
  const events: SwEvent[] = exposures.map((e) => ({
    id: e.id,
    type: 'exposure',
    ts: Math.min(e.ts ?? now, now),
    props: { campaign: e.campaign, variant: e.variant, ...(e.slot ? { slot: e.slot } : {}), channel: e.channel ?? 'api' },
  }));
  const live = await liveConfig(env, ctx);
  const store = eventStore(env, live.config?.siteId ?? 'default');
  // Deduplicated per channel and customer: a resend counts once, and no other channel's ids, nor
  // a website event with the same id, can suppress this one.
  const byChannel = new Map<string, SwEvent[]>();
  for (const e of events) {
    const channel = String(e.props?.channel);
    byChannel.set(channel, [...(byChannel.get(channel) ?? []), e]);
  }
  let inserted = 0;
  for (const [channel, batch] of byChannel) inserted += (await store.append(visitorId, batch, `channel:${channel}`)).inserted;
  return json({ accepted: inserted, duplicates: events.length - inserted }, 202);
}
