import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, stubOrigin } from './harness.ts';

afterEach(() => vi.restoreAllMocks());

describe("Slotwise's own routes", () => {
  it('serves the SDK script from the build', async () => {
    const response = await call('/__sw/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(await response.text()).toContain('sw_consent');
  });

  it('serves the editor app, including for its client-side routes', async () => {
    expect((await call('/__sw/editor')).status).toBe(301);
    for (const path of ['/__sw/editor/', '/__sw/editor/campaigns/42']) {
      const response = await call(path);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="app">');
    }
  });

  it('serves every SDK chunk from the Worker’s own bundle, revalidated by ETag, never through the origin', async () => {
    const seen = stubOrigin(() => new Response('origin'));
    for (const file of ['sw.js', 'sw-decide.mjs', 'sw-edit.js', 'sw-send.mjs', 'sw-fold.mjs']) {
      const response = await call(`/__sw/${file}`);
      expect(response.status).toBe(200);
      // A JavaScript type, or the browser refuses to run sw-decide.mjs, sw-send.mjs and sw-fold.mjs as modules.
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      const etag = response.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
      const again = await call(`/__sw/${file}`, { headers: { 'if-none-match': `W/${etag}, "other"` } });
      expect(again.status).toBe(304);
      expect(await again.text()).toBe('');
    }
    const head = await call('/__sw/sw.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    expect((await call('/__sw/sw.js', { method: 'POST' })).status).toBe(405);
    expect(seen).toHaveLength(0);
  });

  it('caches the editor’s hashed bundles for good and its shell not at all; a missing bundle is a 404', async () => {
    const shell = await (await call('/__sw/editor/')).text();
    const bundle = /src="(\/__sw\/editor\/assets\/[^"]+\.js)"/.exec(shell)?.[1];
    expect(bundle).toBeDefined();
    const js = await call(bundle!);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await call('/__sw/editor/')).headers.get('cache-control')).toBe('no-cache');
    expect((await call('/__sw/editor/assets/missing.js')).status).toBe(404);
  });

  it('answers unknown Slotwise routes with a 404 that names the path, without touching the origin', async () => {
    const seen = stubOrigin(() => new Response('origin'));
    const response = await call('/__sw/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'unknown Slotwise route /__sw/nope' });
    expect(seen).toHaveLength(0);
  });
});
