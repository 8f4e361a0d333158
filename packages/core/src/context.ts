/**
 * The request context: what is known about a visit without any stored profile. One builder,
 * buildContext: the Worker translates a Request (and `request.cf`), the Decide API a JSON body
 * and the SDK the browser's location and navigator into a ContextInput, so all three agree.
 */
export type DeviceType = 'mobile' | 'tablet' | 'desktop' | 'bot';

export interface RequestContext {
  page: {
    url: string;
    path: string;
    query: Record<string, string>;
    referrer: string;
    referrerHost: string;
  };
  utm: { source?: string; medium?: string; campaign?: string; term?: string; content?: string };
  geo: { country: string; region: string; city: string; timezone: string };
  device: { type: DeviceType; browser: string; os: string };
  locale: { language: string };
  time: { hour: number; weekday: number };
}

/** What a runtime knows about a visit, as plain values; buildContext turns it into a RequestContext. */
export interface ContextInput {
  /** The page's URL: path, query and UTM parameters come from it. */
  url: URL;
  /** The referring page's URL, or "". */
  referrer: string;
  userAgent: string;
  /** An Accept-Language header or navigator.language ("de-DE,de;q=0.9", "de-DE"). */
  language: string;
  /** Two-letter country code, region code and city, each "" when unknown. */
  country: string;
  region: string;
  city: string;
  /** IANA time zone; local time is taken in UTC when it is "" or unknown. */
  timezone: string;
}

/** The request context of a visit at `now` (epoch ms): page and UTM, geo, device, language, local time. */
export function buildContext(input: ContextInput, now: number): RequestContext {
  return {
    ...pageContext(input.url, input.referrer),
    geo: { country: input.country, region: input.region, city: input.city, timezone: input.timezone },
    device: deviceFromUserAgent(input.userAgent),
    locale: { language: primaryLanguage(input.language) },
    time: localTime(now, input.timezone),
  };
}

const BOT = /bot|crawl|spider|slurp|headless|lighthouse|preview|facebookexternalhit|curl|wget|python-requests/i;
const TABLET = /ipad|tablet|playbook|silk|(android(?!.*mobile))/i;
const MOBILE = /mobi|iphone|ipod|android.*mobile|blackberry|opera mini|iemobile/i;

export function deviceFromUserAgent(ua: string): RequestContext['device'] {
  const s = ua.slice(0, 512);
  const type: DeviceType = BOT.test(s) ? 'bot' : TABLET.test(s) ? 'tablet' : MOBILE.test(s) ? 'mobile' : 'desktop';
  return { type, browser: browserOf(s), os: osOf(s) };
}

function browserOf(ua: string): string {
  if (/edg\//i.test(ua)) return 'edge';
  if (/opr\/|opera/i.test(ua)) return 'opera';
  if (/firefox|fxios/i.test(ua)) return 'firefox';
  if (/chrome|crios|chromium/i.test(ua)) return 'chrome';
  if (/safari/i.test(ua)) return 'safari';
  return 'other';
}

function osOf(ua: string): string {
  if (/windows/i.test(ua)) return 'windows';
  if (/iphone|ipad|ipod/i.test(ua)) return 'ios';
  if (/android/i.test(ua)) return 'android';
  if (/mac os x|macintosh/i.test(ua)) return 'macos';
  if (/linux/i.test(ua)) return 'linux';
  return 'other';
}

/** Primary language subtag of an Accept-Language header or navigator.language ("de-DE,de;q=0.9" → "de"). */
export function primaryLanguage(header: string): string {
  const first = header.split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
  const tag = first.split('-')[0] ?? '';
  return /^[a-z]{2,3}$/.test(tag) ? tag : '';
}

const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
const MAX_QUERY_PARAMS = 30;
const MAX_VALUE_LENGTH = 200;

/** The page part of the context from a URL and referrer; query values are bounded, never trusted further. */
export function pageContext(url: URL, referrer: string): Pick<RequestContext, 'page' | 'utm'> {
  const query: Record<string, string> = {};
  let n = 0;
  for (const [key, value] of url.searchParams) {
    if (n++ >= MAX_QUERY_PARAMS) break;
    if (!Object.hasOwn(query, key)) query[key] = value.slice(0, MAX_VALUE_LENGTH);
  }
  const utm: RequestContext['utm'] = {};
  for (const key of UTM_KEYS) {
    const value = query[`utm_${key}`];
    if (value) utm[key] = value.toLowerCase();
  }
  return {
    page: { url: url.href.slice(0, 2000), path: url.pathname, query, referrer: referrer.slice(0, 2000), referrerHost: hostOf(referrer) },
    utm,
  };
}

function hostOf(referrer: string): string {
  try {
    return referrer ? new URL(referrer).hostname : '';
  } catch {
    return '';
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Formatters by time zone: building one costs ~100 µs, more than deciding a whole page; using one ~2 µs. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const MAX_FORMATTERS = 512; // more than there are IANA zones

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' });
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatters.set(timeZone, f);
  }
  return f;
}

/**
 * Every UTC offset in use is a whole number of quarter hours and zones change offset only on a
 * quarter-hour boundary, so the local hour and weekday are the same for a whole UTC quarter hour:
 * one formatting per zone per 15 minutes instead of one per request (formatToParts is the
 * costliest step of building a request's context).
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const quarters = new Map<string, { quarter: number; time: RequestContext['time'] }>();

/** Local hour (0-23) and weekday (0 = Sunday) at `now` in an IANA time zone; UTC when unknown. */
export function localTime(now: number, timeZone: string): RequestContext['time'] {
  const zone = timeZone || 'UTC';
  const quarter = Math.floor(now / QUARTER_HOUR_MS);
  const known = quarters.get(zone);
  if (known?.quarter === quarter) return { ...known.time };
  const time = formattedTime(now, zone);
  if (quarters.size >= MAX_FORMATTERS) quarters.clear();
  quarters.set(zone, { quarter, time });
  return { ...time };
}

function formattedTime(now: number, timeZone: string): RequestContext['time'] {
  try {
    const parts = formatter(timeZone).formatToParts(now);
    const hour = Number(parts.find((p) => p.type === 'hour')?.value);
    const weekday = WEEKDAYS.indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
    if (Number.isInteger(hour) && weekday >= 0) return { hour, weekday };
  } catch {
    // An unknown time zone falls through to UTC.
  }
  const d = new Date(now);
  return { hour: d.getUTCHours(), weekday: d.getUTCDay() };
}
