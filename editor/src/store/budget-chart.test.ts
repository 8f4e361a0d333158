import type { ProgrammeView, ProgrammeWeek } from '@slotwise/core/protocol';
import { describe, expect, it } from 'vitest';
import { chartRows, segmentLabel, thisWeekBySegment } from './budget-chart.ts';

const week = (start: string, visitors: number): ProgrammeWeek => ({ start, visitors, got: [visitors], atBudget: 0 });

describe('the budget chart per segment', () => {
  it('names rows in words', () => {
    expect(segmentLabel('all')).toBe('All customers');
    expect(segmentLabel('deal_seeker')).toBe('Deal seeker');
    expect(segmentLabel('single_category_regular')).toBe('Single category regular');
  });

  it("lists this week's customers per segment: all first, then the segments seen, the largest first", () => {
    const view: ProgrammeView = {
      weeklyBudget: 3,
      weeks: [week('2026-11-30', 12)],
      segments: [
        { id: 'all', description: 'everyone', weeks: [week('2026-11-23', 1), week('2026-11-30', 12)] },
        { id: 'new', description: 'new', weeks: [week('2026-11-23', 0), week('2026-11-30', 2)] },
        { id: 'lapsed', description: 'lapsed', weeks: [week('2026-11-23', 1), week('2026-11-30', 0)] },
        { id: 'deal_seeker', description: 'deals', weeks: [week('2026-11-23', 0), week('2026-11-30', 3)] },
      ],
    };
    expect(thisWeekBySegment(view).map((l) => [l.label, l.week.visitors])).toEqual([
      ['All customers', 12],
      ['Deal seeker', 3],
      ['New', 2],
    ]);
  });

  it('shows all customers alone when the server sends no segments', () => {
    const view: ProgrammeView = { weeklyBudget: null, weeks: [week('2026-11-30', 4)] };
    expect(chartRows(view).map((r) => [r.id, r.weeks.length])).toEqual([['all', 1]]);
    expect(thisWeekBySegment(view).map((l) => l.label)).toEqual(['All customers']);
  });
});
