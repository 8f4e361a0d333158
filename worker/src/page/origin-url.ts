/**
 * Where a request goes at the origin. The scheme, host and port come from ORIGIN (or, on a route,
 * from the request's own URL, already parsed by the runtime) and never from the path: the path is
 * set on a URL object that already holds them, so `//other.host/x`, `/\other.host`,
 * `/..//other.host` or any encoding of them only ever names a path on the origin.
 */
import { CLICK_PARAM } from '@slotwise/core/recommend';
import { COUNTRY_PARAM } from './dev-overrides.ts';
import { DEBUG_PARAM } from './decide.ts';

/**
 * Slotwise's own query parameters: read by the Worker, never sent on (the debug token is a
 * secret; a recommendation click's `sw_rc` would split the origin's cache per campaign arm).
 */
export const OWN_PARAMS: ReadonlySet<string> = new Set([DEBUG_PARAM, COUNTRY_PARAM, CLICK_PARAM]);

/** ORIGIN as a URL, or null when the Worker runs on a route (then the request's own URL is used). */
export function configuredOrigin(value: string | undefined): URL | null {
  const text = value?.trim();
  if (!text) return null;
  const origin = parsed(text);
  if (!origin || (origin.protocol !== 'http:' && origin.protocol !== 'https:')) {
    throw new Error(`ORIGIN is not an http(s) URL: ${JSON.stringify(text)}`);
  }
  return origin;
}

function parsed(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** The URL to fetch for `url` (the request's parsed URL): the origin's, with this path and query. */
export function originTarget(url: URL, origin: URL | null): URL {
  const base = origin ?? url;
  const target = new URL(base.href);
  target.pathname = url.pathname;
  target.search = withoutOwnParams(url.search);
  target.hash = '';
  // Holds by construction (the setters above cannot change the host); checked so it stays so.
  if (target.origin !== base.origin) throw new Error(`origin request for ${url.pathname} would leave ${base.origin}`);
  return target;
}

/** The query without Slotwise's own parameters; every other byte, order and encoding as sent. */
export function withoutOwnParams(search: string): string {
  // Every spelling of an own name holds "sw_" or a percent escape; most queries hold neither.
  if (!search.includes('sw_') && !search.includes('%')) return search;
  const pairs = search.slice(1).split('&');
  const kept = pairs.filter((pair) => !OWN_PARAMS.has(paramName(pair)));
  if (kept.length === pairs.length) return search;
  return kept.length ? `?${kept.join('&')}` : '';
}

/** A pair's name decoded as URLSearchParams decodes it (so `sw%5Fdebug` is `sw_debug`, as the Worker reads it). */
function paramName(pair: string): string {
  const name = pair.split('=', 1)[0] ?? '';
  return new URLSearchParams(`${name}=`).keys().next().value ?? '';
}
