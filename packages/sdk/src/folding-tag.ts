/** Entry of the lazily loaded module `/__sw/sw-fold.mjs` (profile folding), which sw.js imports when collection starts. */
import { foldEvents, profileCookie } from '@slotwise/core/profile';
import type { Folding } from './sdk.ts';

const folding: Folding = { fold: foldEvents, cookie: profileCookie };
export default folding;
