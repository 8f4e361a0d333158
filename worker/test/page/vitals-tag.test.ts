/**
 * The web-vitals chunk (issue 21) rides only on pages where a campaign that measures page
 * experience was decided for a counted visitor: other pages, and every sw.js, carry none of it.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const GRANTED = { cookie: 'sw_consent=granted; sw_id=visitor-vitals-000001' };
const TAG = /<script async src="\/__sw\/sw-vitals\.js"( nonce="[^"]+")?><\/script>/;

const hero = (metrics: SiteConfigInput['campaigns'][number]['metrics']): SiteConfigInput['campaigns'][number] => ({
  id: 'hero-metric',
  name: 'Hero',
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'New hero' } } }],
  ...(metrics ? { metrics } : {}),
});

beforeEach(() => {
  resetConfigCache();
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

describe('the web-vitals chunk', () => {
  it('is added to a page where a campaign with a page-experience metric was decided for a counted visitor', async () => {
    await publish(siteConfig(31, { campaigns: [hero([{ id: 'cls', role: 'guardrail', kind: 'cls' }])] }));
    const page = await (await call('/', { headers: GRANTED })).text();
    expect(slot(page, 'hero').mark).toBe('hero-metric:v');
    expect(page).toMatch(TAG);
    const chunk = await call('/__sw/sw-vitals.js');
    expect(chunk.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await chunk.text()).toContain('PerformanceObserver');
  });

  it('is left off pages whose campaigns measure no page experience, and off pages of visitors who are not counted', async () => {
    await publish(siteConfig(32, { campaigns: [hero([{ id: 'rev', role: 'secondary', kind: 'revenue-per-visitor' }])] }));
    expect(await (await call('/', { headers: GRANTED })).text()).not.toMatch(TAG);
    resetConfigCache();
    await publish(siteConfig(33, { campaigns: [hero([{ id: 'cls', role: 'guardrail', kind: 'cls' }])] }));
    const anonymous = await (await call('/')).text();
    expect(slot(anonymous, 'hero').mark).toBe('hero-metric:v');
    expect(anonymous).not.toMatch(TAG);
  });
});
