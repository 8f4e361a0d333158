import { describe, expect, it } from 'vitest';
import { localTime } from './context.ts';

/** What localTime must equal: a fresh formatting of that instant in that zone. */
function expected(now: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23', weekday: 'short' }).formatToParts(now);
  return {
    hour: Number(parts.find((p) => p.type === 'hour')?.value),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? ''),
  };
}

const MINUTE = 60_000;

describe('localTime', () => {
  it('gives the local hour and weekday in zones with whole, half and quarter-hour offsets', () => {
    const now = Date.UTC(2026, 11, 1, 23, 50); // Tuesday 23:50 UTC
    expect(localTime(now, 'UTC')).toEqual({ hour: 23, weekday: 2 });
    expect(localTime(now, 'Europe/Berlin')).toEqual({ hour: 0, weekday: 3 });
    expect(localTime(now, 'Asia/Kolkata')).toEqual({ hour: 5, weekday: 3 }); // +5:30 → 05:20
    expect(localTime(now, 'Asia/Kathmandu')).toEqual({ hour: 5, weekday: 3 }); // +5:45 → 05:35
    expect(localTime(now, 'America/Los_Angeles')).toEqual({ hour: 15, weekday: 2 });
  });

  it('stays exact minute by minute across DST changes and day ends, although it formats once a quarter hour', () => {
    const zones = ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns'];
    // Around 2026's spring-forward and fall-back in Europe and North America, and Lord Howe's half-hour shift.
    const windows = [Date.UTC(2026, 2, 29, 0, 0), Date.UTC(2026, 9, 25, 0, 0), Date.UTC(2026, 2, 8, 5, 0), Date.UTC(2026, 10, 1, 4, 0), Date.UTC(2026, 3, 4, 14, 0), Date.UTC(2026, 9, 3, 14, 0)];
    for (const zone of zones) {
      for (const start of windows) {
        for (let t = start; t < start + 4 * 60 * MINUTE; t += 7 * MINUTE) expect(localTime(t, zone), `${zone} at ${new Date(t).toISOString()}`).toEqual(expected(t, zone));
      }
    }
  });

  it('falls back to UTC for an unknown or empty zone, and a caller cannot change the remembered answer', () => {
    const now = Date.UTC(2026, 5, 6, 8, 0); // Saturday
    expect(localTime(now, 'Not/AZone')).toEqual({ hour: 8, weekday: 6 });
    expect(localTime(now, '')).toEqual({ hour: 8, weekday: 6 });
    const first = localTime(now, 'Europe/Paris');
    first.hour = 99;
    expect(localTime(now, 'Europe/Paris')).toEqual({ hour: 10, weekday: 6 });
  });
});
