/** Small browser helpers: cookies, ids, the page's context. */
import { type RequestContext, buildContext } from '@slotwise/core/decide';
import { bytesToBase64url, readCookie as readCookieValue, serializeCookie } from '@slotwise/core/protocol';

/** `jar`: a `document.cookie` read already made (each read may wait on the browser's cookie store). */
export function readCookie(name: string, jar = document.cookie): string | null {
  return readCookieValue(jar, name);
}

export function writeCookie(name: string, value: string, maxAgeSeconds: number): void {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in Firefox and Safari, and sw.js has 4 KB
  document.cookie = serializeCookie(name, value, { maxAge: maxAgeSeconds, secure: location.protocol === 'https:' });
}

export function newId(): string {
  return bytesToBase64url(crypto.getRandomValues(new Uint8Array(12)));
}

/** The same context the Worker builds from a request, as far as a browser can know it. */
export function browserContext(geoCountry: string): RequestContext {
  return buildContext(
    {
      url: new URL(location.href),
      referrer: document.referrer,
      userAgent: navigator.userAgent,
      language: navigator.language || '',
      country: geoCountry,
      region: '',
      city: '',
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    },
    Date.now(),
  );
}
