import { describe, expect, it } from 'vitest';
import type { CampaignInput } from '../../store/draft-ops.ts';
import { setAudience, setCap, setGoalType, setPages, setPriority, setScheduleEdge } from './changes.ts';

const campaign: CampaignInput = { id: 'c', name: 'C', status: 'draft', priority: 1, slots: ['hero'], variants: [{ id: 'a', name: 'A', content: {} }] };

describe("the campaign editor's changes", () => {
  it('pages typed comma-separated become a list; nothing typed means every page', () => {
    expect(setPages(' /, /shoes/* ,')(campaign).pages).toEqual(['/', '/shoes/*']);
    expect('pages' in setPages('  ')({ ...campaign, pages: ['/'] })).toBe(false);
  });

  it('a frequency cap limit is set from a whole number ≥ 1, and cleared by anything else', () => {
    expect(setCap('perDay', '2.4')(campaign).frequencyCap).toEqual({ perDay: 2 });
    const capped = { ...campaign, frequencyCap: { perDay: 2, total: 5 } };
    expect(setCap('perDay', '')(capped).frequencyCap).toEqual({ total: 5 });
    expect('frequencyCap' in setCap('total', '0')({ ...campaign, frequencyCap: { total: 5 } })).toBe(false);
  });

  it('clearing both ends of the schedule leaves an empty schedule, never undefined values', () => {
    const scheduled = setScheduleEdge('start', '2026-01-01T00:00:00.000Z')(campaign);
    expect(scheduled.schedule).toEqual({ start: '2026-01-01T00:00:00.000Z' });
    expect(setScheduleEdge('start', undefined)(scheduled).schedule).toStrictEqual({});
  });

  it('"Everyone" removes the audience; a goal type starts from a usable value', () => {
    expect('audience' in setAudience('')({ ...campaign, audience: 'de' })).toBe(false);
    expect(setGoalType('page')(campaign).goal).toEqual({ type: 'page', path: '/checkout' });
    expect('goal' in setGoalType('none')({ ...campaign, goal: { type: 'event', event: 'x' } })).toBe(false);
    expect(setPriority('abc')(campaign).priority).toBe(1);
  });
});
