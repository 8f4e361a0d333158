/**
 * Entry of `/__sw/sw-send.mjs`, the reporting code alone: what a sw.js cached before the
 * collection chunk (`sw-fold.mjs`) carried it imports (sw.js is cached for 5 minutes).
 */
export { reporting as default } from './reporting.ts';
