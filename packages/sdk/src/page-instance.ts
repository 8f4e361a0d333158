/**
 * One SDK instance per page, for the script tag (`tag.ts`) and the npm entry (`index.ts`) alike:
 * `window.sw` holds the calls queued before either loaded (`window.sw = window.sw || []`), then
 * the instance that started first. A second start finds it there and returns it instead of
 * running beside it, which would record every event twice.
 */
import type { ConsentMode } from '@slotwise/core/protocol';
import { type Slotwise, type SlotwiseOptions, createSlotwise } from './sdk.ts';

/** `window`, as Slotwise uses it. */
export type PageGlobal = { sw?: Slotwise | unknown[][] };

/** The options the Worker wrote on its tag: the site's consent mode, the country, whether it rendered the page. */
export function tagOptions(data: DOMStringMap, loaders: Pick<SlotwiseOptions, 'loadChunk' | 'loadSender' | 'loadFolding'>): SlotwiseOptions {
  // Unchecked on purpose (bytes): only `implied` relaxes consent; any other value is `required`
  // (core's trackingAllowed).
  return { consent: data.swConsent as ConsentMode | undefined, country: data.swGeo, edgeRendered: 'swEdge' in data, elementRoutes: 'swEl' in data, ...loaders };
}

/** The page's instance: the one already started, or a new one, which then replays the queued calls. */
export function pageInstance(w: PageGlobal, options: SlotwiseOptions): Slotwise {
  const queued = (w.sw ??= []);
  if (!Array.isArray(queued)) return queued;
  const sw = (w.sw = createSlotwise(options));
  // Only the API's methods (or Object's, harmless) are found; anything else stops the replay.
  for (const [method, ...args] of queued) (sw as unknown as Record<string, (...a: unknown[]) => void>)[String(method)]?.(...args);
  return sw;
}
