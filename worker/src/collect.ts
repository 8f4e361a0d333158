/**
 * `POST /__sw/collect`: batches of events from the SDK (beacon or fetch). Everything is checked
 * and bounded before anything is stored: size, content type, JSON shape, each event against the
 * core schema, timestamps, consent. Bad input gets a 4xx naming the problem; valid events in a
 * batch are kept even when others in it are rejected.
 */
import { type SwEvent, deviceFromUserAgent, parseEvent } from '@slotwise/core';
import { liveConfig } from './config-store.ts';
import type { Env } from './env.ts';
import { identifyVisitor } from './visitor.ts';

export const MAX_BODY_BYTES = 64 * 1024;
export const MAX_EVENTS = 100;
const FUTURE_MS = 24 * 3_600_000;
const PAST_MS = 90 * 86_400_000;

const error = (status: number, message: string, headers: Record<string, string> = {}) =>
  Response.json({ error: message }, { status, headers });

export async function collect(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'POST') return error(405, 'use POST', { allow: 'POST' });
  const type = request.headers.get('content-type') ?? '';
  if (!/^(application\/json|text\/plain)\b/i.test(type)) return error(415, 'content-type must be application/json or text/plain');
  const text = await readBounded(request);
  if (text === null) return error(413, `body larger than ${MAX_BODY_BYTES} bytes`);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return error(400, 'body is not valid JSON');
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return error(400, 'events: must be an array');
  if (events.length > MAX_EVENTS) return error(400, `events: at most ${MAX_EVENTS} per batch`);

  const live = await liveConfig(env, ctx);
  const visitor = identifyVisitor(request, url, live.config?.consent ?? 'required');
  if (!visitor.id) return error(403, 'tracking is not allowed for this visitor (no consent)');
  const headers = new Headers({ 'cache-control': 'no-store' });
  for (const cookie of visitor.setCookies) headers.append('set-cookie', cookie);

  if (deviceFromUserAgent(request.headers.get('user-agent') ?? '').type === 'bot') {
    return Response.json({ accepted: 0, duplicates: 0, ignored: events.length, rejected: [] }, { status: 202, headers });
  }
  const { valid, rejected } = validate(events, Date.now());
  const store = env.EVENTS.get(env.EVENTS.idFromName(live.config?.siteId ?? 'default'));
  const { inserted } = valid.length ? await store.append(visitor.id, valid) : { inserted: 0 };
  return Response.json({ accepted: inserted, duplicates: valid.length - inserted, rejected }, { status: 202, headers });
}

function validate(events: unknown[], now: number): { valid: SwEvent[]; rejected: { index: number; reason: string }[] } {
  const valid: SwEvent[] = [];
  const rejected: { index: number; reason: string }[] = [];
  events.forEach((raw, index) => {
    const parsed = parseEvent(raw, ['events', index]);
    if (!parsed.ok) {
      rejected.push({ index, reason: parsed.reason });
    } else if (parsed.event.ts > now + FUTURE_MS || parsed.event.ts < now - PAST_MS) {
      rejected.push({ index, reason: `events[${index}].ts: more than a day ahead or 90 days behind the server clock` });
    } else {
      valid.push(parsed.event);
    }
  });
  return { valid, rejected };
}

/** The body as text, or null once it passes the limit: never buffers more than MAX_BODY_BYTES. */
async function readBounded(request: Request): Promise<string | null> {
  const declared = Number(request.headers.get('content-length'));
  if (declared > MAX_BODY_BYTES) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
