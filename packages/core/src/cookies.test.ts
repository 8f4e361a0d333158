import { describe, expect, it } from 'vitest';
import { readCookie, serializeCookie } from './cookies.ts';

describe('cookies', () => {
  it('reads one cookie from a header or document.cookie string', () => {
    expect(readCookie('a=1; sw_id=abc; b=2', 'sw_id')).toBe('abc');
    expect(readCookie('sw_id_other=x;sw_id=y', 'sw_id')).toBe('y');
    expect(readCookie('a=1', 'sw_id')).toBeNull();
    expect(readCookie(null, 'sw_id')).toBeNull();
  });

  it('never parses past 8 KB of header', () => {
    expect(readCookie(`${'x'.repeat(9000)}; sw_id=late`, 'sw_id')).toBeNull();
  });

  it('writes first-party cookies for the whole site, Secure on HTTPS', () => {
    expect(serializeCookie('sw_id', 'v', { maxAge: 10, secure: true })).toBe('sw_id=v; Path=/; Max-Age=10; SameSite=Lax; Secure');
    expect(serializeCookie('sw_p', '', { maxAge: 0, secure: false, httpOnly: true })).toBe('sw_p=; Path=/; Max-Age=0; SameSite=Lax; HttpOnly');
  });
});
