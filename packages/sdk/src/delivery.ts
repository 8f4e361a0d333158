/**
 * Delivers the outbox to /__sw/collect in batches. Events stay in the outbox until the Worker
 * answers, so nothing is lost offline or when a page closes; ids make a resend count once.
 * While the page lives, fetch (keepalive) with exponential backoff; as it hides, a beacon.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type SwEvent } from '@slotwise/core';

export const COLLECT_URL = '/__sw/collect';
const MAX_BACKOFF_MS = 5 * 60_000;

export interface Outbox {
  /** The undelivered events, oldest first; the delivery removes what the Worker settled. */
  items: () => SwEvent[];
  settle: (ids: Set<string>) => void;
}

export function delivery(outbox: Outbox) {
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let backoff = 0;
  let busy = false;

  /** The oldest events that fit one request (the Worker refuses more, and so do beacons). */
  function next(): SwEvent[] {
    const batch: SwEvent[] = [];
    let bytes = 13; // {"events":[]}
    for (const e of outbox.items()) {
      bytes += new Blob([JSON.stringify(e)]).size + 1;
      // A lone event over the limit still goes, to be refused (4xx) rather than block the rest.
      if (batch.length && (batch.length >= MAX_BATCH_EVENTS || bytes > MAX_BATCH_BYTES)) break;
      batch.push(e);
    }
    return batch;
  }

  async function flush(): Promise<void> {
    timer = 0;
    const batch = next();
    if (!batch.length || busy) return;
    busy = true;
    try {
      const response = await fetch(COLLECT_URL, {
        method: 'POST',
        body: JSON.stringify({ events: batch }),
        headers: { 'content-type': 'application/json' },
        keepalive: true,
        credentials: 'same-origin',
      });
      // 2xx: stored. Other 4xx (bad batch, no consent): resending cannot help. 429/5xx: retry.
      if (response.status !== 429 && response.status < 500) {
        outbox.settle(new Set(batch.map((e) => e.id)));
        backoff = 0;
        busy = false;
        if (outbox.items().length) schedule(0);
        return;
      }
    } catch {
      // offline or the Worker unreachable: retry below
    }
    busy = false;
    backoff = Math.min(backoff ? backoff * 2 : 2000, MAX_BACKOFF_MS);
    schedule(backoff);
  }

  function schedule(delay = 1000): void {
    if (!timer && outbox.items().length) timer = setTimeout(flush, delay);
  }

  /** The page is going away: hand what is left to the browser. It stays queued until confirmed. */
  function beacon(): void {
    if (outbox.items().length && navigator.sendBeacon) {
      navigator.sendBeacon(COLLECT_URL, new Blob([JSON.stringify({ events: next() })], { type: 'application/json' }));
    }
  }

  addEventListener('online', () => {
    backoff = 0;
    if (timer) clearTimeout(timer);
    timer = 0;
    void flush();
  });
  return { schedule, flush, beacon };
}
