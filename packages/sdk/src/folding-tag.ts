/**
 * Entry of the lazily loaded module `/__sw/sw-fold.mjs`, the collection chunk sw.js imports when
 * collection starts: profile folding and the cookie encoder (default), and the reporting code
 * (`reporting`: exposures, the outbox delivery). One module for both: a consenting visitor's
 * first page needs both, and each import is a request, a compile and main-thread time (issue 23).
 */
import { foldEvents, profileCookie } from '@slotwise/core/profile';
import type { Folding } from './sdk.ts';

const folding: Folding = { fold: foldEvents, cookie: profileCookie };
export default folding;
export { reporting } from './reporting.ts';
