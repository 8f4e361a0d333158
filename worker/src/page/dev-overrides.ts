/**
 * Local-development controls, honoured only when DEV_OVERRIDES is "true" (set by `npm start`,
 * never in wrangler.jsonc): `?sw_country=DE` pretends the visitor is in Germany for the rest of
 * the session (kept in a cookie), `?sw_country=` clears it. Locally request.cf holds a fixed
 * placeholder location, not the visitor's, so without an override the country is unknown ("").
 */
import { DEV_COUNTRY_COOKIE as COUNTRY_COOKIE, readCookie, serializeCookie } from '@slotwise/core/protocol';
import type { Env } from '../env.ts';
import type { GeoOverride } from './context.ts';

export const COUNTRY_PARAM = 'sw_country';
const COUNTRY = /^[A-Z]{2}$/;

export interface DevOverrides {
  geo: GeoOverride;
  setCookies: string[];
}

export function devOverrides(request: Request, url: URL, env: Env): DevOverrides {
  if (env.DEV_OVERRIDES !== 'true') return { geo: {}, setCookies: [] };
  const param = url.searchParams.get(COUNTRY_PARAM);
  if (param !== null) {
    const country = param.toUpperCase();
    const valid = COUNTRY.test(country);
    const cookie = serializeCookie(COUNTRY_COOKIE, valid ? country : '', { maxAge: valid ? 86_400 : 0, secure: false });
    return { geo: { country: valid ? country : '' }, setCookies: [cookie] };
  }
  const saved = readCookie(request.headers.get('cookie'), COUNTRY_COOKIE)?.toUpperCase();
  return { geo: { country: saved && COUNTRY.test(saved) ? saved : '' }, setCookies: [] };
}
