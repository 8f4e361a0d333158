/**
 * @slotwise/sdk — typed ESM for bundlers. The script tag (`/__sw/sw.js`) is the same SDK; use
 * this entry when you bundle it yourself:
 *   import { createSlotwise } from '@slotwise/sdk';
 *   const sw = createSlotwise({ consent: 'required' });
 *   sw.track('add_to_cart', { sku: 'boot-42', price: 129 });
 * Browser decisions, `profile()` and `age()` load a separate chunk, and so do the delivery
 * of the outbox once there is something to send and the profile folding once collection starts (dynamic imports your bundler splits off), as
 * the script tag does.
 *
 * A page has one instance, as `window.sw` (page-instance.ts): on a page the Worker serves, it
 * adds the script tag too, and whichever starts first is the one the other returns.
 */
import { SDK_TAG } from '@slotwise/core/protocol';
import { type PageGlobal, pageInstance, tagOptions } from './page-instance.ts';
import type { Slotwise, SlotwiseOptions } from './sdk.ts';

/**
 * The page's Slotwise. Options the Worker wrote on its script tag (consent mode, country,
 * whether the edge rendered the page) are the defaults; yours override them. If the script tag
 * started first, you get its instance and your options are not applied.
 */
export function createSlotwise(options: Partial<SlotwiseOptions> = {}): Slotwise {
  const tag = document.querySelector<HTMLScriptElement>(SDK_TAG);
  const fromTag = tagOptions(tag?.dataset ?? {}, {
    loadChunk: () => import('./chunk.ts').then((m) => m.chunk),
    loadSender: async () => ({ delivery: (await import('./delivery.ts')).delivery, exposures: (await import('./exposures.ts')).exposures }),
    loadFolding: () => import('./folding-tag.ts').then((m) => m.default),
  });
  return pageInstance(window as unknown as PageGlobal, { ...fromTag, ...options });
}

export type { Slotwise, SlotwiseOptions, Decision, ClientDecider, Chunk, Chunks, Folding } from './sdk.ts';
export type { ProfileAttributes, Profile } from '@slotwise/core/profile';
export { decideInBrowser } from './decider.ts';
