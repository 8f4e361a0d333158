/** The reporting code (exposures, the outbox delivery), as sw.js loads it: in the collection chunk `/__sw/sw-fold.mjs`. */
import { delivery } from './delivery.ts';
import { exposures } from './exposures.ts';
import { rememberItems } from './item-memory.ts';
import type { Reporting } from './sdk.ts';

export const reporting: Reporting = {
  // Every event to deliver passes here first (sw.js schedules right after queueing it): the
  // items of carts and purchases are remembered for the edge before anything is sent.
  delivery: (items, settle) => {
    const d = delivery(items, settle);
    return {
      ...d,
      schedule(delay) {
        rememberItems(items());
        d.schedule(delay);
      },
    };
  },
  exposures,
};
