/** Entry of the lazily loaded module `/__sw/sw-decide.mjs`, which sw.js imports. */
export { chunk as default } from './chunk.ts';
import { nudgeWhenSdkRuns } from './element-slots.ts';

// Loaded by the edge's own tag on a page whose element slot renders late: have sw.js decide it.
nudgeWhenSdkRuns();
