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

async function send(visitorId: string, events: unknown[]): Promise<void> {
  resetCollectLimits();
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitorId}` },
  });
  expect(response.status).toBe(202);
  expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

async function heroFor(visitorId: string): Promise<string | null> {
  const response = await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitorId}` } });
  return slot(await response.text(), 'hero').mark;
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
});
