import { parseSiteConfig } from '@slotwise/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfigCache } from '../src/config-store.ts';
import { LIVE_POINTER_KEY } from '../src/config-keys.ts';
import { siteConfig } from './fixtures.ts';
import { call, env, publish } from './harness.ts';

beforeEach(async () => {
  resetConfigCache();
  const config = siteConfig(4, {
    savedGroups: { vips: ['a', 'b'], unused: ['c'] },
  });
  config.audiences.push({ id: 'vip', name: 'VIP', condition: { 'profile.id': { $inGroup: 'vips' } } }, { id: 'spare', name: 'Spare', condition: {} });
  config.campaigns.push(
    { id: 'vip-promo', name: 'VIP', status: 'live', priority: 3, audience: 'vip', slots: ['promo'], variants: [{ id: 'v', name: 'V', content: {} }] },
    { id: 'draft-hero', name: 'Draft', status: 'draft', priority: 1, slots: ['hero'], variants: [{ id: 'd', name: 'D', content: {} }] },
  );
  await publish(config);
});

type Subset = { slots: { name: string }[]; campaigns: { id: string }[]; audiences: { id: string }[]; savedGroups: Record<string, unknown> };

describe('GET /__sw/config', () => {
  it("gives the browser exactly one page's live campaigns, audiences and groups, as a valid config", async () => {
    const response = await call('/__sw/config?path=/');
    expect(response.status).toBe(200);
    const json = (await response.json()) as Subset;
    expect(parseSiteConfig(json).ok).toBe(true);
    expect(json.slots.map((s) => s.name).sort()).toEqual(['banner', 'hero', 'promo']);
    expect(json.campaigns.map((c) => c.id).sort()).toEqual(['promo-ab', 'ship-de', 'vip-promo', 'welcome']);
    expect(json.audiences.map((a) => a.id).sort()).toEqual(['de', 'newsletter', 'vip']);
    expect(Object.keys(json.savedGroups)).toEqual(['vips']);
  });

  it('leaves out what another page does not need, and never shows drafts', async () => {
    const json = (await (await call('/__sw/config?path=/about')).json()) as Subset;
    expect(json.slots.map((s) => s.name)).toEqual(['banner']);
    expect(json.campaigns.map((c) => c.id)).toEqual(['ship-de']);
    expect(JSON.stringify(json)).not.toContain('draft-hero');
  });

  it('is cacheable briefly and answers 304 to a matching ETag', async () => {
    const response = await call('/__sw/config?path=/');
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toBe('"v4:/"');
    expect((await call('/__sw/config?path=/', { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('answers 400 for a missing path and 404 when nothing is published', async () => {
    expect((await call('/__sw/config')).status).toBe(400);
    await env.CONFIG.delete(LIVE_POINTER_KEY);
    resetConfigCache();
    const response = await call('/__sw/config?path=/');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'nothing is published' });
  });
});
