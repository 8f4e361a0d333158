/**
 * What the edge benchmark sends through every Worker, built with core's own functions: the
 * realistic Slotwise config (packages/core/bench/realistic-config.ts), a ~1.2 KB profile cookie
 * from `encodeProfileCookie`, and GrowthBook's equivalent: a payload of visual-editor
 * experiments that make the same content change in the same slots under rules of the same shape.
 * Bundled by run.mjs with esbuild (core is TypeScript), then imported by the .mjs benches.
 */
import { parseSiteConfig } from '@slotwise/core';
import { encodeProfileCookie } from '@slotwise/core/profile';
import { CONSENT_COOKIE, PROFILE_COOKIE, VISITOR_COOKIE } from '@slotwise/core/protocol';
import { realisticConfig, realisticProfile } from '../../packages/core/bench/realistic-config.ts';

const SLOTS = ['announcement', 'hero', 'promo', 'product-offer', 'footer-cta'];

/** The realistic config as the Admin API would store it (validated here, so a bad edit fails loudly). */
export function slotwiseConfig(campaigns: number, version = 1): unknown {
  const config = { ...realisticConfig(campaigns), version };
  const parsed = parseSiteConfig(config);
  if (!parsed.ok) throw new Error(`realistic config is invalid: ${parsed.errors.join('; ')}`);
  return config;
}

/**
 * The Cookie header of a consenting, engaged visitor: consent, visitor id, the profile cookie as
 * of `now`, and GrowthBook's visitor id cookie (every Worker gets the same header).
 */
export function visitorCookies(now: number): { header: string; profileBytes: number } {
  const profile = encodeProfileCookie(realisticProfile(now));
  const header = [`${CONSENT_COOKIE}=granted`, `${VISITOR_COOKIE}=AAECAwQFBgcICQoLDA0ODw`, `${PROFILE_COOKIE}=${profile}`, 'gbuuid=4f1c2a9e-5b7d-4e3a-9c1f-0a2b3c4d5e6f'].join(
    '; ',
  );
  return { header, profileBytes: profile.length };
}

/**
 * GrowthBook's payload for the same change: one visual-editor experiment per Slotwise campaign
 * (20), each on one of the 5 slots, with a 10% holdout and two variants that set the slot's
 * inner HTML, under a nested condition over GrowthBook's own attributes (it cannot read
 * Slotwise's profile cookie). Exactly one experiment per slot matches this visitor, as one
 * campaign per slot does in Slotwise.
 */
export function growthbookPayload(campaigns = 20): unknown {
  return {
    features: {},
    experiments: Array.from({ length: campaigns }, (_, i) => {
      const slot = SLOTS[i % SLOTS.length]!;
      const matches = i < SLOTS.length;
      return {
        key: `c-${i}`,
        changeId: `change-${i}`,
        hashAttribute: 'id',
        hashVersion: 2,
        seed: `c-${i}`,
        coverage: 1,
        weights: [0.1, 0.45, 0.45],
        urlPatterns: [{ include: true, type: 'simple', pattern: '/*' }],
        condition: {
          $and: [
            // `query`, not `utmSource`: edge-utils 0.1.7 derives UTM attributes from `location`,
            // which Workers lack, so at the edge utmSource is never set.
            { $or: [{ query: { $regex: matches ? 'utm_source=newsletter' : `utm_source=list-${i}` } }, { deviceType: 'tablet' }, { browser: 'netscape' }] },
            { path: { $regex: '^/' } },
            { $not: { query: { $regex: 'nobench' } } },
            { host: { $exists: true } },
            { id: { $type: 'string' } },
          ],
        },
        variations: [
          {},
          ...['a', 'b'].map((v) => ({
            domMutations: [{ selector: `[data-slot="${slot}"]`, action: 'set', attribute: 'html', value: `<p>Hi friend, variant ${v} of ${i}</p>` }],
          })),
        ],
      };
    }),
  };
}
