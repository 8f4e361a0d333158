/** Cookie reading and writing for Slotwise's own first-party cookies. */

const MAX_HEADER = 8192;

/** The named cookie's value from a Cookie header, or null. Bounded: huge headers are cut, never parsed whole. */
export function readCookie(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.slice(0, MAX_HEADER).split(';')) {
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
  const parts = [`${name}=${value}`, 'Path=/', `Max-Age=${options.maxAge}`, 'SameSite=Lax'];
  if (options.secure) parts.push('Secure');
  if (options.httpOnly) parts.push('HttpOnly');
  return parts.join('; ');
}
