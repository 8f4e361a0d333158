import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { healthWarning, loadSlotHealth, shortDay, slotHealth, warningsFor } from './slot-health.ts';
import { FakeAdminApi, serveFrom, stopServing } from './testing.ts';

const day = (d: string, loads: number, missing: number) => ({ day: d, loads, missing });

describe('selector health', () => {
  it('warns with the share of recent loads that missed and the day it started', () => {
    const w = healthWarning({ slot: 'p-title', days: [day('2026-12-03', 20, 19), day('2026-12-01', 30, 0), day('2026-12-02', 10, 9)] });
    expect(w).toEqual({ slot: 'p-title', missingPct: 93, since: '2026-12-02', loads: 30 });
    expect(shortDay(w!.since)).toBe('2 Dec');
  });

  it('says nothing while the element is found, once it is found again, or over too few loads', () => {
    expect(healthWarning({ slot: 's', days: [day('2026-12-01', 50, 2)] })).toBeNull();
    expect(healthWarning({ slot: 's', days: [day('2026-12-01', 50, 50), day('2026-12-02', 8, 0)] })).toBeNull();
    expect(healthWarning({ slot: 's', days: [day('2026-12-01', 2, 2)] })).toBeNull();
    expect(healthWarning({ slot: 's', days: [] })).toBeNull();
  });
});

describe('loading the report', () => {
  let server: FakeAdminApi;
  beforeEach(() => {
    server = new FakeAdminApi();
    serveFrom(server);
    slotHealth.value = [];
  });
  afterEach(stopServing);

  it("reads GET /slots/health and warns on the campaign's slots only", async () => {
    server.health = {
      slots: [
        { slot: 'p-title', days: [day('2026-12-02', 4, 4)] },
        { slot: 'other', days: [day('2026-12-02', 4, 4)] },
      ],
    };
    await loadSlotHealth();
    expect(server.sent('GET /slots/health')).toHaveLength(1);
    expect(warningsFor(['p-title', 'hero']).map((w) => w.slot)).toEqual(['p-title']);
  });

  it('an error leaves no warning (and no exception)', async () => {
    server.overrides.set('GET /slots/health', { status: 500, body: { error: 'down' } });
    await loadSlotHealth();
    expect(slotHealth.value).toEqual([]);
  });
});
