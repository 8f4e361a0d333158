/**
 * The script-tag build (`/__sw/sw.js`): reads what the Worker wrote on the tag and starts the SDK
 * as `window.sw` (page-instance.ts), unless the page's npm build already did.
 * The lazy chunks (`/__sw/sw-<name>.mjs`) are ES modules it imports when first needed. (Named
 * `.mjs` since they were classic scripts: a browser still running a cached older sw.js gets a 404
 * for them, which it handles, rather than a module it cannot read.)
 */
import { type PageGlobal, pageInstance, tagOptions } from './page-instance.ts';
import type { Chunk, Folding, Reporting } from './sdk.ts';

try {
  // Set while a classic script (async too) runs its top level, which is where this is.
  const tag = document.currentScript as HTMLScriptElement;
  /**
   * Imports a chunk (an ES module) once; later calls share the same promise, which rejects if it
   * fails to load. A dynamic import carries this script's nonce, so a strict CSP allows it.
   */
  const lazy = <M>(name: string) => {
    let loading: Promise<M> | undefined;
    const url = `/__sw/sw-${name}.mjs`;
    return () => (loading ??= import(url));
  };
  const deciding = lazy<{ default: Chunk }>('decide');
  // The collection chunk carries folding and reporting both (folding-tag.ts).
  const collecting = lazy<{ default: Folding; reporting: Reporting }>('fold');
  pageInstance(
    window as PageGlobal,
    tagOptions(tag.dataset, {
      loadChunk: () => deciding().then((m) => m.default),
      loadSender: () => collecting().then((m) => m.reporting),
      loadFolding: () => collecting().then((m) => m.default),
    }),
  );
} catch {
  // Never let Slotwise break the page.
}
