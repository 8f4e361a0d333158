/**
 * The script-tag build (`/__sw/sw.js`): reads what the Worker wrote on the tag and starts the SDK
 * as `window.sw` (page-instance.ts), unless the page's npm build already did.
 * The lazy chunks (`/__sw/sw-<name>.js`) hand themselves over in `window.__sw`.
 */
import { type PageGlobal, pageInstance, tagOptions } from './page-instance.ts';
import type { Chunks } from './sdk.ts';

type Win = Window & PageGlobal & { __sw: Chunks };

try {
  // `__sw` is filled in by each chunk as it loads (see decider-tag.ts, sender-tag.ts).
  const w = window as unknown as Win;
  // Set while a classic script (async too) runs its top level, which is where this is.
  const tag = document.currentScript as HTMLScriptElement;
  /** Loads a chunk once; later calls share the same promise. A chunk that fails to load rejects. */
  const lazy = <K extends keyof Chunks>(name: K) => {
    let loading: Promise<Chunks[K]> | undefined;
    return () => (loading ??= new Promise<Chunks[K]>((resolve, reject) => {
      const script = document.createElement('script');
      // A page with a strict CSP allows the chunk by the nonce the Worker gave this tag.
      script.nonce = tag.nonce ?? '';
      script.onload = () => resolve(w.__sw[name]);
      script.onerror = reject;
      script.src = `/__sw/sw-${name}.js`;
      document.head.append(script);
    }));
  };
  pageInstance(w, tagOptions(tag.dataset, lazy('decide'), lazy('send')));
} catch {
  // Never let Slotwise break the page.
}
