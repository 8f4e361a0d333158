import { describe, expect, it } from 'vitest';
import { sumCounts, sumRows, mergeArmKeySums } from '../../src/objects/merge.ts';

describe("merging the shards' aggregates", () => {
  it('adds every numeric field of rows with the same key, including fields it has never heard of', () => {
    const shardA = [
      { arm: 'a', exposed: 3, converted: 1, valueSum: 10.5, perMetric: 7 },
      { arm: 'b', exposed: 2, converted: 0, valueSum: 0, perMetric: 1 },
    ];
    const shardB = [{ arm: 'a', exposed: 4, converted: 2, valueSum: 1.25, perMetric: 5 }];
    expect(sumRows([shardA, shardB], (r) => r.arm)).toEqual([
      { arm: 'a', exposed: 7, converted: 3, valueSum: 11.75, perMetric: 12 },
      { arm: 'b', exposed: 2, converted: 0, valueSum: 0, perMetric: 1 },
    ]);
  });

  it('keeps the key fields and adds counts by name', () => {
    expect(sumRows([[{ day: '2026-12-01', arm: 'a', n: 1 }], [{ day: '2026-12-01', arm: 'a', n: 2 }]], (r) => `${r.day}/${r.arm}`)).toEqual([
      { day: '2026-12-01', arm: 'a', n: 3 },
    ]);
    expect(
      sumCounts([
        { exposure: 2, purchase: 1 },
        { purchase: 4, add_to_cart: 1 },
      ]),
    ).toEqual({ exposure: 2, purchase: 5, add_to_cart: 1 });
  });
});

describe("the budget chart's cells of several shards", () => {
  it('add the customers of the same week, segment and message count, keeping those numbers as the key', () => {
    const shardA = [
      { week: 2918, segment: 'all', got: 2, visitors: 3 },
      { week: 2918, segment: 'deal_seeker', got: 2, visitors: 1 },
    ];
    const shardB = [
      { week: 2918, segment: 'all', got: 2, visitors: 4 },
      { week: 2918, segment: 'all', got: 0, visitors: 5 },
    ];
    expect(sumRows([shardA, shardB], (c) => `${c.week}/${c.segment}/${c.got}`, ['week', 'got'])).toEqual([
      { week: 2918, segment: 'all', got: 2, visitors: 7 },
      { week: 2918, segment: 'deal_seeker', got: 2, visitors: 1 },
      { week: 2918, segment: 'all', got: 0, visitors: 5 },
    ]);
  });
});

describe('per-metric sums of several shards', () => {
  const sums = (n: number) => ({ converted: n, sumV: n * 10, sumV2: n * 100, sumK: n, sumK2: n, sumVK: n * 10, sumXC: 0, sumX2C: 0, sumXV: 0, sumXK: 0 });
  it('add per arm field by field, and per value bin', () => {
    const a = [{ arm: 'v', exposed: { n: 10, sumX: 5, sumX2: 9 }, sums: sums(2), bins: [{ bin: 3, n: 1, sumY: 10, sumY2: 100, sumX: 0, sumX2: 0, sumXY: 0 }] }];
    const b = [
      {
        arm: 'v',
        exposed: { n: 4, sumX: 1, sumX2: 1 },
        sums: sums(1),
        bins: [
          { bin: 3, n: 2, sumY: 20, sumY2: 200, sumX: 0, sumX2: 0, sumXY: 0 },
          { bin: 5, n: 1, sumY: 40, sumY2: 1600, sumX: 0, sumX2: 0, sumXY: 0 },
        ],
      },
      { arm: 'control', exposed: { n: 3, sumX: 0, sumX2: 0 }, sums: sums(0), bins: [] },
    ];
    const merged = mergeArmKeySums([a, b]);
    expect(merged.find((r) => r.arm === 'v')).toEqual({
      arm: 'v',
      exposed: { n: 14, sumX: 6, sumX2: 10 },
      sums: sums(3),
      bins: [
        { bin: 3, n: 3, sumY: 30, sumY2: 300, sumX: 0, sumX2: 0, sumXY: 0 },
        { bin: 5, n: 1, sumY: 40, sumY2: 1600, sumX: 0, sumX2: 0, sumXY: 0 },
      ],
    });
    expect(merged.find((r) => r.arm === 'control')?.exposed.n).toBe(3);
  });
});
