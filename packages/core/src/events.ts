/**
 * Behaviour events: what the SDK records on the device, folds into the profile, and delivers
 * to `/__sw/collect`. One schema validates them in the browser and at the edge.
 */
import * as v from 'valibot';
import { describeIssue } from './issue-path.ts';

/** Event ids make delivery idempotent: a retried batch never counts twice. */
export const EventIdSchema = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8-64 letters, digits, "-" or "_"'));
export const EventTypeSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower_snake_case, at most 40 characters'));

const PropKey = v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be a name of at most 40 letters, digits or "_"'));
const PropValue = v.union([v.pipe(v.string(), v.maxLength(500)), v.pipe(v.number(), v.finite()), v.boolean()]);

export const MAX_EVENT_PROPS = 20;

export const EventSchema = v.object({
  id: EventIdSchema,
  type: EventTypeSchema,
  /** Epoch milliseconds on the device. */
  ts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  props: v.optional(
    v.pipe(
      v.record(PropKey, PropValue),
      v.check((p) => Object.keys(p).length <= MAX_EVENT_PROPS, `at most ${MAX_EVENT_PROPS} props`),
    ),
  ),
});

export type SwEvent = v.InferOutput<typeof EventSchema>;
export type EventProps = NonNullable<SwEvent['props']>;

export type EventResult = { ok: true; event: SwEvent } | { ok: false; reason: string };

/** Validates one event; the reason names the field, under `root` (e.g. `events[3].type: …`). */
export function parseEvent(raw: unknown, root: readonly (string | number)[] = []): EventResult {
  const parsed = v.safeParse(EventSchema, raw);
  return parsed.success ? { ok: true, event: parsed.output } : { ok: false, reason: describeIssue(parsed.issues[0], root) };
}
