import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import type { Env } from '../../src/env.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, stubOrigin } from '../harness.ts';

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(HOME), { headers: { 'x-origin': 'yes', 'cache-control': 'public, max-age=60' } }));
});
afterEach(() => vi.restoreAllMocks());

describe('failing open', () => {
  it('returns the origin page unchanged when Slotwise code throws while preparing the page', async () => {
    const broken = {} as Partial<Env>;
    Object.defineProperty(broken, 'DEV_OVERRIDES', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const response = await call('/?utm_source=newsletter', { headers: { cookie: 'sw_consent=granted' } }, broken);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(htmlPage(HOME));
    expect(response.headers.get('x-slotwise-bypass')).toBe('error');
    expect(response.headers.get('x-origin')).toBe('yes');
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    expect(response.headers.get('set-cookie')).toBeNull();
  });
});
