/** Entry of the lazily loaded module `/__sw/sw-decide.mjs`, which sw.js imports. */
export { chunk as default } from './chunk.ts';
