/**
 * The script-tag entry (`/__sw/sw.js`). For now it carries the consent switch the demo store's
 * banner calls; behaviour collection builds on it (see the SDK issue). Everything is guarded:
 * a failure here must never break the page.
 */
import { CONSENT_COOKIE, PROFILE_COOKIE, VISITOR_COOKIE, type ConsentState } from '@slotwise/core';

export interface SlotwiseApi {
  /** Records the visitor's consent choice; `denied` also deletes what Slotwise stored. */
  consent(state: Exclude<ConsentState, 'unknown'>): void;
  /** Accepted and ignored until behaviour collection lands, so site code can call it already. */
  track(name: string, props?: Record<string, unknown>): void;
}

const YEAR = 365 * 86_400;

function setCookie(name: string, value: string, maxAge: number): void {
  const secure = location.protocol === 'https:' ? '; Secure' : '';
  document.cookie = `${name}=${value}; Path=/; Max-Age=${maxAge}; SameSite=Lax${secure}`;
}

const api: SlotwiseApi = {
  consent(state) {
    if (state !== 'granted' && state !== 'denied') return;
    setCookie(CONSENT_COOKIE, state, YEAR);
    if (state === 'denied') {
      setCookie(VISITOR_COOKIE, '', 0);
      setCookie(PROFILE_COOKIE, '', 0);
    }
  },
  track() {},
};

try {
  (window as unknown as { sw?: SlotwiseApi }).sw = api;
} catch {
  // Never let Slotwise break the page.
}
