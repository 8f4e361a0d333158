import { describe, expect, it } from 'vitest';
import type { CampaignInput } from '../../store/draft-ops.ts';
import { setAudience, setCap, setGoalType, setLayer, setPages, setPriority, setPurpose, setScheduleEdge, setValue } from './changes.ts';

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

  it('a layer chosen without a share takes its largest free share, so choosing never makes an overlap', () => {
    const splits = [
      {
        id: 'checkout',
        shares: [
          { campaign: 'x', start: 0, end: 30 },
          { campaign: 'y', start: 50, end: 60 },
        ],
      },
    ];
    expect(setLayer('checkout', splits)(campaign).layer).toEqual({ id: 'checkout', start: 60, end: 100 });
    expect(setLayer('checkout', splits, 30, 50)(campaign).layer).toEqual({ id: 'checkout', start: 30, end: 50 });
    expect('layer' in setLayer('', splits)({ ...campaign, layer: { id: 'checkout', start: 0, end: 10 } })).toBe(false);
  });

  it('promotional is the default kind of message, and an empty worth clears it', () => {
    expect(setPurpose('service')(campaign).purpose).toBe('service');
    expect('purpose' in setPurpose('promotional')({ ...campaign, purpose: 'service' })).toBe(false);
    expect(setValue('42.5')(campaign).value).toBe(42.5);
    expect('value' in setValue('')({ ...campaign, value: 3 })).toBe(false);
  });
});
