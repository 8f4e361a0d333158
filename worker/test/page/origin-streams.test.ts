/**
 * A real origin that fails mid-body (issue 16): a corrupt gzip or br body, or a connection that
 * drops, must abort the response the Worker returns (so no cache or browser takes a cut-off page
 * for a complete one), and the isolate keeps serving. Uses the real origin of
 * hostile-origin.setup.mjs, so workerd itself decodes and reads the network.
 */
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, publish } from '../harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    hostileOrigin: string;
  }
}

const ORIGIN = inject('hostileOrigin');
const PAGE_LOAD = { accept: 'text/html', 'accept-encoding': 'identity', cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' };
const viaHostile = (path: string, headers: Record<string, string> = PAGE_LOAD) => call(path, { headers }, { ORIGIN });

/** How a body ends: read whole, or failed part-way. */
async function ending(response: Response): Promise<string> {
  try {
    await response.arrayBuffer();
    return 'complete';
  } catch {
    return 'aborted';
  }
}

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe('an origin body that fails part-way aborts the response', () => {
  const FAILURES = ['/bad-gzip', '/bad-br', '/half-gzip', '/reset', '/short'];

  it.each(FAILURES)('%s: a personalized page is aborted, not ended as if complete', async (path) => {
    const response = await viaHostile(`${path}?utm_source=newsletter`);
    expect(response.status).toBe(200);
    expect(await ending(response)).toBe('aborted');
  });

  it.each(FAILURES)('%s: a pass-through response is aborted, not ended as if complete', async (path) => {
    const response = await viaHostile(`${path}?type=bin`, { 'accept-encoding': 'identity' });
    expect(await ending(response)).toBe('aborted');
  });

  it('and the isolate keeps serving: health answers, the next page is personalized whole', async () => {
    for (const path of FAILURES) await ending(await viaHostile(`${path}?utm_source=newsletter`));
    expect((await call('/__sw/health')).status).toBe(200);
    const page = await (await viaHostile('/?utm_source=newsletter')).text();
    expect(page).toContain('Hello reader');
    expect(page.endsWith('</body></html>')).toBe(true);
  });
});

describe('what a real origin receives', () => {
  it('Accept-Encoding: br, gzip, whatever the client sent, and no debug token', async () => {
    for (const encoding of ['identity', 'gzip, deflate, br, zstd', 'zstd']) {
      const response = await call('/echo-headers?sw_debug=test-debug-token', { headers: { 'accept-encoding': encoding } }, { ORIGIN });
      const received = (await response.json()) as Record<string, string>;
      expect(received['accept-encoding']).toBe('br, gzip');
      expect(received.host).toBe(new URL(ORIGIN).host);
    }
  });
});
