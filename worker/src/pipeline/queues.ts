/** The Worker's queue handler: each queue of wrangler.jsonc to its consumer. */
import type { Env } from '../env.ts';
import { consumeEvents } from './consume.ts';
import { consumeDeadLetters } from './dead-letters.ts';
import { deliverWebhooks } from './webhook.ts';

export const EVENT_QUEUE_NAME = 'slotwise-events';
export const DEAD_LETTER_QUEUE_NAME = 'slotwise-events-dead';
export const WEBHOOK_QUEUE_NAME = 'slotwise-webhooks';

export async function handleQueue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
  if (batch.queue === DEAD_LETTER_QUEUE_NAME) return consumeDeadLetters(batch, env);
  if (batch.queue === WEBHOOK_QUEUE_NAME) return deliverWebhooks(batch, env);
  return consumeEvents(batch, env, ctx);
}
