/** Bucketing behaviours users rely on beyond the conformance vectors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BucketRange, chooseVariation, getBucketRanges, getEqualWeights, hash, inNamespace } from './hash.ts';

const IDS = Array.from({ length: 10_000 }, (_, i) => `visitor-${i}-${(i * 2_654_435_761) % 1_000_003}`);
const TOLERANCE = 0.03; // ±3 percentage points of all ids

function shares(ranges: readonly BucketRange[], seed: string, version: number): number[] {
  const counts = ranges.map(() => 0);
  for (const id of IDS) {
    const arm = chooseVariation(hash(seed, id, version) ?? -1, ranges);
    if (arm >= 0) counts[arm] = (counts[arm] ?? 0) + 1;
  }
  return counts.map((c) => c / IDS.length);
}

describe('hash', () => {
  it('is deterministic', () => {
    for (const id of IDS.slice(0, 200)) {
      expect(hash('campaign-1', id, 2)).toBe(hash('campaign-1', id, 2));
      expect(hash('campaign-1', id, 1)).toBe(hash('campaign-1', id, 1));
    }
  });

  it('lands in [0,1) on a grid of 1/1000 (v1) or 1/10000 (v2)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (seed, value) => {
        const v1 = hash(seed, value, 1);
        const v2 = hash(seed, value, 2);
        return (
          v1 !== null &&
          v2 !== null &&
          v1 >= 0 &&
          v1 < 1 &&
          v2 >= 0 &&
          v2 < 1 &&
          Number.isInteger(Math.round(v1 * 1000 * 1e6) / 1e6) &&
          Number.isInteger(Math.round(v2 * 10000 * 1e6) / 1e6)
        );
      }),
    );
  });

  it('returns null for unknown versions', () => {
    for (const version of [0, 3, -1, 1.5, Number.NaN]) expect(hash('s', 'v', version)).toBeNull();
  });

  it('depends on the seed: campaigns split visitors independently', () => {
    let same = 0;
    for (const id of IDS) if ((hash('campaign-a', id, 2) ?? 0) < 0.5 === (hash('campaign-b', id, 2) ?? 0) < 0.5) same += 1;
    expect(Math.abs(same / IDS.length - 0.5)).toBeLessThanOrEqual(TOLERANCE);
  });

  it.each([1, 2])('v%d spreads 10k ids evenly over four arms (±3%%)', (version) => {
    for (const share of shares(getBucketRanges(4, 1), 'campaign-1', version)) {
      expect(Math.abs(share - 0.25)).toBeLessThanOrEqual(TOLERANCE);
    }
  });

  it('honours uneven weights and a holdout (±3%)', () => {
    const weights = [0.1, 0.6, 0.3];
    shares(getBucketRanges(3, 1, weights), 'campaign-2', 2).forEach((share, i) => {
      expect(Math.abs(share - (weights[i] ?? 0))).toBeLessThanOrEqual(TOLERANCE);
    });
  });
});

describe('getEqualWeights', () => {
  it('sums to 1 for any count', () => {
    for (let n = 1; n <= 50; n += 1) {
      const weights = getEqualWeights(n);
      expect(weights).toHaveLength(n);
      expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('treats bad counts as none and floors fractions', () => {
    expect(getEqualWeights(Number.NaN)).toEqual([]);
    expect(getEqualWeights(Number.POSITIVE_INFINITY)).toEqual([]);
    expect(getEqualWeights(2.7)).toEqual([0.5, 0.5]);
  });
});

describe('getBucketRanges', () => {
  it('falls back to equal weights for negative, non-finite or mis-sized weights', () => {
    const equal = getBucketRanges(2, 1);
    expect(getBucketRanges(2, 1, [1.5, -0.5])).toEqual(equal);
    expect(getBucketRanges(2, 1, [Number.NaN, 1])).toEqual(equal);
    expect(getBucketRanges(2, 1, [1])).toEqual(equal);
    expect(getBucketRanges(0, 1)).toEqual([]);
  });

  it('clamps coverage, and NaN coverage lets nobody in', () => {
    expect(getBucketRanges(2, 7)).toEqual(getBucketRanges(2, 1));
    expect(getBucketRanges(2, Number.NaN)).toEqual([
      [0, 0],
      [0.5, 0.5],
    ]);
  });

  it('ranges never overlap, and raising coverage never moves anyone to another arm', () => {
    const weights = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 }).filter((w) => w.some((x) => x > 0));
    fc.assert(
      fc.property(
        weights,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (raw, c1, c2, n) => {
          const total = raw.reduce((a, b) => a + b, 0);
          const w = raw.map((x) => x / total);
          const [low, high] = c1 <= c2 ? [c1, c2] : [c2, c1];
          const small = getBucketRanges(w.length, low, w);
          const large = getBucketRanges(w.length, high, w);
          const sorted = small.every(([start, end], i) => start <= end && (i === 0 || start >= (small[i - 1]?.[1] ?? 0)));
          const arm = chooseVariation(n, small);
          return sorted && (arm === -1 || chooseVariation(n, large) === arm);
        },
      ),
    );
  });
});

describe('chooseVariation', () => {
  it('uses start-inclusive, end-exclusive ranges and -1 outside them', () => {
    const ranges = getBucketRanges(2, 1);
    expect(chooseVariation(0, ranges)).toBe(0);
    expect(chooseVariation(0.5, ranges)).toBe(1);
    expect(chooseVariation(1, ranges)).toBe(-1);
    expect(chooseVariation(Number.NaN, ranges)).toBe(-1);
    expect(chooseVariation(0.3, [])).toBe(-1);
  });
});

describe('inNamespace', () => {
  it('splits a namespace into disjoint slices holding their share of ids (±3%)', () => {
    let inFirst = 0;
    for (const id of IDS) {
      const first = inNamespace(id, ['checkout', 0, 0.4]);
      expect(first).not.toBe(inNamespace(id, ['checkout', 0.4, 1]));
      if (first) inFirst += 1;
    }
    expect(Math.abs(inFirst / IDS.length - 0.4)).toBeLessThanOrEqual(TOLERANCE);
  });
});
