/**
 * What the edge remembers after rendering a page, in first-party cookies and only when the
 * visitor may be tracked: how often capped campaigns were shown (`sw_f`, read by the next
 * decision), the promotional contacts contact budgets count (`sw_b`, a week's worth), and —
 * once per counted visitor — which arm of the global holdout they are in, recorded as an
 * exposure so results can compare personalized visitors with held-out ones.
 */
import { PROGRAMME_CAMPAIGN } from '@slotwise/core';
import type { CompiledConfig, Decisions } from '@slotwise/core/decide';
import {
  CONTACTS_COOKIE,
  type Contact,
  FREQUENCY_COOKIE,
  PROGRAMME_COOKIE,
  type SwEvent,
  contactsAfter,
  encodeContacts,
  encodeFrequency,
  recordShown,
  serializeCookie,
} from '@slotwise/core/protocol';
import type { Visitor } from './visitor.ts';

const MAX_AGE = 400 * 86_400;

export type ProgrammeArm = 'control' | 'personalized';
export const PROGRAMME_VARIANT: ProgrammeArm = 'personalized';

/**
 * The cookies serving `decisions` sets, the events it records, and the promotional contacts after
 * it (null when unchanged; budget.ts); `counted` is false for crawlers.
 */
export function showings(
  config: CompiledConfig,
  decisions: Decisions,
  visitor: Visitor,
  now: number,
  secure: boolean,
  counted: boolean,
): { cookies: string[]; events: SwEvent[]; contacts: Contact[] | null } {
  const cookies: string[] = [];
  const events: SwEvent[] = [];
  if (!visitor.id) return { cookies, events, contacts: null };
  const shown = recordShown(visitor.frequency, decisions, config.capped, now);
  if (shown) cookies.push(serializeCookie(FREQUENCY_COOKIE, encodeFrequency(shown), { maxAge: MAX_AGE, secure }));
  const contacts = contactsAfter(config, decisions, visitor.contacts, 'web', now);
  if (contacts) cookies.push(serializeCookie(CONTACTS_COOKIE, encodeContacts(contacts), { maxAge: 8 * 86_400, secure }));
  if (config.holdout > 0 && !visitor.programmeNoted && counted) {
    events.push(programmeExposure(visitor.id, decisions.holdout ? 'control' : PROGRAMME_VARIANT, now));
    cookies.push(serializeCookie(PROGRAMME_COOKIE, '1', { maxAge: MAX_AGE, secure }));
  }
  return { cookies, events, contacts };
}

/** The exposure that records a visitor's arm of the global holdout; its id makes a repeat count once. */
export function programmeExposure(visitorId: string, arm: ProgrammeArm, now: number): SwEvent {
  return { id: `pg-${visitorId}`.slice(0, 64), type: 'exposure', ts: now, props: { campaign: PROGRAMME_CAMPAIGN, variant: arm } };
}
