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

  it('answers unknown Slotwise routes with a 404 that names the path, without touching the origin', async () => {
    const seen = stubOrigin(() => new Response('origin'));
    const response = await call('/__sw/nope');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'unknown Slotwise route /__sw/nope' });
    expect(seen).toHaveLength(0);
  });
});
