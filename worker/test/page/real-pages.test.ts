/**
 * Fidelity on real pages (issue 23): the HTML files shipped in the npm packages installed here,
 * which this project did not write, served by a real origin (hostile-origin.setup.mjs) with a
 * Content-Length, gzip-encoded and chunked. Through the Worker each comes back byte for byte as
 * the origin sent it, except for the one documented change: the SDK tag, at the end of <head>,
 * or at the end of a page without a </head>.
 */
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, publish } from '../harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    realPages: { name: string; html: string }[];
  }
}

const ORIGIN = inject('hostileOrigin');
const PAGES = inject('realPages');
const PAGE_LOAD = { accept: 'text/html', 'accept-encoding': 'gzip', cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' };
const SDK_TAG = /<script async src="\/__sw\/sw\.js" data-sw-edge="1" data-sw-consent="required" data-sw-geo=""><\/script>/g;

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});

describe('real pages from installed npm packages', () => {
  it('are there to test: several, one of them without a <head>', () => {
    expect(PAGES.length).toBeGreaterThanOrEqual(5);
    expect(PAGES.some((p) => !/<head[\s>]/i.test(p.html))).toBe(true);
  });

  for (const as of ['identity', 'gzip', 'chunked']) {
    it(`come back byte-identical but for the SDK tag, served ${as}`, async () => {
      for (const [i, page] of PAGES.entries()) {
        const response = await call(`/real?page=${i}&as=${as}`, { headers: PAGE_LOAD }, { ORIGIN });
        expect(response.status, page.name).toBe(200);
        expect(response.headers.get('x-slotwise'), page.name).toMatch(/^v1;/);
        const text = await response.text();
        expect(text.match(SDK_TAG), `${page.name}: one SDK tag`).toHaveLength(1);
        expect(text.replace(SDK_TAG, ''), page.name).toBe(page.html);
        const at = text.search(SDK_TAG);
        const headEnd = page.html.search(/<\/head\s*>/i);
        // At the end of <head>, or at the end of a page that has none.
        if (headEnd >= 0) expect(text.slice(at).replace(SDK_TAG, ''), page.name).toBe(page.html.slice(headEnd));
        else expect(at, page.name).toBe(page.html.length);
      }
    });
  }
});
