/**
 * Fetching the origin. The Worker adds a hop marker so a misconfigured ORIGIN that points back
 * at the Worker is caught on the second pass instead of looping until the platform gives up.
 */
import type { Env } from './env.ts';

export const HOP_HEADER = 'x-slotwise-hop';

export function isLoop(request: Request): boolean {
  return request.headers.has(HOP_HEADER);
}

/**
 * `pageLoad`: ask for the whole page, without the browser's validators. A browser only holds a
 * validator for an unpersonalized copy (personalized pages carry none), from before Slotwise or
 * from a bypass such as "nothing published yet"; a 304 would keep showing it after a publish.
 */
export function fetchOrigin(request: Request, url: URL, env: Env, pageLoad = false): Promise<Response> {
  const base = env.ORIGIN?.trim();
  const target = base ? new URL(url.pathname + url.search, base) : url;
  const forwarded = new Request(target, request);
  forwarded.headers.set(HOP_HEADER, '1');
  if (pageLoad) {
    forwarded.headers.delete('if-none-match');
    forwarded.headers.delete('if-modified-since');
  }
  // Ask the origin only for encodings this client accepts; workerd would otherwise ask for gzip
  // on its own and a client that never offered it would receive gzip bytes.
  forwarded.headers.set('accept-encoding', request.headers.get('accept-encoding') ?? 'identity');
  if (base) {
    forwarded.headers.set('x-forwarded-host', url.host);
    forwarded.headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  }
  return fetch(forwarded, { redirect: 'manual' });
}
