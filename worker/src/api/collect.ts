/**
 * `POST /__sw/collect`: batches of events from the SDK (beacon or fetch). Everything is checked
 * and bounded before anything is stored: size, content type, JSON shape, each event against the
 * core schema, timestamps, consent. Bad input gets a 4xx naming the problem; valid events in a
 * batch are kept even when others in it are rejected.
 */
import { deviceFromUserAgent } from '@slotwise/core/decide';
import { describeProfile } from '@slotwise/core/profile';
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type SwEvent, VISITOR_COOKIE, isVisitorId, metricPropsProblem, parseEvent, readCookie } from '@slotwise/core/protocol';
import { liveConfig } from '../config/live.ts';
import { siteEvents } from '../objects/site-events.ts';
import { ingest } from '../pipeline/ingest.ts';
import type { Env } from '../env.ts';
import { attributedEvents } from '../catalog/attribution.ts';
import { countPurchases } from '../catalog/counts.ts';
import { HttpError } from '../http/errors.ts';
import { readJson } from '../http/json-body.ts';
import { rateLimiter } from '../http/rate-limit.ts';
import { identifyVisitor } from '../page/visitor.ts';

/** The SDK batches within the same limits (core), so a valid batch is never refused for size. */
export const MAX_BODY_BYTES = MAX_BATCH_BYTES;
export const MAX_EVENTS = MAX_BATCH_EVENTS;
const FUTURE_MS = 24 * 3_600_000;
const PAST_MS = 90 * 86_400_000;
/**
 * Per client, per isolate (http/rate-limit.ts). The SDK sends at most about one batch a second and
 * drains a full outbox in bursts of a few batches, so a visitor's bucket allows a burst of 30
 * and one batch a second after it. Everyone behind one IP (an office, a carrier NAT) shares a
 * ten times larger bucket, which also catches a client that rotates made-up visitor ids.
 */
export const VISITOR_LIMIT = { burst: 30, perSecond: 1, maxClients: 10_000 };
export const IP_LIMIT = { burst: 300, perSecond: 10, maxClients: 10_000 };
const visitorBuckets = rateLimiter(VISITOR_LIMIT);
const ipBuckets = rateLimiter(IP_LIMIT);

/** Forget every client's bucket (tests). */
export function resetCollectLimits(): void {
  visitorBuckets.reset();
  ipBuckets.reset();
}

export interface Rejection {
  index: number;
  reason: string;
}

/**
 * What collect reads (http/json-body.ts): a batch within core's limits. `sendBeacon` with a
 * string sends text/plain (no CORS preflight); fetch and Blob beacons send JSON.
 */
const BODY = { types: ['application/json', 'text/plain'], typeRule: 'content-type: must be application/json or text/plain' };

export async function collect(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'POST') throw new HttpError(405, 'method: must be POST', { headers: { allow: 'POST' } });
  rateLimit(request);
  const json = await readJson(request, BODY);
  const events = typeof json === 'object' && json !== null ? (json as { events?: unknown }).events : undefined;
  if (!Array.isArray(events)) throw new HttpError(400, 'events: must be an array');
  if (events.length > MAX_EVENTS) throw new HttpError(400, `events: at most ${MAX_EVENTS} per batch`);

  const live = await liveConfig(env, ctx);
  // The visitor comes from the sw_id cookie alone (minted here when tracking is allowed and
  // there is none yet); an id in the body or a header is never read.
  const visitor = identifyVisitor(request, url, live.config?.consent ?? 'required');
  if (!visitor.id) throw new HttpError(403, 'tracking is not allowed for this visitor (no consent)');

  if (deviceFromUserAgent(request.headers.get('user-agent') ?? '').type === 'bot') {
    // Counted as ignored, not stored, and no visitor id is handed out to a crawler. The store
    // keeps how many, so results can say how much traffic was filtered.
    ctx.waitUntil(
      siteEvents(env, live.config?.siteId ?? 'default')
        .noteBots(events.length)
        .catch(() => undefined),
    );
    return Response.json({ accepted: 0, duplicates: 0, ignored: events.length, rejected: [] }, { status: 202, headers: { 'cache-control': 'no-store' } });
  }

  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of visitor.setCookies) headers.append('set-cookie', cookie);
  const { valid, rejected } = validate(events, Date.now());
  if (valid.length === 0) return Response.json({ accepted: 0, duplicates: 0, rejected }, { status: 202, headers });
  const site = live.config?.siteId ?? 'default';
  // Carts and purchases of clicked recommendations are stored attributed too (catalog/attribution.ts).
  const attributed = attributedEvents(request, valid);
  let outcome: Awaited<ReturnType<typeof ingest>>;
  try {
    // The visitor's lifecycle segments now, from their profile cookie (same origin): the budget
    // chart and the conversion rates count per segment (objects/contact-weeks.ts, segment-sums.ts).
    const segments = describeProfile(visitor.profile, Date.now()).segments;
    outcome = await ingest(env, live.config, { site, visitor: visitor.id, events: [...valid, ...attributed], segments });
  } catch (failure) {
    // Not the sender's fault: the SDK keeps the batch and retries; ids make the retry count once.
    console.error(`slotwise: event pipeline unavailable: ${String(failure)}`);
    headers.set('retry-after', '30');
    throw new HttpError(503, 'event store unavailable; retry later', { headers });
  }
  // A batch seen before (a retry) is not counted again for trending and bought-together; on the
  // queue that is known only later, so a retried batch may count twice there (aggregate only).
  if ('queued' in outcome || outcome.inserted === valid.length + attributed.length) countPurchases(env, ctx, site, valid);
  if ('queued' in outcome) return Response.json({ accepted: Math.min(outcome.queued, valid.length), queued: true, rejected }, { status: 202, headers });
  const inserted = Math.min(outcome.inserted, valid.length);
  return Response.json({ accepted: inserted, duplicates: valid.length - inserted, rejected }, { status: 202, headers });
}

/**
 * Throws a 429 when this client has used up its bucket, before its body is read. The visitor is the
 * sw_id cookie when it looks like one Slotwise wrote (anything else shares the IP's bucket).
 */
function rateLimit(request: Request): void {
  const now = Date.now();
  const ip = request.headers.get('cf-connecting-ip') ?? 'unknown';
  const id = readCookie(request.headers.get('cookie'), VISITOR_COOKIE);
  const byIp = ipBuckets.take(ip, now);
  const byVisitor = isVisitorId(id) ? visitorBuckets.take(id, now) : byIp;
  const refused = !byVisitor.ok ? byVisitor : !byIp.ok ? byIp : null;
  if (refused === null) return;
  const who = refused === byVisitor && isVisitorId(id) ? 'this visitor' : 'this address';
  throw new HttpError(429, `rate limited: too many batches from ${who}; retry after ${refused.retryAfterSeconds} s`, {
    headers: { 'retry-after': String(refused.retryAfterSeconds) },
  });
}

function validate(events: unknown[], now: number): { valid: SwEvent[]; rejected: Rejection[] } {
  const valid: SwEvent[] = [];
  const rejected: Rejection[] = [];
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw, ['events', index]);
    if (!parsed.ok) {
      rejected.push({ index, reason: parsed.reason });
    } else if (parsed.event.ts > now + FUTURE_MS) {
      rejected.push({ index, reason: `events[${index}].ts: more than 24 hours ahead of the server clock` });
    } else if (parsed.event.ts < now - PAST_MS) {
      rejected.push({ index, reason: `events[${index}].ts: more than 90 days behind the server clock` });
    } else if (metricPropsProblem(parsed.event)) {
      // An exposure's covariates and a page's web vitals feed the statistics: out-of-range values are refused, not counted.
      rejected.push({ index, reason: `events[${index}].${metricPropsProblem(parsed.event)}` });
    } else {
      valid.push(parsed.event);
    }
  });
  return { valid, rejected };
}
