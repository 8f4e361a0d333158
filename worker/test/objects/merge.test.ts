import { describe, expect, it } from 'vitest';
import { sumCounts, sumRows } from '../../src/objects/merge.ts';

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
