import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_POINTER_KEY, snapshotKey } from '../src/config-keys.ts';
import { resetConfigCache } from '../src/config-store.ts';
import type { Env } from '../src/env.ts';
import { HOME, siteConfig } from './fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from './harness.ts';

const NEWSLETTER = '/?utm_source=newsletter';

function failingKv(get: () => Promise<string | null>): KVNamespace {
  return { get } as unknown as KVNamespace;
}

beforeEach(async () => {
  resetConfigCache();
  await env.CONFIG.delete(LIVE_POINTER_KEY);
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

describe('loading the live config', () => {
  it('serves the origin page unchanged, marked, when nothing is published', async () => {
    const response = await call(NEWSLETTER);
    expect(response.headers.get('x-slotwise-bypass')).toBe('not-published');
    expect(await response.text()).toBe(htmlPage(HOME));
  });

  it('serves the origin page when KV throws on a cold isolate', async () => {
    const response = await call(NEWSLETTER, {}, { CONFIG: failingKv(() => Promise.reject(new Error('KV down'))) });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-slotwise-bypass')).toBe('config-unavailable');
    expect(slot(await response.text(), 'hero').mark).toBeNull();
  });

  it('does not wait on a hanging KV longer than the budget, and recovers once KV answers again', async () => {
    await publish(siteConfig(1));
    const hanging = failingKv(() => new Promise(() => {}));
    const response = await call(NEWSLETTER, {}, { CONFIG: hanging, CONFIG_BUDGET_MS: '5' }, 'skip');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-slotwise-bypass')).toBe('config-unavailable');
    expect(slot(await response.text(), 'hero').mark).toBeNull();
    // The abandoned read must not block later refreshes forever.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const recovered = await call(NEWSLETTER);
    expect(slot(await recovered.text(), 'hero').mark).toBe('welcome:w');
  });

  it('keeps the last good config when KV starts failing', async () => {
    await publish(siteConfig(1));
    expect(slot(await (await call(NEWSLETTER)).text(), 'hero').mark).toBe('welcome:w');
    const overrides: Partial<Env> = { CONFIG: failingKv(() => Promise.reject(new Error('KV down'))), CONFIG_TTL_MS: '0' };
    const response = await call(NEWSLETTER, {}, overrides);
    expect(slot(await response.text(), 'hero').mark).toBe('welcome:w');
    expect(response.headers.get('x-slotwise')).toMatch(/config stale/);
  });

  it('picks up a newly published version on the next request after the TTL', async () => {
    await publish(siteConfig(1));
    await call(NEWSLETTER);
    const next = siteConfig(2);
    next.campaigns[0]!.variants[0]!.content = { hero: { kind: 'text', body: 'Version two' } };
    await publish(next);
    const response = await call(NEWSLETTER, {}, { CONFIG_TTL_MS: '0' });
    expect(slot(await response.text(), 'hero').html).toBe('Version two');
    expect(response.headers.get('x-slotwise')).toMatch(/^v2;/);
  });

  it('rejects a snapshot that is not JSON, fails validation, or lies about its version, keeping the last good', async () => {
    await publish(siteConfig(1));
    await call(NEWSLETTER);
    const broken = ['{not json', JSON.stringify({ ...siteConfig(2), campaigns: [{ id: 'x' }] }), JSON.stringify(siteConfig(7))];
    for (const text of broken) {
      await env.CONFIG.put(snapshotKey(2), text);
      await env.CONFIG.put(LIVE_POINTER_KEY, '2');
      const response = await call(NEWSLETTER, {}, { CONFIG_TTL_MS: '0' });
      expect(response.headers.get('x-slotwise')).toMatch(/^v1;/);
      expect(slot(await response.text(), 'hero').mark).toBe('welcome:w');
    }
  });

  it('never goes back to an older version than the one in memory', async () => {
    await publish(siteConfig(1));
    await publish(siteConfig(2));
    await call(NEWSLETTER);
    await env.CONFIG.put(LIVE_POINTER_KEY, '1');
    const response = await call(NEWSLETTER, {}, { CONFIG_TTL_MS: '0' });
    expect(response.headers.get('x-slotwise')).toMatch(/^v2;/);
  });
});
