/**
 * The object audience conditions and content tokens see: the request context at the top
 * (`geo.country`, `utm.source`, `device.type` …) and the profile under `profile`, with a few
 * values derived at decision time because they depend on the clock.
 */
import type { RequestContext } from './context.ts';
import type { Profile } from './profile.ts';
import { segmentsOf } from './segments.ts';

const DAY = 86_400;

export interface ProfileAttributes extends Profile {
  /** Lifecycle segments (segments.ts), derived now. */
  segments: string[];
  /** The category with the highest interest score, or "" when there is none. */
  topCategory: string;
  /** Whole days since the previous visit; -1 for a visitor never seen before. */
  daysSinceLastSeen: number;
  /** Whole days since the first visit; -1 for a visitor never seen before. */
  daysSinceFirstSeen: number;
}

export interface Attributes extends RequestContext {
  profile: ProfileAttributes;
  /** A verified identified visitor (`identify` with a signature): `idHash` is matched against ID lists (id-hash.ts's listHash); empty otherwise. */
  user: { idHash: string };
  /** Known customer data (the Decide API looks it up by user id; the edge has none). */
  traits: Record<string, unknown>;
}

/**
 * What audience conditions and content tokens read, walked by path (`geo.country`): the
 * Attributes Slotwise builds, or any plain object of values (GrowthBook's vectors, a test's).
 * Attributes is named because an interface has no index signature, so it is not a Record.
 */
export type AttributeValues = Attributes | Readonly<Record<string, unknown>>;

export interface Identity {
  /** listHash of a verified user id (computed before deciding: WebCrypto is async). */
  idHash?: string;
  traits?: Record<string, unknown>;
}

const ANONYMOUS = Object.freeze({ idHash: '' });
const NO_TRAITS: Record<string, unknown> = Object.freeze({});

// Object.assign, not `{ ...x, more }`: V8 (Node 20) builds a spread followed by more properties
// on a slow path, about 3 µs per object, which was most of a request's decision time. The
// top-level keys copied are the fixed fields of RequestContext and Profile.
export function buildAttributes(profile: Profile, context: RequestContext, now: number, identity?: Identity): Attributes {
  const attributes = Object.assign({}, context) as Attributes;
  attributes.profile = describeProfile(profile, now);
  attributes.user = identity?.idHash ? { idHash: identity.idHash } : ANONYMOUS;
  attributes.traits = identity?.traits ?? NO_TRAITS;
  return attributes;
}

/**
 * The profile with what is derived from it at `now` (epoch ms): segments, top category, days
 * since. Derived when read, so the first request of a returning visit already counts as lapsed
 * although the cookie was written on the last visit.
 */
export function describeProfile(profile: Profile, now: number): ProfileAttributes {
  const seconds = Math.floor(now / 1000);
  const days = (since: number) => (since > 0 ? Math.max(0, Math.floor((seconds - since) / DAY)) : -1);
  const described = Object.assign({}, profile) as ProfileAttributes;
  described.segments = segmentsOf(profile, now);
  described.topCategory = topCategory(profile.interests);
  described.daysSinceLastSeen = days(profile.lastSeen);
  described.daysSinceFirstSeen = days(profile.firstSeen);
  return described;
}

function topCategory(interests: Record<string, number>): string {
  let best = '';
  let bestScore = 0;
  for (const [category, score] of Object.entries(interests)) {
    if (score > bestScore || (score === bestScore && score > 0 && category < best)) {
      best = category;
      bestScore = score;
    }
  }
  return best;
}
