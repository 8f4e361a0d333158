// The browser SDK: dist/sw.js bytes beside GrowthBook's and PostHog's browser SDKs bundled the
// same way for a minimal use, the main-thread time sw.js adds to the demo home page in Chromium
// (with vs without the script, same page, same visitor), and what persisting one event costs
// (sw.track until its IndexedDB transaction commits, beside a bare IndexedDB put).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { figure, median, remark, root } from './lib.mjs';

const SECTION = 'sdk';

const sizes = (bytes) => ({
  raw: bytes.length,
  gzip: gzipSync(bytes, { level: 9 }).length,
  brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
});

/** A minimal use of each SDK, bundled with esbuild --minify as a script tag would load it. */
const PEERS = {
  // The entry point itself, so its side effects stay (the package says sideEffects: false).
  'Slotwise (src/tag.ts, esbuild only)': { entry: join(root, 'packages', 'sdk', 'src', 'tag.ts') },
  '@growthbook/growthbook 1.8.0': `import { GrowthBook } from '@growthbook/growthbook';
const gb = new GrowthBook({ clientKey: 'sdk-bench', attributes: { id: 'visitor-1' }, trackingCallback: (e, r) => console.log(e.key, r.key) });
gb.init({ payload: { features: { hero: { defaultValue: false } } } }).then(() => { if (gb.isOn('hero')) document.body.dataset.hero = '1'; });`,
  'posthog-js 1.449.2': `import posthog from 'posthog-js';
posthog.init('phc_bench', { api_host: 'https://127.0.0.1' });
posthog.capture('add_to_cart', { sku: 'TR-01' });`,
};

async function bundle(source) {
  const result = await build({
    ...(typeof source === 'string' ? { stdin: { contents: source, resolveDir: root, loader: 'ts' } } : { entryPoints: [source.entry] }),
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2022',
    platform: 'browser',
    write: false,
    legalComments: 'none',
    logLevel: 'error',
  });
  return Buffer.from(result.outputFiles[0].contents);
}

export async function runSdkSizes() {
  console.log('\n== SDK size: dist/sw.js (esbuild + terser, as shipped) beside peers bundled with esbuild --minify ==');
  const sw = sizes(readFileSync(join(root, 'packages', 'sdk', 'dist', 'sw.js')));
  figure({ section: SECTION, name: 'sw.js raw', value: sw.raw, unit: 'B' });
  figure({ section: SECTION, name: 'sw.js gzip -9', value: sw.gzip, unit: 'B', budget: { text: '≤ 4 KB (4,096 B)', holds: sw.gzip <= 4096 } });
  figure({ section: SECTION, name: 'sw.js brotli', value: sw.brotli, unit: 'B' });
  for (const [name, source] of Object.entries(PEERS)) {
    const s = sizes(await bundle(source));
    for (const k of ['raw', 'gzip', 'brotli']) {
      figure({ section: SECTION, name: `${name} ${k === 'gzip' ? 'gzip -9' : k}`, value: s[k], unit: 'B', baseline: sw[k], baselineName: `sw.js ${k}` });
    }
  }
  // GrowthBook's own script-tag build, as published (what a site adds without a bundler).
  const auto = sizes(readFileSync(join(root, 'node_modules', '@growthbook', 'growthbook', 'dist', 'bundles', 'auto.min.js')));
  figure({
    section: SECTION,
    name: '@growthbook/growthbook auto.min.js gzip -9',
    value: auto.gzip,
    unit: 'B',
    baseline: sw.gzip,
    baselineName: 'sw.js gzip',
    note: 'their script-tag build',
  });
}

/** Milliseconds of samples whose running function comes from a script URL matching `url`. */
function selfTime(profile, url) {
  const matches = new Map(profile.nodes.map((n) => [n.id, url.test(n.callFrame.url)]));
  let us = 0;
  profile.samples.forEach((id, i) => {
    if (matches.get(id)) us += profile.timeDeltas[i + 1] ?? 0;
  });
  return us / 1000;
}

/** Main-thread time and long tasks on the demo home page, with vs without sw.js, for a consenting visitor. */
export async function runSdkBrowser(stackUrl, { loads = 12, events = 100 } = {}) {
  console.log('\n== SDK in Chromium: main-thread time on the demo home page, IndexedDB cost per event ==');
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const pageErrors = new Set();
    const measure = async (withSdk) => {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'sw_consent', value: 'granted', url: stackUrl }]);
      await context.addInitScript(() => {
        const w = window;
        w.__longTasks = [];
        try {
          new PerformanceObserver((list) => w.__longTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask', buffered: true });
        } catch {}
      });
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.add(e.message));
      if (!withSdk) await page.route('**/__sw/sw*.js', (route) => route.abort());
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      // A sampling CPU profile (both runs, so both carry its overhead): JS time by script URL.
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
      await cdp.send('Profiler.start');
      await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
      // The same fixed wait for both (polling for window.sw would itself cost DevTools time):
      // room for the SDK's start (IndexedDB read, first save, exposure beacon) to finish.
      await page.waitForTimeout(800);
      const { profile } = await cdp.send('Profiler.stop');
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const longTasks = await page.evaluate(() => window.__longTasks);
      await context.close();
      if (process.env.SW_BENCH_DEBUG)
        console.log(
          withSdk,
          JSON.stringify(
            Object.fromEntries(
              Object.entries(m)
                .filter(([k]) => /Duration|Nodes|Listeners/.test(k))
                .map(([k, v]) => [k, k.endsWith('Duration') ? +(v * 1000).toFixed(1) : v]),
            ),
          ),
        );
      return {
        swJs: selfTime(profile, /\/__sw\/sw[\w-]*\.m?js/),
        pageJs: selfTime(profile, /\/static\/store\.js/),
        task: (m.TaskDuration - m.DevToolsCommandDuration) * 1000,
        script: m.ScriptDuration * 1000,
        layout: (m.LayoutDuration + m.RecalcStyleDuration) * 1000,
        longTasks: longTasks.length,
        blocking: longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0),
      };
    };
    const runs = { with: [], without: [] };
    if (pageErrors.size) remark(SECTION, `page errors during the loads (figures may not mean what they say): ${[...pageErrors].join('; ')}`);
    await measure(true);
    await measure(false); // warm caches for both
    for (let i = 0; i < loads; i++) {
      for (const withSdk of i % 2 ? [true, false] : [false, true]) runs[withSdk ? 'with' : 'without'].push(await measure(withSdk));
    }
    const med = (k, key) => median(runs[k].map((r) => r[key]));
    figure({ section: SECTION, name: 'main-thread task time, page without sw.js', value: med('without', 'task'), unit: 'ms', digits: 1 });
    figure({
      section: SECTION,
      name: 'main-thread task time, page with sw.js',
      value: med('with', 'task'),
      unit: 'ms',
      digits: 1,
      baseline: med('without', 'task'),
      baselineName: 'without sw.js',
      note: `+${(med('with', 'task') - med('without', 'task')).toFixed(1)} ms`,
    });
    figure({
      section: SECTION,
      name: 'script time, page with sw.js',
      value: med('with', 'script'),
      unit: 'ms',
      digits: 1,
      baseline: med('without', 'script'),
      baselineName: 'without sw.js',
      note: `+${(med('with', 'script') - med('without', 'script')).toFixed(1)} ms`,
    });
    figure({
      section: SECTION,
      name: 'JS time in sw.js and its chunks (CPU profile)',
      value: med('with', 'swJs'),
      unit: 'ms',
      digits: 1,
      baseline: med('with', 'pageJs'),
      baselineName: "the page's store.js, same loads",
    });
    figure({
      section: SECTION,
      name: 'style + layout time, page with sw.js',
      value: med('with', 'layout'),
      unit: 'ms',
      digits: 1,
      baseline: med('without', 'layout'),
      baselineName: 'without sw.js',
    });
    figure({
      section: SECTION,
      name: 'long tasks (> 50 ms), page with sw.js',
      value: med('with', 'longTasks'),
      unit: '',
      digits: 1,
      baseline: med('without', 'longTasks'),
      baselineName: 'without sw.js',
    });
    figure({
      section: SECTION,
      name: 'blocking time (long tasks beyond 50 ms), with sw.js',
      value: med('with', 'blocking'),
      unit: 'ms',
      digits: 1,
      baseline: med('without', 'blocking'),
      baselineName: 'without sw.js',
    });
    remark(
      SECTION,
      `(${loads} loads each, alternating, a consenting visitor, medians; CDP Performance.getMetrics: TaskDuration less DevTools' own commands, ScriptDuration, LayoutDuration + RecalcStyleDuration, and a 0.1 ms sampling CPU profile for the JS time by script; the page's own store.js runs in both; sw.js and its chunks blocked in the baseline)`,
    );

    // IndexedDB: each sw.track until the SDK's readwrite transaction commits, beside a bare put.
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sw_consent', value: 'granted', url: stackUrl }]);
    await context.addInitScript(() => {
      const w = window;
      w.__txDone = 0;
      w.__txWaiters = [];
      const original = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) {
        const tx = original.apply(this, args);
        if (args[1] === 'readwrite' && this.name === 'slotwise') {
          tx.addEventListener('complete', () => {
            w.__txDone++;
            w.__txWaiters.splice(0).forEach((fn) => fn());
          });
        }
        return tx;
      };
    });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
    try {
      await page.waitForFunction(() => typeof window.sw?.profile === 'function', undefined, { timeout: 10_000 });
    } catch {
      remark(SECTION, `IndexedDB cost not measured: sw.js did not start on the demo page (${errors.join('; ') || 'no window.sw after 10 s'})`);
      await context.close();
      return;
    }
    await page.evaluate(() => window.sw.profile());
    await page.waitForTimeout(300);
    const result = await page.evaluate(async (n) => {
      const w = window;
      const committed = (before) => new Promise((resolve) => (w.__txDone > before ? resolve() : w.__txWaiters.push(resolve)));
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('bench-baseline', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const sdk = [];
      const sync = [];
      const bare = [];
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < n / 2; i++) {
          const before = w.__txDone;
          const t0 = performance.now();
          w.sw.track('view_item', { sku: `TR-${i}`, price: 89, category: 'shoes' });
          sync.push(performance.now() - t0);
          await committed(before);
          sdk.push(performance.now() - t0);
        }
        for (let i = 0; i < n / 2; i++) {
          const t0 = performance.now();
          await new Promise((resolve, reject) => {
            const tx = db.transaction('kv', 'readwrite');
            tx.objectStore('kv').put({ id: `e${round}-${i}`, type: 'view_item', ts: Date.now(), props: { sku: `TR-${i}`, price: 89, category: 'shoes' } }, `e${round}-${i}`);
            tx.oncomplete = resolve;
            tx.onerror = () => reject(tx.error);
          });
          bare.push(performance.now() - t0);
        }
      }
      db.close();
      indexedDB.deleteDatabase('bench-baseline');
      return { sdk, sync, bare };
    }, events);
    await context.close();
    // Means, not medians: the page's clock is coarsened to 0.1 ms.
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    figure({ section: SECTION, name: 'IndexedDB put of one event, bare (mean)', value: mean(result.bare), unit: 'ms', digits: 2 });
    figure({
      section: SECTION,
      name: 'sw.track → committed to IndexedDB (mean)',
      value: mean(result.sdk),
      unit: 'ms',
      digits: 2,
      baseline: mean(result.bare),
      baselineName: 'bare put',
      note: `${events} events; each save writes state, history, outbox and seen`,
    });
    figure({
      section: SECTION,
      name: 'sw.track, synchronous part (mean)',
      value: mean(result.sync) * 1000,
      unit: 'µs',
      digits: 0,
      baseline: mean(result.bare) * 1000,
      baselineName: 'bare put',
    });
  } finally {
    await browser.close();
  }
}
