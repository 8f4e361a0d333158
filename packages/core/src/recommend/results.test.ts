import { describe, expect, it } from 'vitest';
import type { ArmResult } from '../stats-results.ts';
import { recommendationResults } from './results.ts';

const arm = (id: string, exposed: number) => ({ id, exposed }) as ArmResult;

describe('recommendation results per arm', () => {
  it('give click-through over exposed visitors and the revenue attributed to clicks', () => {
    const results = recommendationResults(
      [arm('control', 100), arm('viewed', 200), arm('trending', 0)],
      [
        { arm: 'viewed', type: 'reco_click', visitors: 30, events: 42, value: 0 },
        { arm: 'viewed', type: 'reco_cart', visitors: 8, events: 9, value: 900 },
        { arm: 'viewed', type: 'reco_purchase', visitors: 5, events: 6, value: 612.345 },
      ],
    );
    expect(results).toEqual([
      { id: 'control', exposed: 100, clickers: 0, clicks: 0, clickThrough: 0, carts: 0, orders: 0, attributedRevenue: 0 },
      { id: 'viewed', exposed: 200, clickers: 30, clicks: 42, clickThrough: 0.15, carts: 9, orders: 6, attributedRevenue: 612.35 },
      { id: 'trending', exposed: 0, clickers: 0, clicks: 0, clickThrough: 0, carts: 0, orders: 0, attributedRevenue: 0 },
    ]);
  });
});
