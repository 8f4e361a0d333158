/** Translates a Request (and Cloudflare's `request.cf`) into core's ContextInput; core builds the RequestContext. */
import { type RequestContext, buildContext } from '@slotwise/core/decide';

export interface GeoOverride {
  country?: string;
}

export function requestContext(request: Request, url: URL, now: number, override: GeoOverride = {}): RequestContext {
  const cf = (request.cf ?? {}) as Partial<IncomingRequestCfProperties>;
  const headers = request.headers;
  return buildContext(
    {
      url,
      referrer: headers.get('referer') ?? '',
      userAgent: headers.get('user-agent') ?? '',
      language: headers.get('accept-language') ?? '',
      country: override.country ?? (typeof cf.country === 'string' ? cf.country : ''),
      region: typeof cf.regionCode === 'string' ? cf.regionCode : '',
      city: typeof cf.city === 'string' ? cf.city : '',
      timezone: typeof cf.timezone === 'string' ? cf.timezone : 'UTC',
    },
    now,
  );
}
