/** Translates a Request (and Cloudflare's `request.cf`) into core's RequestContext. */
import { type RequestContext, deviceFromUserAgent, localTime, pageContext, primaryLanguage } from '@slotwise/core';

export interface GeoOverride {
  country?: string;
}

export function requestContext(request: Request, url: URL, now: number, override: GeoOverride = {}): RequestContext {
  const cf = (request.cf ?? {}) as Partial<IncomingRequestCfProperties>;
  const headers = request.headers;
  const timezone = typeof cf.timezone === 'string' ? cf.timezone : 'UTC';
  return {
    ...pageContext(url, headers.get('referer') ?? ''),
    geo: {
      country: override.country ?? (typeof cf.country === 'string' ? cf.country : ''),
      region: typeof cf.regionCode === 'string' ? cf.regionCode : '',
      city: typeof cf.city === 'string' ? cf.city : '',
      timezone,
    },
    device: deviceFromUserAgent(headers.get('user-agent') ?? ''),
    locale: { language: primaryLanguage(headers.get('accept-language') ?? '') },
    time: localTime(now, timezone),
  };
}
