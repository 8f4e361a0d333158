/**
 * @slotwise/sdk — typed ESM for bundlers. The script tag (`/__sw/sw.js`) is the same SDK; use
 * this entry when you bundle it yourself:
 *   import { createSlotwise } from '@slotwise/sdk';
 *   const sw = createSlotwise({ consent: 'required' });
 *   sw.track('add_to_cart', { sku: 'boot-42', price: 129 });
 */
export { createSlotwise, type Slotwise, type SlotwiseOptions, type Decision, type ClientDecider, type Chunk } from './sdk.ts';
export { decideInBrowser } from './decider.ts';
