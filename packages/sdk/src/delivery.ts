/**
 * Delivers the outbox to /__sw/collect in batches. Events stay in the outbox until the Worker
 * answers, so nothing is lost offline or when a page closes; ids make a resend count once.
 * While the page lives, fetch (keepalive) with exponential backoff; as it hides, a beacon.
 * Part of the reporting chunk (`/__sw/sw-send.mjs`), loaded once there is something to send.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_EVENTS, type SwEvent } from '@slotwise/core/protocol';

export const COLLECT_URL = '/__sw/collect';
const MAX_BACKOFF_MS = 5 * 60_000;
const utf8 = new TextEncoder();

export interface Delivery {
  /** Sends the outbox after `delay` ms, unless a send is already due. */
  schedule(delay?: number): void;
  flush(): Promise<void>;
  /** The page is going away: hand the next batch to the browser. */
  beacon(): void;
}

/**
 * `items`: the undelivered events, oldest first; `settle` removes the ones the Worker answered
 * for (stored, or refused as bad).
 */
export function delivery(items: () => SwEvent[], settle: (ids: Set<string>) => void): Delivery {
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let backoff = 0;
  let busy = false;
  const body = (events: SwEvent[]) => JSON.stringify({ events });

  /** The oldest events that fit one request (the Worker refuses more, and so do beacons). */
  function next(): SwEvent[] {
    const batch: SwEvent[] = [];
    let bytes = 13; // {"events":[]}
    for (const e of items()) {
      // UTF-8 bytes. (A Blob would register with the browser for each event: IPC on the main thread.)
      bytes += utf8.encode(JSON.stringify(e)).length + 1;
      // A lone event over the limit still goes, to be refused (4xx) rather than block the rest.
      if (batch.length && (batch.length >= MAX_BATCH_EVENTS || bytes > MAX_BATCH_BYTES)) break;
      batch.push(e);
    }
    return batch;
  }

  async function flush(): Promise<void> {
    timer = 0;
    const batch = next();
    if (busy || !batch.length) return;
    busy = true;
    let retry = true;
    try {
      // Same-origin credentials (the default) carry the visitor id cookie.
      const { status } = await fetch(COLLECT_URL, { method: 'POST', body: body(batch), headers: { 'content-type': 'application/json' }, keepalive: true });
      // 2xx: stored. Other 4xx (bad batch, no consent): resending cannot help. 429/5xx: retry.
      retry = status === 429 || status >= 500;
    } catch {
      // offline or the Worker unreachable: retry
    }
    busy = false;
    backoff = retry ? Math.min(backoff * 2 || 2000, MAX_BACKOFF_MS) : 0;
    if (!retry) settle(new Set(batch.map((e) => e.id)));
    schedule(backoff);
  }

  function schedule(delay = 1000): void {
    if (!timer && items().length) timer = setTimeout(flush, delay);
  }

  /** The page is going away: hand what is left to the browser. It stays queued until confirmed. */
  function beacon(): void {
    if (items().length) navigator.sendBeacon(COLLECT_URL, new Blob([body(next())], { type: 'application/json' }));
  }

  addEventListener('online', () => {
    backoff = 0;
    if (timer) clearTimeout(timer);
    void flush();
  });
  return { schedule, flush, beacon };
}
