/**
 * Who is visiting, as far as consent allows: the visitor id used for bucketing, the profile
 * summary the SDK keeps in its cookie, and the Set-Cookie headers the response needs.
 */
import { type Profile, decodeProfileCookie, emptyProfile } from '@slotwise/core/profile';
import {
  CONSENT_COOKIE,
  CONTACTS_COOKIE,
  type Contact,
  decodeContacts,
  type ConsentMode,
  FREQUENCY_COOKIE,
  type FrequencyCounts,
  ITEMS_COOKIE,
  decodeFrequency,
  USER_COOKIE,
  PROGRAMME_COOKIE,
  PROFILE_COOKIE,
  VISITOR_COOKIE,
  bytesToBase64url,
  isVisitorId,
  parseConsent,
  trackingAllowed,
  readCookie,
  serializeCookie,
} from '@slotwise/core/protocol';
import { type ClaimedUser, userFromCookie } from '@slotwise/core/identity';
import { decodeRecentItems } from '@slotwise/core/recommend';

const VISITOR_ID_MAX_AGE = 400 * 86_400; // the longest lifetime browsers honour

export interface Visitor {
  id: string | null;
  profile: Profile;
  tracking: boolean;
  /** The visitor-id cookie when one was just minted; the response carries it, nobody adds to it. */
  setCookies: readonly string[];
  /** How often capped campaigns were shown (the `sw_f` cookie); empty without tracking. */
  frequency: FrequencyCounts;
  /** Recent promotional contacts, for contact budgets (the `sw_b` cookie); empty without tracking. */
  contacts: Contact[];
  /** Whether this visitor's global-holdout arm was already recorded (the `sw_pg` cookie). */
  programmeNoted: boolean;
  /** The site's own id for this visitor and its signature, as `identify` stored them (`sw_uid`): not yet verified (page/identity.ts). */
  claimedUser: ClaimedUser | null;
}

export function identifyVisitor(request: Request, url: URL, mode: ConsentMode): Visitor {
  const cookies = request.headers.get('cookie');
  const privacySignal = request.headers.get('sec-gpc') === '1' || request.headers.get('dnt') === '1';
  const tracking = trackingAllowed(mode, parseConsent(readCookie(cookies, CONSENT_COOKIE)), privacySignal);
  if (!tracking) return { id: null, profile: emptyProfile(), tracking, setCookies: [], frequency: new Map(), contacts: [], programmeNoted: false, claimedUser: null };

  const existing = readCookie(cookies, VISITOR_COOKIE);
  const id = isVisitorId(existing) ? existing : newVisitorId();
  const setCookies = id === existing ? [] : [serializeCookie(VISITOR_COOKIE, id, { maxAge: VISITOR_ID_MAX_AGE, secure: url.protocol === 'https:' })];
  return {
    id,
    // The catalog items viewed, carted and bought ride in their own cookie (sw_i).
    profile: { ...decodeProfileCookie(readCookie(cookies, PROFILE_COOKIE)), items: decodeRecentItems(readCookie(cookies, ITEMS_COOKIE)) },
    tracking,
    setCookies,
    frequency: decodeFrequency(readCookie(cookies, FREQUENCY_COOKIE)),
    contacts: decodeContacts(readCookie(cookies, CONTACTS_COOKIE)),
    programmeNoted: readCookie(cookies, PROGRAMME_COOKIE) === '1',
    claimedUser: userFromCookie(readCookie(cookies, USER_COOKIE)),
  };
}

function newVisitorId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return bytesToBase64url(bytes);
}
