/**
 * What the edge remembers after rendering a page, in first-party cookies and only when the
 * visitor may be tracked: how often capped campaigns were shown (`sw_f`, read by the next
 * decision), and — once per visitor — which arm of the global holdout they are in, recorded as
 * an exposure so results can compare personalized visitors with held-out ones.
 */
import { type CompiledConfig, type Decisions, FREQUENCY_COOKIE, PROGRAMME_CAMPAIGN, encodeFrequency, recordShown, serializeCookie } from '@slotwise/core';
import { PROGRAMME_COOKIE, type Visitor } from './visitor.ts';

const MAX_AGE = 400 * 86_400;

export type ProgrammeArm = 'control' | 'personalized';
export const PROGRAMME_VARIANT: ProgrammeArm = 'personalized';

export function showingCookies(
  config: CompiledConfig,
  decisions: Decisions,
  visitor: Visitor,
  now: number,
  secure: boolean,
  onProgramme?: (arm: ProgrammeArm) => void,
): string[] {
  if (!visitor.id) return [];
  const cookies: string[] = [];
  const shown = recordShown(visitor.frequency, decisions, config.capped, now);
  if (shown) cookies.push(serializeCookie(FREQUENCY_COOKIE, encodeFrequency(shown), { maxAge: MAX_AGE, secure }));
  if (config.holdout > 0 && !visitor.programmeNoted && onProgramme) {
    onProgramme(decisions.holdout ? 'control' : PROGRAMME_VARIANT);
    cookies.push(serializeCookie(PROGRAMME_COOKIE, '1', { maxAge: MAX_AGE, secure }));
  }
  return cookies;
}

/** The exposure that records a visitor's arm of the global holdout; its id makes a repeat count once. */
export function programmeExposure(visitorId: string, arm: ProgrammeArm, now: number) {
  return { id: `pg-${visitorId}`.slice(0, 64), type: 'exposure', ts: now, props: { campaign: PROGRAMME_CAMPAIGN, variant: arm } };
}
