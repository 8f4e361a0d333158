// The editor's first load (issue 23, item 6) on a throttled profile: the CPU slowed 4× and the
// network at DevTools' "Fast 3G" preset, a fresh browser context each time (nothing cached):
// the time until the sign-in screen is interactive, then from "Sign in" until the Site view's
// frame shows the site with its slots outlined (the SDK's edit mode ran inside it). Printed
// beside the editor's bundle sizes (gzip -9) and what the first load fetched.
//
//   npm run bench -- --only=editor
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { figure, fmt, median, remark, root } from './lib.mjs';

const SECTION = 'editor';
const CPU_SLOWDOWN = 4;
/** Chrome DevTools' "Fast 3G" preset (the figures its network panel uses). */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: ((1.6 * 1024 * 1024) / 8) * 0.9, uploadThroughput: ((750 * 1024) / 8) * 0.9 };
const ACCOUNT = { name: 'Bench', password: 'bench-editor-password', role: 'admin' };

/** The editor's built files (editor/dist), raw and gzip -9. */
function bundleSizes() {
  const dir = join(root, 'editor', 'dist');
  const files = ['index.html', ...readdirSync(join(dir, 'assets')).map((f) => `assets/${f}`)];
  return files.map((file) => {
    const bytes = readFileSync(join(dir, file));
    return { file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

export async function runEditorLoad(stackUrl, adminPassword, { loads = 3 } = {}) {
  console.log(`\n== The editor's first load, CPU ${CPU_SLOWDOWN}× slower and Fast 3G, nothing cached ==`);
  const sizes = bundleSizes();
  for (const { file, raw, gzip } of sizes) {
    figure({ section: SECTION, name: `editor bundle ${file.replace(/-[\w-]{8}\./, '.')} gzip -9`, value: gzip, unit: 'B', note: `${fmt(raw)} B raw` });
  }
  const created = await fetch(`${stackUrl}/__sw/admin/accounts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${adminPassword}`, 'content-type': 'application/json' },
    body: JSON.stringify(ACCOUNT),
  });
  if (created.status !== 201 && created.status !== 409) throw new Error(`creating the bench's editor account: ${created.status} ${await created.text()}`);

  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const runs = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      const started = Date.now();
      await page.goto(`${stackUrl}/__sw/editor/`, { waitUntil: 'commit' });
      const name = page.locator('input[autocomplete="username"]');
      await name.waitFor({ state: 'visible', timeout: 120_000 });
      // Interactive: the form takes input (Preact has attached its handlers once the typed name enables the button).
      await name.fill(ACCOUNT.name);
      await page.locator('input[type="password"]').fill(ACCOUNT.password);
      const submit = page.getByRole('button', { name: 'Sign in' });
      await submit.waitFor({ state: 'visible' });
      const signInReady = Date.now() - started;
      const clicked = Date.now();
      await submit.click();
      await page.frameLocator('iframe.site-frame').locator('[data-slot][data-sw-edit]').first().waitFor({ state: 'visible', timeout: 180_000 });
      const siteReady = Date.now() - clicked;
      const fetched = await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .concat(performance.getEntriesByType('navigation'))
          .filter((e) => new URL(e.name).pathname.startsWith('/__sw/editor'))
          .reduce((s, e) => s + (e.transferSize || 0), 0),
      );
      runs.push({ signInReady, siteReady, fetched });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const med = (key) => median(runs.map((r) => r[key]));
  const jsGzip = sizes.filter((s) => s.file.endsWith('.js')).reduce((a, s) => a + s.gzip, 0);
  figure({
    section: SECTION,
    name: 'editor: sign-in screen interactive, first load',
    value: med('signInReady'),
    unit: 'ms',
    note: `CPU ${CPU_SLOWDOWN}×, Fast 3G; median of ${loads}`,
  });
  figure({
    section: SECTION,
    name: 'editor: Sign in → Site view with the frame ready',
    value: med('siteReady'),
    unit: 'ms',
    baseline: med('signInReady'),
    baselineName: 'sign-in screen',
    note: 'the site in the frame, its slots outlined by the SDK’s edit mode',
  });
  figure({
    section: SECTION,
    name: 'editor: bytes fetched from /__sw/editor until the Site view was ready',
    value: med('fetched'),
    unit: 'B',
    baseline: jsGzip,
    baselineName: 'all editor JS, gzip -9',
  });
  remark(SECTION, `editor first loads (sign-in ms / site ms): ${runs.map((r) => `${r.signInReady} / ${r.siteReady}`).join('; ')}`);
}
