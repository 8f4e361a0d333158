/**
 * The signed webhook (docs/measurement.md, "Webhook"): after the consumer stores a group of
 * batches it queues them for EVENT_WEBHOOK_URL; this consumer POSTs each as JSON with
 * `x-slotwise-signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "<t>.<body>" under
 * EVENT_WEBHOOK_SECRET>` and `x-slotwise-delivery: <id>` (the same on every retry: receivers
 * dedupe on it, and on event ids). A non-2xx answer or a network failure is retried with backoff.
 * The URL is an operator's var, never the config an editor changes: the only other host the
 * Worker ever calls (docs/security.md).
 */
import { hmacKey } from '@slotwise/core/identity';
import type { Env } from '../env.ts';

export const webhookOn = (env: Env): boolean => Boolean(env.EVENT_WEBHOOK_URL && env.EVENT_WEBHOOK_SECRET);

/** Seconds before a failed delivery is tried again: 10 s doubling, at most an hour; twelve retries span about five hours. */
export const webhookDelay = (attempts: number): number => Math.min(3600, 10 * 2 ** Math.max(0, attempts - 1));

const hex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The signature header for a body sent at `seconds` (what a receiver recomputes to check it). */
export async function webhookSignature(secret: string, seconds: number, body: string): Promise<string> {
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(secret), new TextEncoder().encode(`${seconds}.${body}`));
  return `t=${seconds},v1=${hex(mac)}`;
}

export async function deliverWebhooks(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const url = env.EVENT_WEBHOOK_URL;
  const secret = env.EVENT_WEBHOOK_SECRET;
  await Promise.all(
    batch.messages.map(async (m) => {
      // Turned off while messages waited: nothing to deliver to.
      if (!url || !secret) return m.ack();
      const body = JSON.stringify({ delivery: m.id, ...(m.body as object) });
      try {
        const response = await fetch(url, {
          method: 'POST',
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(10_000),
          headers: {
            'content-type': 'application/json',
            'x-slotwise-delivery': m.id,
            'x-slotwise-signature': await webhookSignature(secret, Math.floor(Date.now() / 1000), body),
          },
        });
        await response.body?.cancel();
        if (response.ok) return m.ack();
        console.warn(`slotwise: webhook answered ${response.status}; retrying`);
      } catch (failure) {
        console.warn(`slotwise: webhook failed: ${String(failure)}; retrying`);
      }
      m.retry({ delaySeconds: webhookDelay(m.attempts) });
    }),
  );
}
