/**
 * The script-tag build (`/__sw/sw.js`): reads what the Worker wrote on the tag, starts the SDK
 * as `window.sw`, and replays calls queued before it loaded (`window.sw = window.sw || []`).
 */
import { type Chunk, type Slotwise, createSlotwise } from './sdk.ts';

type Win = Window & { sw?: Slotwise | unknown[][]; __swChunk?: Chunk };

try {
  const w = window as Win;
  const tag = (document.currentScript ?? document.querySelector('script[src*="/__sw/sw.js"]')) as HTMLScriptElement | null;
  const data = tag?.dataset ?? {};
  let chunk: Promise<Chunk> | null = null;
  const sw = createSlotwise({
    consent: data.swConsent === 'implied' ? 'implied' : 'required',
    country: data.swGeo ?? '',
    edgeRendered: data.swEdge !== undefined,
    loadChunk: () => (chunk ??= new Promise<Chunk>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/__sw/sw-decide.js';
      if (tag?.nonce) script.nonce = tag.nonce;
      script.onload = () => (w.__swChunk ? resolve(w.__swChunk) : reject(new Error('no chunk')));
      script.onerror = reject;
      document.head.append(script);
    })),
  });
  const queued = Array.isArray(w.sw) ? w.sw : [];
  w.sw = sw;
  for (const [method, ...args] of queued) {
    const fn = (sw as unknown as Record<string, (...a: unknown[]) => unknown>)[String(method)];
    if (typeof fn === 'function') fn(...args);
  }
} catch {
  // Never let Slotwise break the page.
}
