/** Entry of the lazily loaded module `/__sw/sw-send.mjs` (the reporting code), which sw.js imports. */
import { delivery } from './delivery.ts';
import { exposures } from './exposures.ts';
import type { Reporting } from './sdk.ts';

const reporting: Reporting = { delivery, exposures };
export default reporting;
