import { describe, expect, it } from 'vitest';
import { rankByValue } from './arbitration.ts';
import { segmentRateEstimate } from './segment-rates.ts';

describe('conversion rates per segment', () => {
  it('uses a segment rate only from the minimum sample, and says how many visitors it rests on', () => {
    const estimate = segmentRateEstimate(
      { exposed: 400, converted: 40 },
      { deal_seeker: { exposed: 100, converted: 30 }, returning: { exposed: 300, converted: 10 }, lapsed: { exposed: 99, converted: 99 } },
      100,
    );
    expect(estimate).toEqual({ overall: 0.1, bySegment: { deal_seeker: 0.3, returning: 10 / 300 }, segmentVisitors: { deal_seeker: 100, returning: 300 } });
    expect(segmentRateEstimate({ exposed: 10, converted: 1 }, { new: { exposed: 10, converted: 1 } }, 100)).toEqual({ overall: 0.1 });
    expect(segmentRateEstimate({ exposed: 0, converted: 0 }, {}, 100)).toBeNull();
  });

  it("ranks by the visitor's most specific segment: a returning deal seeker by the deal seekers' rate", () => {
    const campaign = (id: string, value: number) => ({ id, source: { id, value } }) as unknown as Parameters<typeof rankByValue>[0][number];
    const estimates = new Map([
      ['a', { overall: 0.1, bySegment: { deal_seeker: 0.3, returning: 0.05 }, segmentVisitors: { deal_seeker: 100, returning: 300 } }],
      ['b', { overall: 0.1, bySegment: { deal_seeker: 0.1, returning: 0.15 }, segmentVisitors: { deal_seeker: 100, returning: 300 } }],
    ]);
    const [dealWinner] = rankByValue([campaign('a', 10), campaign('b', 10)], ['returning', 'deal_seeker'], estimates);
    expect(dealWinner).toMatchObject({ rate: 0.3, basis: 'segment "deal_seeker"' });
    expect(dealWinner!.campaign.id).toBe('a');
    const [otherWinner] = rankByValue([campaign('a', 10), campaign('b', 10)], ['returning'], estimates);
    expect(otherWinner).toMatchObject({ rate: 0.15, basis: 'segment "returning"' });
    expect(otherWinner!.campaign.id).toBe('b');
  });
});
