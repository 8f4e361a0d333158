import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_POINTER_KEY } from '../../src/config/keys.ts';
import { signSnapshot } from '../../src/config/signature.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import type { Env } from '../../src/env.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, putSnapshot, signBytes, slot, stubOrigin } from '../harness.ts';

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
      await putSnapshot(2, text);
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

describe('signed snapshots', () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  /** Publishes v1, then offers v2 as `store` writes it; the page must stay on v1, with a console error naming why. */
  async function offerV2(store: () => Promise<void>, reason: RegExp): Promise<void> {
    await publish(siteConfig(1));
    expect(slot(await (await call(NEWSLETTER)).text(), 'hero').mark).toBe('welcome:w');
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    await store();
    await env.CONFIG.put(LIVE_POINTER_KEY, '2');
    const response = await call(NEWSLETTER, {}, { CONFIG_TTL_MS: '0' });
    expect(response.headers.get('x-slotwise')).toMatch(/^v1;/);
    expect(slot(await response.text(), 'hero').mark).toBe('welcome:w');
    expect(errors.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringMatching(reason));
    errors.mockRestore();
  }

  const v2 = () => {
    const next = siteConfig(2);
    next.campaigns[0]!.variants[0]!.content = { hero: { kind: 'html', body: '<b>Unsanitized v2</b>' } };
    return JSON.stringify(next);
  };

  it('rejects an unsigned snapshot whole', async () => {
    await offerV2(() => putSnapshot(2, v2(), null), /^slotwise: snapshot v2 rejected: unsigned/);
  });

  it('rejects a snapshot signed with another key, or whose bytes changed after signing', async () => {
    await offerV2(async () => putSnapshot(2, v2(), await signBytes(utf8(v2()), 'some other key')), /snapshot v2 rejected: wrong signature/);
    resetConfigCache();
    await offerV2(async () => putSnapshot(2, v2().replace('Unsanitized', 'Tampered!!'), await signBytes(utf8(v2()))), /snapshot v2 rejected: wrong signature/);
  });

  it('rejects a malformed signature', async () => {
    for (const sig of ['hmac-sha256:xyz', 'sha1:' + '0'.repeat(64), 'hmac-sha256:' + '0'.repeat(64)]) {
      resetConfigCache();
      await offerV2(() => putSnapshot(2, v2(), sig), /snapshot v2 rejected: (malformed|wrong) signature/);
    }
  });

  it('rejects a correctly signed snapshot that is not valid UTF-8', async () => {
    const text = utf8(v2());
    const bytes = new Uint8Array([...text.slice(0, 20), 0xff, 0xfe, ...text.slice(20)]);
    await offerV2(() => putSnapshot(2, bytes), /snapshot v2 is not valid UTF-8 JSON/);
  });

  it('rejects an older snapshot replayed under a newer version number', async () => {
    const old = JSON.stringify(siteConfig(1));
    await offerV2(async () => putSnapshot(2, old, await signBytes(utf8(old))), /snapshot under v2 says version 1/);
  });

  it('uses a snapshot the publisher signed, in the documented format', async () => {
    const value = v2();
    const sig = await signSnapshot(env, value);
    expect(sig).toBe(await signBytes(utf8(value)));
    expect(sig).toMatch(/^hmac-sha256:[0-9a-f]{64}$/);
    await putSnapshot(2, value, sig);
    await env.CONFIG.put(LIVE_POINTER_KEY, '2');
    const response = await call(NEWSLETTER);
    expect(response.headers.get('x-slotwise')).toMatch(/^v2;/);
    expect(slot(await response.text(), 'hero').html).toBe('<b>Unsanitized v2</b>');
  });

  it('without CONFIG_SIGNING_KEY, derives the key from ADMIN_PASSWORD', async () => {
    const value = JSON.stringify(siteConfig(1));
    await putSnapshot(1, value, await signBytes(utf8(value), `slotwise-config:${env.ADMIN_PASSWORD}`));
    await env.CONFIG.put(LIVE_POINTER_KEY, '1');
    const derived = await call(NEWSLETTER, {}, { CONFIG_SIGNING_KEY: '' });
    expect(slot(await derived.text(), 'hero').mark).toBe('welcome:w');
    // The configured key does not accept what the derived one signed.
    resetConfigCache();
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const keyed = await call(NEWSLETTER);
    expect(keyed.headers.get('x-slotwise-bypass')).toBe('config-rejected');
  });

  it('with neither secret set, uses no config and says how to fix it', async () => {
    await publish(siteConfig(1));
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await call(NEWSLETTER, {}, { CONFIG_SIGNING_KEY: '', ADMIN_PASSWORD: '' });
    expect(await response.text()).toBe(htmlPage(HOME));
    expect(response.headers.get('x-slotwise-bypass')).toBe('config-rejected');
    expect(errors.mock.calls.map((c) => String(c[0]))).toContainEqual(expect.stringMatching(/set the CONFIG_SIGNING_KEY secret/));
  });
});
