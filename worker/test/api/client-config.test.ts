import { type SiteConfigInput, parseSiteConfig } from '@slotwise/core';
import { compileConfig, decideSlots } from '@slotwise/core/decide';
import { emptyProfile } from '@slotwise/core/profile';
import { beforeEach, describe, expect, it } from 'vitest';
import { testContext } from '../../../packages/core/src/testing.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { LIVE_POINTER_KEY } from '../../src/config/keys.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

/**
 * The fixture, plus ID lists and audiences using them (and traits), a spare audience, a campaign
 * over two slots, a draft and a paused campaign.
 */
function fullConfig(version = 4): SiteConfigInput {
  const config = siteConfig(version, { savedGroups: { vips: ['hash-of-vip-a', 'hash-of-vip-b'], unused: ['hash-of-c'], nope: ['hash-of-d'] } });
  config.slots.push({ name: 'footer', pages: ['/about'] });
  config.audiences.push(
    { id: 'vip', name: 'VIP', condition: { $or: [{ 'profile.id': { $inGroup: 'vips' } }, { 'geo.country': { $nin: ['XX'] } }] } },
    { id: 'not-banned', name: 'Not banned', condition: { 'profile.id': { $notInGroup: 'nope' } } },
    { id: 'spare', name: 'Spare', condition: { 'profile.id': { $inGroup: 'unused' } } },
    { id: 'secret', name: 'Secret', condition: { 'utm.campaign': 'secret-launch' } },
    { id: 'gold', name: 'Gold tier', condition: { 'traits.tier': 'gold' } },
  );
  config.campaigns.push(
    {
      id: 'vip-promo',
      name: 'VIP',
      status: 'live',
      priority: 3,
      audience: 'vip',
      slots: ['promo'],
      variants: [{ id: 'v', name: 'V', content: { promo: { kind: 'text', body: 'VIP-ONLY-TEXT' } } }],
    },
    {
      id: 'gold-offer',
      name: 'Gold',
      status: 'live',
      priority: 5,
      audience: 'gold',
      slots: ['banner'],
      variants: [{ id: 'g', name: 'G', content: { banner: { kind: 'text', body: 'GOLD-ONLY-TEXT' } } }],
    },
    {
      id: 'hero-footer',
      name: 'Hero and footer',
      status: 'live',
      priority: 4,
      audience: 'not-banned',
      slots: ['hero', 'footer'],
      variants: [{ id: 'hf', name: 'HF', content: { hero: { kind: 'text', body: 'H' }, footer: { kind: 'text', body: 'F' } } }],
    },
    {
      id: 'shoes-only',
      name: 'Shoes',
      status: 'live',
      priority: 6,
      slots: ['banner'],
      pages: ['/shoes/*'],
      variants: [{ id: 's', name: 'S', content: { banner: { kind: 'text', body: 'Shoes!' } } }],
    },
    {
      id: 'draft-hero',
      name: 'Draft',
      status: 'draft',
      priority: 1,
      audience: 'secret',
      slots: ['hero'],
      variants: [{ id: 'd', name: 'D', content: { hero: { kind: 'text', body: 'DRAFT-SECRET' } } }],
    },
    { id: 'paused-promo', name: 'Paused', status: 'paused', priority: 1, audience: 'secret', slots: ['promo', 'banner'], variants: [{ id: 'p', name: 'P', content: {} }] },
  );
  return config;
}

beforeEach(async () => {
  resetConfigCache();
  await publish(fullConfig());
});

type Subset = {
  schema: number;
  version: number;
  site: { id: string };
  slots: { name: string }[];
  campaigns: { id: string }[];
  audiences: { id: string }[];
  savedGroups?: Record<string, unknown>;
};

async function subset(path: string): Promise<Subset> {
  const response = await call(`/__sw/config?path=${encodeURIComponent(path)}`);
  expect(response.status).toBe(200);
  const json = (await response.json()) as Subset;
  const parsed = parseSiteConfig(json);
  expect(parsed.ok ? [] : parsed.errors).toEqual([]);
  return json;
}

const ids = (items: { id?: string; name?: string }[]) => items.map((i) => i.id ?? i.name).sort();

describe('GET /__sw/config', () => {
  it('gives the home page exactly its live campaigns and audiences, as a valid config', async () => {
    const json = await subset('/');
    expect(json.schema).toBe(1);
    expect(json.version).toBe(4);
    expect(json.site).toEqual({ id: 'shop', consent: 'required' });
    expect(ids(json.slots)).toEqual(['banner', 'hero', 'promo']);
    expect(ids(json.campaigns)).toEqual(['promo-ab', 'ship-de', 'welcome']);
    expect(ids(json.audiences)).toEqual(['de', 'newsletter']);
  });

  it('gives a category page only its own slots and campaigns, including those limited to its pages', async () => {
    const json = await subset('/shoes/boots');
    expect(ids(json.slots)).toEqual(['banner', 'promo']);
    expect(ids(json.campaigns)).toEqual(['promo-ab', 'ship-de', 'shoes-only']);
    expect(ids(json.audiences)).toEqual(['de']);
  });

  it('trims a page down to what it uses', async () => {
    const json = await subset('/contact');
    expect(ids(json.slots)).toEqual(['banner']);
    expect(ids(json.campaigns)).toEqual(['ship-de']);
    expect(ids(json.audiences)).toEqual(['de']);
  });

  it('never carries ID lists, list hashes, or campaigns gated by lists or traits, nor their content', async () => {
    for (const path of ['/', '/shoes/boots', '/about', '/contact']) {
      const json = await subset(path);
      expect(json.savedGroups).toBeUndefined();
      const text = JSON.stringify(json);
      for (const hidden of ['hash-of-', 'savedGroups', '$inGroup', '$notInGroup', 'traits.', 'vip-promo', 'VIP-ONLY-TEXT', 'hero-footer', 'gold-offer', 'GOLD-ONLY-TEXT']) {
        expect(text).not.toContain(hidden);
      }
    }
  });

  it('never shows drafts or paused campaigns, nor what only they use', async () => {
    for (const path of ['/', '/shoes/boots', '/about', '/contact']) {
      const text = JSON.stringify(await subset(path));
      for (const hidden of ['draft-hero', 'DRAFT-SECRET', 'paused-promo', 'secret', 'spare', 'unused']) expect(text).not.toContain(hidden);
    }
  });

  it('lets the browser decide every campaign it is given exactly as the edge does', async () => {
    // The edge's config less the campaigns it alone decides (their audiences need ID lists or traits).
    const edgeOnly = new Set(['vip-promo', 'hero-footer', 'gold-offer']);
    const whole = fullConfig();
    const full = parseSiteConfig({ ...whole, campaigns: whole.campaigns.filter((c) => !edgeOnly.has(c.id)) });
    if (!full.ok) throw new Error(full.errors.join('; '));
    const edge = compileConfig(full.config);
    const contexts = (path: string) => [
      testContext(path),
      testContext(path, { geo: { country: 'DE', region: '', city: '', timezone: 'UTC' } }),
      testContext(path, { utm: { source: 'newsletter' } }),
    ];
    for (const path of ['/', '/shoes/boots', '/about', '/contact']) {
      const parsed = parseSiteConfig(await subset(path));
      if (!parsed.ok) throw new Error(parsed.errors.join('; '));
      const browser = compileConfig(parsed.config);
      for (const context of contexts(path)) {
        for (const visitorId of [null, 'visitor-aaaaaaaaaaaa', 'visitor-bbbbbbbbbbbb']) {
          const input = { visitorId, context, profile: emptyProfile(), now: Date.now() };
          expect(decideSlots(browser, input).slots).toEqual(decideSlots(edge, input).slots);
        }
      }
    }
  });

  it('is cacheable briefly and answers 304 to a matching ETag', async () => {
    const response = await call('/__sw/config?path=/');
    expect(response.headers.get('cache-control')).toBe('public, max-age=10');
    const etag = response.headers.get('etag') ?? '';
    expect(etag).toBe('"v4:/"');
    for (const ifNoneMatch of [etag, `W/${etag}`, `"v3:/", ${etag}`, '*']) {
      const cached = await call('/__sw/config?path=/', { headers: { 'if-none-match': ifNoneMatch } });
      expect(cached.status).toBe(304);
      expect(cached.headers.get('etag')).toBe(etag);
      expect(await cached.text()).toBe('');
    }
    expect((await call('/__sw/config?path=/shoes', { headers: { 'if-none-match': etag } })).status).toBe(200);
    resetConfigCache();
    await publish(fullConfig(5));
    const republished = await call('/__sw/config?path=/', { headers: { 'if-none-match': etag } });
    expect(republished.status).toBe(200);
    expect(republished.headers.get('etag')).toBe('"v5:/"');
  });

  it('keeps the ETag a valid header for any path', async () => {
    for (const [path, etag] of [
      ['/a\r\nx: y', '"v4:/a%0D%0Ax:%20y"'],
      ['/"quoted"', '"v4:/%22quoted%22"'],
      ['/schuhe/grün', '"v4:/schuhe/gr%C3%BCn"'],
    ]) {
      const response = await call(`/__sw/config?path=${encodeURIComponent(path!)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe(etag);
    }
  });

  it('answers 400 for a missing or relative path, 405 for other methods, 404 when nothing is published', async () => {
    for (const query of ['', '?path=', '?path=shoes', '?path=https://evil.test/', `?path=/${'x'.repeat(2000)}`]) {
      const response = await call(`/__sw/config${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/^path: /);
    }
    const post = await call('/__sw/config?path=/', { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');

    await env.CONFIG.delete(LIVE_POINTER_KEY);
    resetConfigCache();
    const response = await call('/__sw/config?path=/');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'nothing is published' });
  });
});
