/**
 * Delivery of the outbox: batches the Worker accepts (≤ 100 events, ≤ 64 KiB), every event
 * delivered once it is confirmed, kept and retried with backoff while the Worker cannot take it.
 * Runs in Node with the few browser globals delivery.ts touches stubbed.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type SwEvent } from '@slotwise/core/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { delivery } from './delivery.ts';

const event = (i: number, padding = 0): SwEvent => ({
  id: `event-${String(i).padStart(6, '0')}`,
  type: 'exposure',
  ts: 1_760_000_000_000 + i,
  props: { campaign: 'c', variant: 'v', note: 'é'.repeat(padding) },
});

function harness(events: SwEvent[], answer: (attempt: number) => number) {
  let outbox = [...events];
  const bodies: { events: SwEvent[]; bytes: number }[] = [];
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    bodies.push({ events: (JSON.parse(init.body) as { events: SwEvent[] }).events, bytes: new Blob([init.body]).size });
    return new Response(null, { status: answer(bodies.length) });
  });
  const send = delivery(
    () => outbox,
    (ids) => {
      outbox = outbox.filter((e) => !ids.has(e.id));
    },
  );
  return { send, bodies, left: () => outbox };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('delivery', () => {
  it('splits a large outbox into batches within the count and byte limits, each event sent once', async () => {
    // 300 events of ~1.3 KiB (two-byte characters): the byte limit binds before the count.
    const events = Array.from({ length: 300 }, (_, i) => event(i, 600));
    const { send, bodies, left } = harness(events, () => 202);
    send.schedule(0);
    await vi.runAllTimersAsync();
    expect(left()).toEqual([]);
    expect(bodies.length).toBeGreaterThan(3);
    for (const body of bodies) {
      expect(body.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
      expect(body.events.length).toBeLessThanOrEqual(MAX_BATCH_EVENTS);
    }
    expect(bodies.flatMap((b) => b.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
  });

  it('caps small events at the count limit', async () => {
    const { send, bodies } = harness(
      Array.from({ length: 250 }, (_, i) => event(i)),
      () => 202,
    );
    send.schedule(0);
    await vi.runAllTimersAsync();
    expect(bodies.map((b) => b.events.length)).toEqual([100, 100, 50]);
  });

  it('keeps the batch on 429 and 5xx and resends it with growing delays', async () => {
    const { send, bodies, left } = harness([event(1), event(2)], (attempt) => (attempt < 3 ? (attempt === 1 ? 429 : 503) : 202));
    send.schedule(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(bodies).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1999);
    expect(bodies).toHaveLength(2); // first retry after 2 s
    await vi.advanceTimersByTimeAsync(3999);
    expect(bodies).toHaveLength(2); // the next waits 4 s
    await vi.advanceTimersByTimeAsync(1);
    expect(bodies).toHaveLength(3);
    expect(left()).toEqual([]);
    expect(new Set(bodies.map((b) => JSON.stringify(b.events)))).toEqual(new Set([JSON.stringify([event(1), event(2)])]));
  });

  it('drops a batch the Worker refuses as bad (4xx): resending cannot help', async () => {
    const { send, bodies, left } = harness([event(1)], () => 400);
    send.schedule(0);
    await vi.runAllTimersAsync();
    expect(bodies).toHaveLength(1);
    expect(left()).toEqual([]);
  });
});
