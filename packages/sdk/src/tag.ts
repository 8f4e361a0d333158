/**
 * The script-tag build (`/__sw/sw.js`): reads what the Worker wrote on the tag, starts the SDK
 * as `window.sw`, and replays calls queued before it loaded (`window.sw = window.sw || []`).
 * The lazy chunks (`/__sw/sw-<name>.js`) hand themselves over in `window.__sw`.
 */
import { type Chunks, type Slotwise, createSlotwise } from './sdk.ts';

type Win = Window & { sw?: Slotwise | unknown[][]; __sw: Chunks };

try {
  // `__sw` is filled in by each chunk as it loads (see decider-tag.ts, sender-tag.ts).
  const w = window as unknown as Win;
  // Set while a classic script (async too) runs its top level, which is where this is.
  const tag = document.currentScript as HTMLScriptElement;
  const { swConsent, swGeo, swEdge } = tag.dataset;
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
  const sw = createSlotwise({
    consent: swConsent === 'implied' ? 'implied' : 'required',
    country: swGeo,
    edgeRendered: swEdge !== undefined,
    loadChunk: lazy('decide'),
    loadSender: lazy('send'),
  });
  const queued = Array.isArray(w.sw) ? w.sw : [];
  w.sw = sw;
  // Only the API's methods (or Object's, harmless) are found; anything else stops the replay.
  for (const [method, ...args] of queued) (sw as unknown as Record<string, (...a: unknown[]) => void>)[String(method)]?.(...args);
} catch {
  // Never let Slotwise break the page.
}
