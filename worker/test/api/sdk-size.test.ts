/**
 * The SDK's size budget (DESIGN.md: sw.js ≤ 4 KB gzip) on the bytes a browser gets: the script
 * as the Worker serves it, not the build file (packages/sdk/src/size.test.ts checks that one, at
 * gzip -9). workerd's gzip runs at zlib's default level, a few bytes larger than -9, so this
 * check is the stricter of the two.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../harness.ts';

const BUDGET_GZIP_BYTES = 4096;

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const compressed = new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip')));
  return (await compressed.arrayBuffer()).byteLength;
}

describe('sw.js as served by the Worker', () => {
  it(`is within ${BUDGET_GZIP_BYTES} bytes gzip`, async () => {
    const response = await call('/__sw/sw.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    // Served as it is; the edge compresses it for the browser.
    expect(response.headers.get('content-encoding')).toBeNull();
    const served = new Uint8Array(await response.arrayBuffer());
    expect(new TextDecoder().decode(served)).toContain('sw_consent');
    const gzip = await gzipSize(served);
    expect(gzip).toBeGreaterThan(500);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it("starts, as its collection chunk does, with V8's compile hint, so Chromium compiles them while they load instead of on the page's main thread; the chunks only some pages use, whose functions mostly never run, do not", async () => {
    const hint = '//# allFunctionsCalledOnLoad\n';
    for (const [file, hinted] of [
      ['sw.js', true],
      ['sw-fold.mjs', true],
      ['sw-decide.mjs', false],
      ['sw-send.mjs', false],
    ] as const) {
      const response = await call(`/__sw/${file}`);
      expect(response.status).toBe(200);
      // Only the file's first line counts as the hint.
      expect((await response.text()).startsWith(hint), file).toBe(hinted);
    }
  });

  it('leaves profile folding to the lazy chunk it imports, which the Worker serves too', async () => {
    const script = await (await call('/__sw/sw.js')).text();
    expect(script).toContain('/__sw/sw-');
    expect(script).not.toContain('clearance');
    const fold = await call('/__sw/sw-fold.mjs');
    expect(fold.status).toBe(200);
    expect(fold.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await fold.text()).toContain('clearance');
  });
});
