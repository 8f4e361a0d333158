/**
 * Consent rules shared by the Worker and the SDK. A browser privacy signal (GPC, DNT) always
 * wins; otherwise `required` mode waits for an explicit grant and `implied` mode tracks until
 * the visitor declines.
 */
export type ConsentMode = 'required' | 'implied';
export type ConsentState = 'granted' | 'denied' | 'unknown';

export function parseConsent(value: string | null | undefined): ConsentState {
  return value === 'granted' || value === 'denied' ? value : 'unknown';
}

export function trackingAllowed(mode: ConsentMode, state: ConsentState, privacySignal: boolean): boolean {
  if (privacySignal || state === 'denied') return false;
  return state === 'granted' || mode === 'implied';
}

const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;

/** A visitor id from a cookie is used only if it has the shape Slotwise itself writes. */
export function isVisitorId(value: string | null | undefined): value is string {
  return typeof value === 'string' && VISITOR_ID.test(value);
}
