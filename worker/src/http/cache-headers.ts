/**
 * A response Slotwise changed is one visitor's: browsers may keep it, shared caches may not. Its
 * Cache-Control alone does not say so to every cache: a CDN that follows RFC 9213 obeys
 * `CDN-Cache-Control` (and its vendor forms, `Cloudflare-CDN-Cache-Control`, …) over it, and
 * Surrogate-Control, Edge-Control and X-Accel-Expires speak to other proxies. So every such header
 * goes; cache tags (Surrogate-Key, Cache-Tag) only name the page for purges and stay.
 */
const SHARED_CACHE_HEADER = /^(?:[a-z0-9-]+-)?cdn-cache-control$|^surrogate-control$|^edge-control$|^x-accel-expires$|^expires$/;

export function forThisVisitorOnly(headers: Headers, cacheControl: string): void {
  for (const name of [...headers.keys()]) if (SHARED_CACHE_HEADER.test(name)) headers.delete(name);
  headers.set('cache-control', cacheControl);
  // What Slotwise decides depends on the visitor's cookies (consent, id, profile).
  const vary = headers.get('vary');
  if (!vary) headers.set('vary', 'Cookie');
  else if (!/(?:^|,)\s*(?:cookie|\*)\s*(?:,|$)/i.test(vary)) headers.set('vary', `${vary}, Cookie`);
}
