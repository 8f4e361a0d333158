/**
 * A channel's exposure report (`POST /__sw/decide/exposures`) with the customer's profile: the
 * exposures count under the customer's lifecycle segments (the budget chart, the segment rates);
 * a profile that is not one is refused with the field that is wrong.
 */
import { utcWeek } from '@slotwise/core/stats';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteEvents } from '../../src/objects/site-events.ts';
import { siteConfig, textCampaign } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';
import { dealSeeker } from '../segment-cookies.ts';

const KEY = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const report = (body: unknown) => call('/__sw/decide/exposures', { method: 'POST', headers: KEY, body: JSON.stringify(body) });
const exposures = [{ id: 'email-segments-0001', campaign: 'mail-offer', variant: 'v', channel: 'email' }];

beforeEach(() => resetConfigCache());

describe('exposure reports with a profile', () => {
  it('count the exposure under the segments of the profile sent', async () => {
    await publish(siteConfig(7100, { site: { id: 'exposure-segments' }, campaigns: [textCampaign('mail-offer', 'hero')] }));
    const profile = { sessions: 4, lastSeen: Math.floor(Date.now() / 1000) - 60, orders: 3 };
    expect((await report({ visitorId: 'visitor-exposure-seg-01', profile, exposures })).status).toBe(202);
    const week = utcWeek(Date.now());
    const cells = await siteEvents(env, 'exposure-segments').contactWeeks(week, week);
    expect(cells.map((c) => [c.segment, c.got, c.visitors]).sort()).toEqual([
      ['all', 1, 1],
      ['brand_advocate', 1, 1],
      ['returning', 1, 1],
    ]);
  });

  it('refuse a profile that is not one, and a profile with a cookie', async () => {
    await publish(siteConfig(7101, { site: { id: 'exposure-segments-bad' }, campaigns: [textCampaign('mail-offer', 'hero')] }));
    const bad = await report({ visitorId: 'visitor-exposure-seg-02', profile: { sessions: -1 }, exposures });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^profile\.sessions/);
    const both = await report({ visitorId: 'visitor-exposure-seg-02', profile: { sessions: 1 }, profileCookie: dealSeeker(), exposures });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: string }).error).toBe('profileCookie: send profile or profileCookie, not both');
  });
});
