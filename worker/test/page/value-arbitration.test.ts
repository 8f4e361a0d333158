/**
 * Arbitration by value at the edge: with `arbitration: "value"`, the Worker ranks competing
 * campaigns by their measured conversion rate × their worth, refreshed from results in the
 * background like bandit weights; before any data, worth alone ranks them.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetBanditWeights } from '../../src/config/bandit-weights.ts';
import { liveConfig, resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';
import { dealSeeker, newVisitor, returning } from '../segment-cookies.ts';

let seq = 0;
const offer = (id: string, value: number, priority: number): SiteConfigInput['campaigns'][number] => ({
  id,
  name: id,
  status: 'live',
  priority,
  slots: ['hero'],
  value,
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: `${id} offer` } } }],
});

async function send(visitorId: string, events: unknown[], profile = ''): Promise<void> {
  resetCollectLimits();
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitorId}${profile ? `; sw_p=${profile}` : ''}` },
  });
  expect(response.status).toBe(202);
  expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

async function heroFor(visitorId: string, profile = ''): Promise<string | null> {
  const response = await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitorId}${profile ? `; sw_p=${profile}` : ''}` } });
  return slot(await response.text(), 'hero').mark;
}

/** Refreshes the measured rates the way a page does (in the background) and returns the config decided with. */
async function refreshedConfig() {
  resetBanditWeights();
  const ctx = createExecutionContext();
  await liveConfig(env, ctx);
  await waitOnExecutionContext(ctx);
  return (await liveConfig(env, createExecutionContext())).config;
}

beforeEach(() => {
  resetConfigCache();
  resetBanditWeights();
  stubOrigin(() => html(htmlPage('<section data-slot="hero">Default hero</section>')));
});

describe('arbitration by value at the edge', () => {
  it('ranks by worth before any data, then by measured rate × worth once results exist', async () => {
    await publish(siteConfig(5000, { site: { id: 'value-arbitration' }, arbitration: 'value', campaigns: [offer('accessories', 10, 1), offer('premium', 50, 2)] }));
    expect(await heroFor('visitor-value-arb-00001')).toBe('premium:v');

    const t = Date.now() - 60_000;
    for (let i = 0; i < 20; i++) {
      const campaign = i % 2 === 0 ? 'accessories' : 'premium';
      // Accessories convert one visitor in two; premium nobody.
      const converts = campaign === 'accessories' && i % 4 === 0;
      const events = [
        { id: `value-arb-${++seq}`, type: 'exposure', ts: t, props: { campaign, variant: 'v', slot: 'hero' } },
        ...(converts ? [{ id: `value-arb-${++seq}`, type: 'purchase', ts: t + 1, props: { value: 10 } }] : []),
      ];
      await send(`visitor-value-data-${String(i).padStart(4, '0')}`, events);
    }
    resetBanditWeights();
    const ctx = createExecutionContext();
    await liveConfig(env, ctx); // starts the refresh in the background
    await waitOnExecutionContext(ctx);
    expect((await liveConfig(env, createExecutionContext())).config?.estimates?.get('accessories')?.overall).toBe(0.5);
    expect(await heroFor('visitor-value-arb-00002')).toBe('accessories:v');
  });

  it("ranks by the rate of the visitor's segment once enough of it was measured: deal seekers get A, everyone else B", async () => {
    await publish(siteConfig(5001, { site: { id: 'value-arbitration-segments' }, arbitration: 'value', campaigns: [offer('offer-a', 10, 1), offer('offer-b', 10, 2)] }));
    const t = Date.now() - 60_000;
    // Per campaign: 100 returning deal seekers, 20 other returning visitors and 100 new visitors, each
    // exposed once and converting or not. A converts deal seekers (60%), B new visitors (40%); over
    // everyone A converts better (67 of 220 against 58), so the overall rate alone would give A to all.
    const groups = [
      { name: 'deal', profile: dealSeeker(), size: 100, converts: { 'offer-a': 60, 'offer-b': 10 } },
      { name: 'ret', profile: returning(), size: 20, converts: { 'offer-a': 2, 'offer-b': 8 } },
      { name: 'new', profile: newVisitor(), size: 100, converts: { 'offer-a': 5, 'offer-b': 40 } },
    ];
    for (const campaign of ['offer-a', 'offer-b'] as const) {
      for (const g of groups) {
        for (let i = 0; i < g.size; i++) {
          const events = [
            { id: `value-seg-${++seq}`, type: 'exposure', ts: t, props: { campaign, variant: 'v', slot: 'hero' } },
            ...(i < g.converts[campaign] ? [{ id: `value-seg-${++seq}`, type: 'purchase', ts: t + 1, props: { value: 10 } }] : []),
          ];
          await send(`visitor-seg-${campaign}-${g.name}-${String(i).padStart(4, '0')}`, events, g.profile);
        }
      }
    }
    const estimate = (await refreshedConfig())?.estimates?.get('offer-a');
    expect(estimate?.overall).toBeCloseTo(67 / 220, 10);
    expect(estimate?.bySegment).toEqual({ returning: 62 / 120, deal_seeker: 0.6, new: 0.05 });
    expect(estimate?.segmentVisitors).toEqual({ returning: 120, deal_seeker: 100, new: 100 });

    expect(await heroFor('visitor-seg-someone-deal1', dealSeeker())).toBe('offer-a:v');
    expect(await heroFor('visitor-seg-someone-new01', newVisitor())).toBe('offer-b:v');

    // The trace says which basis decided: the deal seekers' own rate, not the returning visitors'.
    const decided = await call('/__sw/decide', {
      method: 'POST',
      headers: { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'visitor-seg-someone-deal2', profileCookie: dealSeeker(), trace: true }),
    });
    const { slots, trace } = (await decided.json()) as { slots: Record<string, { campaign: string }>; trace: { campaign: string; reason: string }[] };
    expect(slots.hero?.campaign).toBe('offer-a');
    expect(trace.find((r) => r.campaign === 'offer-a')?.reason).toMatch(/60\.0% conversion, segment "deal_seeker"/);
  });

  it('falls back to the overall rate where a segment has fewer visitors than the minimum', async () => {
    await publish(siteConfig(5002, { site: { id: 'value-arbitration-few' }, arbitration: 'value', campaigns: [offer('few-a', 10, 1), offer('few-b', 10, 2)] }));
    const t = Date.now() - 60_000;
    for (let i = 0; i < 10; i++) {
      const campaign = i % 2 === 0 ? 'few-a' : 'few-b';
      const events = [
        { id: `value-few-${++seq}`, type: 'exposure', ts: t, props: { campaign, variant: 'v', slot: 'hero' } },
        ...(campaign === 'few-a' ? [{ id: `value-few-${++seq}`, type: 'purchase', ts: t + 1, props: { value: 10 } }] : []),
      ];
      await send(`visitor-few-${String(i).padStart(8, '0')}`, events, dealSeeker());
    }
    const estimate = (await refreshedConfig())?.estimates?.get('few-a');
    expect(estimate).toEqual({ overall: 1 });
  });
});
