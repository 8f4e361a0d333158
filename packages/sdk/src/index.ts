/**
 * @slotwise/sdk — typed ESM for bundlers. The script tag (`/__sw/sw.js`) is the same SDK; use
 * this entry when you bundle it yourself:
 *   import { createSlotwise } from '@slotwise/sdk';
 *   const sw = createSlotwise({ consent: 'required' });
 *   sw.track('add_to_cart', { sku: 'boot-42', price: 129 });
 * Browser decisions, `profile()` and `age()` load a separate chunk, and so does the delivery
 * of the outbox once there is something to send (dynamic imports your bundler splits off), as
 * the script tag does.
 */
import { type Slotwise, type SlotwiseOptions, createSlotwise as create } from './sdk.ts';

export function createSlotwise(options: Partial<SlotwiseOptions> = {}): Slotwise {
  return create({
    loadChunk: () => import('./chunk.ts').then((m) => m.chunk),
    loadSender: async () => ({ delivery: (await import('./delivery.ts')).delivery, exposures: (await import('./exposures.ts')).exposures }),
    ...options,
  });
}

export type { Slotwise, SlotwiseOptions, Decision, ClientDecider, Chunk, Chunks } from './sdk.ts';
export type { ProfileAttributes, Profile } from '@slotwise/core';
export { decideInBrowser } from './decider.ts';
