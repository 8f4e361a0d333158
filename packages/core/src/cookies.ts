/**
 * Reading and writing Slotwise's own first-party cookies: the same strings whether they come
 * from a Cookie header at the edge or from document.cookie in the browser.
 */

const MAX_HEADER = 8192;

/** The named cookie's value from a Cookie header or document.cookie, or null. Bounded: huge headers are cut, never parsed whole. */
export function readCookie(header: string | null | undefined, name: string): string | null {
  for (const part of (header ?? '').slice(0, MAX_HEADER).split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export interface CookieOptions {
  maxAge: number;
  secure: boolean;
  httpOnly?: boolean;
}

export function serializeCookie(name: string, value: string, options: CookieOptions): string {
  return `${name}=${value}; Path=/; Max-Age=${options.maxAge}; SameSite=Lax${options.secure ? '; Secure' : ''}${options.httpOnly ? '; HttpOnly' : ''}`;
}
