/**
 * The programme view's budget chart: how many active visitors got 0, 1, 2, … promotional
 * messages a week, counted from stored exposures (a campaign repeated on one day counts once,
 * service campaigns never), and how many reached the weekly budget.
 */
import type { SiteConfigInput } from '@slotwise/core';
import type { SwEvent } from '@slotwise/core/protocol';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { shardStore } from '../../src/objects/shards.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
let version = 300;
let seq = 0;

const campaign = (id: string, extra: Partial<SiteConfigInput['campaigns'][number]> = {}): SiteConfigInput['campaigns'][number] => ({
  id,
  name: id,
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: id } } }],
  ...extra,
});

const exposure = (campaignId: string, ts: number): SwEvent => ({ id: `e-${++seq}`, type: 'exposure', ts, props: { campaign: campaignId, variant: 'v' } });

beforeEach(() => resetConfigCache());

describe('GET /__sw/admin/programme', () => {
  it('counts promotional messages per visitor this week, and who reached the budget or got none', async () => {
    const siteId = `programme-${++version}`;
    await publish(
      siteConfig(version, {
        site: { id: siteId },
        budgets: [{ id: 'weekly', limit: 2, per: 'week' }],
        campaigns: [campaign('a'), campaign('b', { priority: 2 }), campaign('c', { priority: 3 }), campaign('receipt', { priority: 4, purpose: 'service' })],
      }),
    );
    const now = Date.now();
    // One shard (the default): every visitor's events are in shard 0.
    const store = shardStore(env, siteId, 0);
    await store.append('visitor-programme-000001', [
      exposure('a', now - 3_600_000),
      exposure('a', now - 3_500_000),
      exposure('b', now - 86_400_000 * 2),
      exposure('c', now - 60_000),
    ]);
    await store.append('visitor-programme-000002', [exposure('a', now - 60_000), exposure('receipt', now - 50_000)]);
    await store.append('visitor-programme-000003', [{ id: `e-${++seq}`, type: 'page_view', ts: now - 60_000, props: {} }]);
    // Last month's exposure falls in no week shown.
    await store.append('visitor-programme-000004', [exposure('a', now - 86_400_000 * 40)]);

    const response = await call('/__sw/admin/programme', { headers: KEY });
    expect(response.status).toBe(200);
    const view = (await response.json()) as { weeklyBudget: number; weeks: { visitors: number; got: number[]; atBudget: number }[] };
    expect(view.weeklyBudget).toBe(2);
    expect(view.weeks).toHaveLength(4);
    const thisWeek = view.weeks[3]!;
    expect(thisWeek.visitors).toBe(3);
    expect(thisWeek.got.slice(0, 4)).toEqual([1, 1, 0, 1]);
    expect(thisWeek.atBudget).toBe(1);
    expect(view.weeks[0]!.visitors).toBe(0);
  });
});
