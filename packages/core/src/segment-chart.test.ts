import { describe, expect, it } from 'vitest';
import { type ContactCell, contactCells, segmentChart, unionSegments, utcWeek, weekStart } from './segment-chart.ts';

describe('the budget chart per segment', () => {
  it('numbers UTC weeks from Monday to Sunday', () => {
    const monday = Date.UTC(2026, 10, 30); // Monday 30 Nov 2026
    expect(utcWeek(monday)).toBe(utcWeek(Date.UTC(2026, 11, 6, 23, 59, 59, 999)));
    expect(utcWeek(monday - 1)).toBe(utcWeek(monday) - 1);
    expect(weekStart(utcWeek(Date.UTC(2026, 11, 3, 12)))).toBe('2026-11-30');
    expect(weekStart(utcWeek(0))).toBe('1969-12-29');
  });

  it('counts a customer in the all row and in each of their segments, with all their messages', () => {
    expect(contactCells(['returning', 'deal_seeker', 'returning'], 3)).toEqual([
      { segment: 'all', got: 3 },
      { segment: 'returning', got: 3 },
      { segment: 'deal_seeker', got: 3 },
    ]);
    expect(contactCells([], 0)).toEqual([{ segment: 'all', got: 0 }]);
  });

  it('merges the segments of a week in the order segments are defined, dropping unknown ones', () => {
    expect(unionSegments(['deal_seeker'], ['returning', 'made_up'], ['deal_seeker'])).toEqual(['returning', 'deal_seeker']);
  });

  it('turns stored cells into weeks per row: got nothing, reached the budget, and 10 or more in the last bar', () => {
    const w = utcWeek(Date.UTC(2026, 11, 1));
    const cells: ContactCell[] = [
      { week: w, segment: 'all', got: 0, visitors: 5 },
      { week: w, segment: 'all', got: 2, visitors: 3 },
      { week: w, segment: 'all', got: 12, visitors: 1 },
      { week: w, segment: 'deal_seeker', got: 2, visitors: 2 },
      { week: w, segment: 'deal_seeker', got: 12, visitors: 1 },
      { week: w - 1, segment: 'all', got: 1, visitors: 4 },
    ];
    const chart = segmentChart(cells, [w - 1, w], 2);
    expect(chart.map((r) => r.id)).toEqual([
      'all',
      'new',
      'returning',
      'lapsed',
      'disengaged',
      'brand_advocate',
      'multicategory',
      'single_category_regular',
      'deal_seeker',
      'cart_abandoner',
    ]);
    const all = chart[0]!;
    expect(all.weeks[1]).toEqual({ start: '2026-11-30', visitors: 9, got: [5, 0, 3, 0, 0, 0, 0, 0, 0, 0, 1], atBudget: 4 });
    expect(all.weeks[0]).toMatchObject({ start: '2026-11-23', visitors: 4, atBudget: 0 });
    const deal = chart.find((r) => r.id === 'deal_seeker')!;
    expect(deal.description).toMatch(/deal signals/);
    expect(deal.weeks[1]).toMatchObject({ visitors: 3, atBudget: 3 });
    expect(deal.weeks[1]!.got[0]).toBe(0);
    expect(chart.find((r) => r.id === 'lapsed')!.weeks[1]).toMatchObject({ visitors: 0, atBudget: 0 });
    expect(segmentChart(cells, [w], null)[0]!.weeks[0]!.atBudget).toBeNull();
  });
});
