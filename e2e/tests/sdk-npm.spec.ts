/**
 * The npm build on a page the Worker serves, beside the script tag the Worker writes into it:
 * one instance runs, whichever of the two starts first, with the options the Worker wrote on
 * its tag. The npm build is bundled here as a site would (esbuild, code splitting).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Page, expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { CONSENT_COOKIE } from '@slotwise/core/protocol';
import { sdkReady } from './helpers.ts';

let outdir = '';

test.beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'sw-npm-'));
  const entry = join(outdir, 'entry.ts');
  writeFileSync(
    entry,
    `import { createSlotwise } from '@slotwise/sdk';
(window as any).npmSw = createSlotwise();
(window as any).npmSwAgain = createSlotwise();
`,
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: join(outdir, 'app'),
    target: 'es2022',
    logLevel: 'silent',
    // Resolved from this repository's workspaces, as from a site's own node_modules.
    nodePaths: [join(import.meta.dirname, '..', '..', 'node_modules')],
  });
});

test.afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const BUNDLE = '/npm-app/entry.js';

/**
 * Serves the bundle at /npm-app/. `npmFirst`: the page loads it as a module and sw.js waits
 * until the bundle has started; otherwise the bundle is added once the script tag has run.
 */
async function withNpmBundle(page: Page, npmFirst: boolean): Promise<void> {
  await page.route('**/npm-app/**', (route) =>
    route.fulfill({
      contentType: 'text/javascript',
      body: readFileSync(join(outdir, 'app', new URL(route.request().url()).pathname.replace('/npm-app/', ''))),
    }),
  );
  if (!npmFirst) return;
  let release = () => {};
  const npmStarted = new Promise<void>((resolve) => (release = resolve));
  await page.exposeFunction('npmStarted', release);
  await page.route('**/__sw/sw.js', async (route) => {
    await npmStarted;
    await route.continue();
  });
  await page.route(
    (url) => url.pathname === '/',
    async (route) => {
      const response = await route.fetch();
      const html = (await response.text()).replace('</head>', `<script type="module">import '${BUNDLE}'; window.npmStarted();</script></head>`);
      await route.fulfill({ response, body: html });
    },
  );
}

const configRequests = (page: Page) => {
  const seen: string[] = [];
  page.on('request', (r) => r.url().includes('/__sw/config') && seen.push(r.url()));
  return seen;
};

for (const first of ['the npm build', 'the script tag'] as const) {
  test(`when ${first} starts first, the page runs one instance with the Worker's options`, async ({ page, context }) => {
    await context.addCookies([{ name: CONSENT_COOKIE, value: 'granted', url: test.info().project.use.baseURL! }]);
    const npmFirst = first === 'the npm build';
    await withNpmBundle(page, npmFirst);
    const config = configRequests(page);
    if (npmFirst) {
      // Until the bundle has started, sw.js is held; it then runs and must stand down.
      await page.goto('/');
    } else {
      await page.goto('/');
      await page.waitForFunction(() => typeof (window as any).sw?.track === 'function');
      await page.addScriptTag({ type: 'module', url: BUNDLE });
    }
    await page.waitForFunction(() => (window as any).npmSw !== undefined && document.readyState === 'complete');
    const same = await page.evaluate(() => {
      const w = window as any;
      return w.sw === w.npmSw && w.npmSwAgain === w.npmSw && typeof w.sw.track === 'function';
    });
    expect(same).toBe(true);
    await sdkReady(page);
    // Two instances would each record this page view and fold the other's (BroadcastChannel).
    expect((await page.evaluate(() => (window as any).sw.profile())).pageviews).toBe(1);
    // The Worker rendered this page and said so on its tag: nothing is decided again in the browser.
    const undecided = await page.locator('[data-slot]:not([data-sw-v])').count();
    expect(undecided).toBeGreaterThan(0);
    expect(config).toEqual([]);
  });
}
