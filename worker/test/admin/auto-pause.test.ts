/**
 * Guardrails and auto-pause (issue 21) inside workerd: a campaign whose variant shifts the layout
 * (CLS, as the SDK reports it in `vitals` events) is flagged on its results; with auto-pause
 * ticked, it is paused through the ordinary publish path (a new version, a history entry naming
 * the guardrail) and stops being served — when results are read, and by the scheduled check.
 */
import type { SiteConfigInput } from '@slotwise/core';
import type { AuditEntry } from '@slotwise/core/protocol';
import type { CampaignDetail } from '@slotwise/core/stats';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/index.ts';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, resetPublishedState, slot, stubOrigin } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
let site = 0;
let seq = 0;

const guarded = (autoPause: boolean): SiteConfigInput['campaigns'][number] => ({
  id: 'hero-shift',
  name: 'Hero that shifts',
  status: 'live',
  priority: 1,
  slots: ['hero'],
  holdoutPct: 50,
  variants: [{ id: 'tall', name: 'Tall hero', content: { hero: { kind: 'html', body: '<h1>Big new hero</h1>' } } }],
  metrics: [{ id: 'cls', role: 'guardrail', kind: 'cls', autoPause }],
});

async function publishSite(autoPause: boolean): Promise<void> {
  await resetPublishedState();
  await publish(siteConfig(1, { site: { id: `guardrail-${++site}` }, campaigns: [guarded(autoPause)] }));
}

/** 100 visitors per arm, each reporting one page view's CLS: control's barely shift, the tall hero's shift a lot. */
async function shiftingTraffic(): Promise<void> {
  const t = Date.now() - 60_000;
  for (let i = 0; i < 200; i++) {
    const arm = i % 2 === 0 ? 'control' : 'tall';
    const cls = arm === 'control' ? 0.01 + (i % 5) * 0.004 : 0.18 + (i % 5) * 0.02;
    const events = [
      { id: `guard-evt-${site}-${seq++}`, type: 'exposure', ts: t, props: { campaign: 'hero-shift', variant: arm, slot: 'hero', pre: `page_view:${1 + (i % 7)}` } },
      { id: `guard-evt-${site}-${seq++}`, type: 'vitals', ts: t + 1000, props: { cls, lcp: 900 + i } },
    ];
    const response = await call('/__sw/collect', {
      method: 'POST',
      body: JSON.stringify({ events }),
      headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${`visitor-guard-${i}-`.padEnd(22, '0')}` },
    });
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 2, rejected: [] });
  }
}

async function results(query = ''): Promise<CampaignDetail> {
  const response = await call(`/__sw/admin/results/hero-shift${query}`, { headers: KEY });
  expect(response.status).toBe(200);
  return (await response.json()) as CampaignDetail;
}

/** A visitor the campaign shows its tall hero to while it is live. */
async function variantVisitor(): Promise<string> {
  for (let i = 0; i < 50; i++) {
    const cookie = `sw_consent=granted; sw_id=${`visitor-page-${i}-`.padEnd(22, '0')}`;
    if (slot(await (await call('/', { headers: { cookie } })).text(), 'hero').mark === 'hero-shift:tall') return cookie;
  }
  throw new Error('no visitor got the variant');
}

const heroFor = async (cookie: string) => slot(await (await call('/', { headers: { cookie } })).text(), 'hero');
const history = async () => ((await (await call('/__sw/admin/audit', { headers: KEY })).json()) as { entries: AuditEntry[] }).entries;

beforeEach(() => {
  resetConfigCache();
  resetCollectLimits();
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

describe('guardrails', () => {
  it('flag a guardrail that is worse with confidence on the results, and leave the campaign live when auto-pause is not ticked', async () => {
    await publishSite(false);
    const shown = await variantVisitor();
    await shiftingTraffic();
    const r = await results();
    expect(r.status).toBe('live');
    expect(r.metrics.view).toBe('sequential');
    expect(r.metrics.guardrailWorse).toEqual([{ metric: 'cls', arm: 'tall' }]);
    const cls = r.metrics.metrics.find((m) => m.id === 'cls');
    expect(cls?.comparisons[0]).toMatchObject({ arm: 'tall', outcome: 'worse', controlN: 100, variantN: 100 });
    expect((await heroFor(shown)).mark).toBe('hero-shift:tall');
    // The fixed-horizon view is there for whoever fixed a sample size.
    expect((await results('?view=fixed')).metrics.view).toBe('fixed');
  });

  it('with auto-pause ticked, pause the campaign through a publish that names the guardrail, so it stops being served', async () => {
    await publishSite(true);
    const shown = await variantVisitor();
    await shiftingTraffic();
    expect((await heroFor(shown)).mark).toBe('hero-shift:tall');
    const r = await results();
    expect(r.status).toBe('paused');
    expect(r.metrics.guardrailWorse).toEqual([{ metric: 'cls', arm: 'tall' }]);
    expect(await heroFor(shown)).toEqual({ html: '<h1>Default hero</h1>', mark: null });
    const [latest] = await history();
    expect(latest).toMatchObject({ who: 'auto-pause', action: 'publish', version: 2 });
    expect(latest?.detail).toBe('auto-paused "Hero that shifts": guardrail worse with confidence: CLS (layout shift) (tall)');
    // Paused once: reading the results again publishes nothing more.
    await results();
    expect((await history()).filter((e) => e.who === 'auto-pause')).toHaveLength(1);
  });

  it('pause once when results are read by several at the same time, and leave the Admin API answering', async () => {
    await publishSite(true);
    await shiftingTraffic();
    const both = await Promise.all([results(), call('/__sw/admin/results', { headers: KEY }).then((r) => r.json() as Promise<{ campaigns: CampaignDetail[] }>)]);
    // One of them paused it; the other had read the live config before, and finds it paused next time.
    expect([both[0].status, both[1].campaigns[0]?.status]).toContain('paused');
    expect((await results()).status).toBe('paused');
    expect((await history()).filter((e) => e.who === 'auto-pause')).toHaveLength(1);
    expect((await call('/__sw/admin/draft', { headers: KEY })).status).toBe(200);
  });

  it('are checked by the scheduled job too, with nobody looking at the results', async () => {
    await publishSite(true);
    const shown = await variantVisitor();
    await shiftingTraffic();
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ scheduledTime: Date.now(), cron: '*/10 * * * *' }), env, ctx);
    await waitOnExecutionContext(ctx);
    resetConfigCache();
    expect((await heroFor(shown)).mark).toBeNull();
    expect((await history())[0]).toMatchObject({ who: 'auto-pause', action: 'publish' });
  });

  it('leave a campaign live while its guardrail is no worse', async () => {
    await publishSite(true);
    const t = Date.now() - 60_000;
    for (let i = 0; i < 40; i++) {
      const arm = i % 2 === 0 ? 'control' : 'tall';
      const events = [
        { id: `guard-evt-${site}-${seq++}`, type: 'exposure', ts: t, props: { campaign: 'hero-shift', variant: arm, slot: 'hero' } },
        { id: `guard-evt-${site}-${seq++}`, type: 'vitals', ts: t + 1000, props: { cls: 0.05 + (i % 4) * 0.01 } },
      ];
      await call('/__sw/collect', {
        method: 'POST',
        body: JSON.stringify({ events }),
        headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${`visitor-same-${i}-`.padEnd(22, '0')}` },
      });
    }
    const r = await results();
    expect(r.status).toBe('live');
    expect(r.metrics.guardrailWorse).toEqual([]);
    expect((await history()).some((e) => e.who === 'auto-pause')).toBe(false);
  });
});
