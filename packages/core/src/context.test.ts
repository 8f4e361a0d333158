import { describe, expect, it } from 'vitest';
import { type ContextInput, buildContext, localTime } from './context.ts';

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
    const windows = [
      Date.UTC(2026, 2, 29, 0, 0),
      Date.UTC(2026, 9, 25, 0, 0),
      Date.UTC(2026, 2, 8, 5, 0),
      Date.UTC(2026, 10, 1, 4, 0),
      Date.UTC(2026, 3, 4, 14, 0),
      Date.UTC(2026, 9, 3, 14, 0),
    ];
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

describe('buildContext', () => {
  const visit: ContextInput = {
    url: new URL('https://shop.test/shoes/?utm_source=Newsletter&utm_medium=email&size=42'),
    referrer: 'https://www.google.com/search?q=boots',
    userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
    language: 'de-DE,de;q=0.9,en;q=0.8',
    country: 'DE',
    region: 'BE',
    city: 'Berlin',
    timezone: 'Europe/Berlin',
  };
  const now = Date.UTC(2026, 11, 1, 23, 50); // Tuesday 23:50 UTC, Wednesday 00:50 in Berlin

  it('builds the whole context conditions read from what a runtime knows of the visit', () => {
    expect(buildContext(visit, now)).toEqual({
      page: {
        url: 'https://shop.test/shoes/?utm_source=Newsletter&utm_medium=email&size=42',
        path: '/shoes/',
        query: { utm_source: 'Newsletter', utm_medium: 'email', size: '42' },
        referrer: 'https://www.google.com/search?q=boots',
        referrerHost: 'www.google.com',
      },
      utm: { source: 'newsletter', medium: 'email' },
      geo: { country: 'DE', region: 'BE', city: 'Berlin', timezone: 'Europe/Berlin' },
      device: { type: 'mobile', browser: 'safari', os: 'ios' },
      locale: { language: 'de' },
      time: { hour: 0, weekday: 3 },
    });
  });

  it('takes local time in UTC when the time zone is unknown, and keeps what it was given', () => {
    const context = buildContext({ ...visit, timezone: '', country: '', referrer: 'not a url', language: '' }, now);
    expect(context.time).toEqual({ hour: 23, weekday: 2 });
    expect(context.geo).toEqual({ country: '', region: 'BE', city: 'Berlin', timezone: '' });
    expect(context.page.referrerHost).toBe('');
    expect(context.locale.language).toBe('');
  });
});
