import { describe, expect, it } from 'vitest';
import { walkCandidates } from './campaign-index.ts';
import { compileConfig } from './compile.ts';
import { parseSiteConfig } from './config.ts';
import { decideSlots } from './decide.ts';
import { emptyProfile } from './profile.ts';
import type { SiteConfigInput } from './schema.ts';
import { testContext } from './testing.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const SLOTS = ['a', 'b', 'c', 'd', 'e', 'f'];
const PATHS = ['/', '/shoes', '/shoes/boot-1', '/sale', '/kitchen/pan'];
const PAGES = [undefined, ['/'], ['/shoes/*'], ['*'], ['/sale', '/kitchen/*']];
const COUNTRIES = ['DE', 'FR', 'US', ''];

/** A fixed-seed generator: every run builds the same configs and requests. */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** A config of `n` campaigns over six slots: some span two slots, some share a rule under another audience id. */
function randomConfig(n: number, pick: (n: number) => number): SiteConfigInput {
  const audiences = Array.from({ length: 12 }, (_, i) => ({
    id: `aud-${i}`,
    name: `Audience ${i}`,
    // Four distinct rules under twelve ids.
    condition: [{ 'geo.country': 'DE' }, { 'geo.country': { $in: ['DE', 'FR'] } }, { 'page.path': { $ne: '/sale' } }, { 'geo.country': 'US' }][i % 4]!,
  }));
  return {
    schema: 1,
    version: 1,
    site: { id: 'shop' },
    slots: SLOTS.map((name, i) => (i === 5 ? { name, pages: ['/shoes/*'] } : { name })),
    audiences,
    campaigns: Array.from({ length: n }, (_, i) => {
      const first = SLOTS[pick(SLOTS.length)]!;
      const second = SLOTS[pick(SLOTS.length)]!;
      const slots = pick(4) === 0 && second !== first ? [first, second] : [first];
      const pages = PAGES[pick(PAGES.length)];
      const audience = pick(3) === 0 ? undefined : `aud-${pick(audiences.length)}`;
      return {
        id: `c-${i}`,
        name: `Campaign ${i}`,
        status: pick(10) === 0 ? ('paused' as const) : ('live' as const),
        priority: 1 + pick(20),
        slots,
        ...(pages ? { pages } : {}),
        ...(audience ? { audience } : {}),
        ...(pick(5) === 0 ? { schedule: { start: '2027-01-01T00:00:00Z' } } : {}),
        holdoutPct: pick(3) * 10,
        variants: ['x', 'y'].map((id) => ({ id, name: id, content: Object.fromEntries(slots.map((s) => [s, { kind: 'text' as const, body: `${i}${id}` }])) })),
      };
    }),
  };
}

describe('the campaign index', () => {
  it('decides exactly as a walk over every campaign does (the trace walks them all), on 4,800 random requests, with and without the index', () => {
    const pick = random(23);
    for (const n of [0, 1, 5, 40, 60, 300]) {
      const parsed = parseSiteConfig(randomConfig(n, pick));
      if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
      const config = compileConfig(parsed.config);
      for (let r = 0; r < 800; r++) {
        const path = PATHS[pick(PATHS.length)]!;
        const slots = pick(3) === 0 ? undefined : SLOTS.filter(() => pick(2) === 0);
        const input = {
          visitorId: pick(5) === 0 ? null : `visitor-${String(pick(1e6)).padStart(16, '0')}`,
          profile: emptyProfile(),
          context: testContext(path, { geo: { country: COUNTRIES[pick(COUNTRIES.length)]!, region: '', city: '', timezone: 'UTC' } }),
          now: NOW,
          ...(slots ? { slots } : {}),
        };
        const indexed = decideSlots(config, input);
        const walked = decideSlots(config, { ...input, trace: true });
        expect(indexed.slots).toEqual(walked.slots);
      }
    }
  });

  it('lists each slot’s campaigns in priority order, a campaign of two slots under both', () => {
    const parsed = parseSiteConfig(randomConfig(60, random(7)));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const config = compileConfig(parsed.config);
    for (const slot of SLOTS) {
      const listed = config.index.bySlot.get(slot) ?? [];
      expect(listed.map((i) => config.campaigns[i]!.id)).toEqual(config.campaigns.filter((c) => c.slots.includes(slot)).map((c) => c.id));
    }
  });

  it('walks only the campaigns of slots still undecided, each once, in order', () => {
    const index = {
      bySlot: new Map([
        ['a', [0, 2, 5]],
        ['b', [1, 2, 3]],
        ['c', [4]],
      ]),
    };
    const decided = new Set<string>();
    const seen: number[] = [];
    walkCandidates(
      index,
      new Set(['a', 'b', 'c']),
      (slot) => !decided.has(slot),
      (i) => {
        seen.push(i);
        if (i === 1) decided.add('b');
      },
    );
    // 3 is b's only: b was decided at 1. 2 is a's too, so it is still walked.
    expect(seen).toEqual([0, 1, 2, 4, 5]);
  });

  it('gives audiences with the same rule one verdict per request, and different rules their own', () => {
    const parsed = parseSiteConfig(randomConfig(200, random(3)));
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const config = compileConfig(parsed.config);
    const rule = (c: (typeof config.campaigns)[number]) => JSON.stringify(config.source.audiences.find((a) => a.id === c.audience)?.condition);
    const withAudience = config.campaigns.filter((c) => c.audience !== null);
    const indexes = new Map(withAudience.map((c) => [rule(c), new Set<number>()]));
    for (const c of withAudience) indexes.get(rule(c))!.add(c.audienceIndex);
    // Twelve audiences, four rules: four verdicts.
    expect(indexes.size).toBe(4);
    for (const set of indexes.values()) expect(set.size).toBe(1);
  });
});
