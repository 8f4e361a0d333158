/** Entry of the lazily loaded module `/__sw/sw-send.mjs` (the reporting code), which sw.js imports. */
import { delivery } from './delivery.ts';
import { exposures } from './exposures.ts';
import { rememberItems } from './item-memory.ts';
import type { Reporting } from './sdk.ts';

const reporting: Reporting = {
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
export default reporting;
