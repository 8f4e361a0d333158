/**
 * The version list offers only what the edge would use (issue 16): a snapshot whose signature
 * fails (changed after signing, unsigned, signed with another key) is not listed.
 */
import { testConfig } from '../../../packages/core/src/testing.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, env, html, htmlPage, putSnapshot, signBytes, stubOrigin, resetPublishedState } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
const api = (path: string, init: RequestInit = {}) => call(`/__sw/admin${path}`, { ...init, headers: KEY });

beforeEach(async () => {
  await resetPublishedState();
  stubOrigin(() => html(htmlPage('<div data-slot="hero">Default hero</div>')));
});
afterEach(() => vi.restoreAllMocks());

describe('GET /__sw/admin/versions', () => {
  it('lists only snapshots whose signature checks out', async () => {
    for (const note of ['one', 'two']) {
      expect((await api('/draft', { method: 'PUT', body: JSON.stringify(testConfig()) })).status).toBe(200);
      expect((await api('/publish', { method: 'POST', body: JSON.stringify({ note }) })).status).toBe(200);
    }
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const { value, metadata } = await env.CONFIG.getWithMetadata<Record<string, unknown>>('config/1');
    // Changed after signing, unsigned, signed with another key: none of these is what the Admin API published.
    await env.CONFIG.put('config/1', `${value ?? ''} `, { metadata });
    const forged = JSON.stringify(testConfig({ version: 3 }));
    await putSnapshot(3, forged, null);
    await putSnapshot(4, JSON.stringify(testConfig({ version: 4 })), await signBytes(new TextEncoder().encode(JSON.stringify(testConfig({ version: 4 }))), 'another-key'));
    const list = (await (await api('/versions')).json()) as { live: number; versions: { version: number; note: string; live: boolean }[] };
    expect(list.versions.map((v) => [v.version, v.note, v.live])).toEqual([[2, 'two', true]]);
    expect(list.live).toBe(2);
  });
});
