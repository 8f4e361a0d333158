/** Small browser helpers: cookies, ids, the page's context. */
import { type RequestContext, bytesToBase64url, deviceFromUserAgent, localTime, pageContext, primaryLanguage } from '@slotwise/core';

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split('; ')) {
    const eq = part.indexOf('=');
    if (part.slice(0, eq) === name) return part.slice(eq + 1);
  }
  return null;
}

export function writeCookie(name: string, value: string, maxAgeSeconds: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${value}; Path=/; Max-Age=${maxAgeSeconds}; SameSite=Lax${secure}`;
}

export function newId(): string {
  return bytesToBase64url(crypto.getRandomValues(new Uint8Array(12)));
}

export function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content || undefined;
}

/** The same context the Worker builds from a request, as far as a browser can know it. */
export function browserContext(geoCountry: string): RequestContext {
  const timezone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return {
    ...pageContext(new URL(location.href), document.referrer),
    geo: { country: geoCountry, region: '', city: '', timezone },
    device: deviceFromUserAgent(navigator.userAgent),
    locale: { language: primaryLanguage(navigator.language || '') },
    time: localTime(Date.now(), timezone),
  };
}
