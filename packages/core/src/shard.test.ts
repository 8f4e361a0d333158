import { describe, expect, it } from 'vitest';
import { MAX_EVENT_SHARDS, shardOf } from './shard.ts';

const visitors = Array.from({ length: 20_000 }, (_, i) => `v${i.toString(36).padStart(12, '0')}`);

describe('shardOf', () => {
  it('keeps every visitor in store 0 when a site has one store (the store it always had)', () => {
    expect(new Set(visitors.map((v) => shardOf(v, 1)))).toEqual(new Set([0]));
  });

  it('spreads visitors evenly over the stores', () => {
    for (const n of [2, 4, 7, 16]) {
      const counts = new Array<number>(n).fill(0);
      for (const v of visitors) {
        const i = shardOf(v, n);
        counts[i] = (counts[i] ?? 0) + 1;
      }
      const expected = visitors.length / n;
      for (const c of counts) expect(Math.abs(c - expected) / expected).toBeLessThan(0.1);
    }
  });

  it('moves only the visitors the added stores win, each to an added store', () => {
    const moved = visitors.filter((v) => shardOf(v, 4) !== shardOf(v, 6));
    for (const v of moved) expect(shardOf(v, 6)).toBeGreaterThanOrEqual(4);
    expect(moved.length / visitors.length).toBeGreaterThan(0.28);
    expect(moved.length / visitors.length).toBeLessThan(0.39);
  });

  it('moves only the removed stores visitors when stores are taken away', () => {
    for (const v of visitors) if (shardOf(v, 8) < 4) expect(shardOf(v, 4)).toBe(shardOf(v, 8));
  });

  it('clamps counts it cannot use', () => {
    expect(shardOf('abc', 0)).toBe(0);
    expect(shardOf('abc', Number.NaN)).toBe(0);
    expect(shardOf('abc', 1000)).toBe(shardOf('abc', MAX_EVENT_SHARDS));
  });
});
