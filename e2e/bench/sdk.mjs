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

/** Milliseconds of samples whose running function comes from each script URL matching `url` (its file name). */
function selfTimeByScript(profile, url) {
  const files = new Map(profile.nodes.map((n) => [n.id, url.exec(n.callFrame.url)?.[1] ?? null]));
  const ms = {};
  profile.samples.forEach((id, i) => {
    const file = files.get(id);
    if (file) ms[file] = (ms[file] ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000;
  });
  return ms;
}

const sum = (values) => values.reduce((a, b) => a + b, 0);
/** The SDK's own scripts: sw.js and its lazy chunks. */
const SDK_SCRIPT = /\/__sw\/(sw[\w-]*\.m?js)/;

/**
 * The browser APIs sw.js calls synchronously on a page load, each call timed around itself from an
 * init script (calls made by the page's own scripts are not counted): the first `document.cookie`
 * read of a page, and any read after a write, wait for the browser's cookie store; IndexedDB
 * clones what it stores; a BroadcastChannel binds to the browser. Medians over `loads` fresh visits.
 */
async function syncApiTimes(browser, stackUrl, loads) {
  const runs = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sw_consent', value: 'granted', url: stackUrl }]);
    await context.addInitScript(() => {
      const times = (window.__swApi = {});
      const fromSdk = () => /\/__sw\/sw/.test(new Error().stack ?? '');
      const timed = (label, fn) =>
        function (...args) {
          if (!fromSdk()) return fn.apply(this, args);
          const started = performance.now();
          try {
            return fn.apply(this, args);
          } finally {
            const t = (times[label] ??= { ms: 0, calls: 0 });
            t.ms += performance.now() - started;
            t.calls++;
          }
        };
      const wrap = (proto, name, label, setLabel) => {
        const d = Object.getOwnPropertyDescriptor(proto, name);
        if (d.value) Object.defineProperty(proto, name, { ...d, value: timed(label, d.value) });
        else Object.defineProperty(proto, name, { ...d, get: d.get && timed(label, d.get), set: d.set && timed(setLabel ?? label, d.set) });
      };
      wrap(Document.prototype, 'cookie', 'document.cookie read', 'document.cookie write');
      wrap(IDBFactory.prototype, 'open', 'IndexedDB open');
      wrap(IDBDatabase.prototype, 'transaction', 'IndexedDB transaction');
      wrap(IDBObjectStore.prototype, 'put', 'IndexedDB put (clones the value)');
      wrap(IDBObjectStore.prototype, 'get', 'IndexedDB get');
      wrap(BroadcastChannel.prototype, 'postMessage', 'BroadcastChannel post');
      const Channel = window.BroadcastChannel;
      window.BroadcastChannel = new Proxy(Channel, { construct: (target, args) => timed('new BroadcastChannel', () => new target(...args))() });
    });
    const page = await context.newPage();
    await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
    await page.waitForTimeout(800);
    runs.push(await page.evaluate(() => window.__swApi));
    await context.close();
  }
  const apis = [...new Set(runs.flatMap((r) => Object.keys(r)))].sort();
  return Object.fromEntries(apis.map((api) => [api, { ms: median(runs.map((r) => r[api]?.ms ?? 0)), calls: median(runs.map((r) => r[api]?.calls ?? 0)) }]));
}

/**
 * Main-thread time on the demo home page with vs without sw.js, for a consenting visitor (issue 23,
 * item 6: ≤ 10 ms added). The headline loads run without a profiler attached (CDP
 * Performance.getMetrics only), at full speed and with the CPU throttled 4×; separate profiled
 * loads say where the SDK's JavaScript time goes, by script.
 */
export async function runSdkBrowser(stackUrl, { loads = 12, profiledLoads = 6, events = 100 } = {}) {
  console.log('\n== SDK in Chromium: main-thread time on the demo home page, IndexedDB cost per event ==');
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  try {
    const pageErrors = new Set();
    const measure = async (withSdk, { cpu = 1, profile = false } = {}) => {
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
      if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
      if (profile) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
      // The same fixed wait for both (polling for window.sw would itself cost DevTools time):
      // room for the SDK's start (IndexedDB read, first save, exposure beacon) to finish.
      await page.waitForTimeout(800 * cpu);
      const byScript = profile ? selfTimeByScript((await cdp.send('Profiler.stop')).profile, /\/(__sw\/sw[\w-]*\.m?js|static\/store\.js)/) : {};
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const { longTasks, chunks } = await page.evaluate((sdk) => {
        const re = new RegExp(sdk);
        const loaded = performance.getEntriesByType('resource').flatMap((e) => re.exec(e.name)?.[1] ?? []);
        return { longTasks: window.__longTasks, chunks: loaded };
      }, SDK_SCRIPT.source);
      await context.close();
      return {
        byScript,
        chunks,
        task: (m.TaskDuration - m.DevToolsCommandDuration) * 1000,
        script: m.ScriptDuration * 1000,
        layout: (m.LayoutDuration + m.RecalcStyleDuration) * 1000,
        longTasks: longTasks.length,
        blocking: longTasks.reduce((s, d) => s + Math.max(0, d - 50), 0),
      };
    };
    const pairs = async (n, options) => {
      const runs = { with: [], without: [] };
      await measure(true, options);
      await measure(false, options); // warm caches for both
      for (let i = 0; i < n; i++) {
        for (const withSdk of i % 2 ? [true, false] : [false, true]) runs[withSdk ? 'with' : 'without'].push(await measure(withSdk, options));
      }
      return runs;
    };
    const med = (runs, k, key) => median(runs[k].map((r) => r[key]));
    const added = (runs, key) => med(runs, 'with', key) - med(runs, 'without', key);

    for (const cpu of [1, 4]) {
      const runs = await pairs(loads, { cpu });
      const profileName = cpu === 1 ? '' : `, CPU throttled ${cpu}×`;
      figure({ section: SECTION, name: `main-thread task time, page without sw.js${profileName}`, value: med(runs, 'without', 'task'), unit: 'ms', digits: 1 });
      figure({
        section: SECTION,
        name: `main-thread task time, page with sw.js${profileName}`,
        value: med(runs, 'with', 'task'),
        unit: 'ms',
        digits: 1,
        baseline: med(runs, 'without', 'task'),
        baselineName: 'without sw.js',
      });
      figure({
        section: SECTION,
        name: `main-thread task time added by sw.js${profileName}`,
        value: added(runs, 'task'),
        unit: 'ms',
        digits: 1,
        note: 'difference of the medians, no profiler attached',
        ...(cpu === 1 ? { budget: { text: '≤ 10 ms', holds: added(runs, 'task') <= 10 } } : {}),
      });
      figure({
        section: SECTION,
        name: `script time, page with sw.js${profileName}`,
        value: med(runs, 'with', 'script'),
        unit: 'ms',
        digits: 1,
        baseline: med(runs, 'without', 'script'),
        baselineName: 'without sw.js',
        note: `+${added(runs, 'script').toFixed(1)} ms`,
      });
      figure({
        section: SECTION,
        name: `style + layout time, page with sw.js${profileName}`,
        value: med(runs, 'with', 'layout'),
        unit: 'ms',
        digits: 1,
        baseline: med(runs, 'without', 'layout'),
        baselineName: 'without sw.js',
      });
      figure({
        section: SECTION,
        name: `blocking time (long tasks beyond 50 ms), with sw.js${profileName}`,
        value: med(runs, 'with', 'blocking'),
        unit: 'ms',
        digits: 1,
        baseline: med(runs, 'without', 'blocking'),
        baselineName: 'without sw.js',
      });
      if (cpu === 1) remark(SECTION, `scripts sw.js loaded on the demo home page: ${[...new Set(runs.with.flatMap((r) => r.chunks))].join(', ') || 'none'}`);
    }

    // Where the SDK's time goes: its JavaScript by script, from separate profiled loads.
    const profiled = (await pairs(profiledLoads, { profile: true })).with;
    const files = [...new Set(profiled.flatMap((r) => Object.keys(r.byScript)))].sort();
    const pageJs = median(profiled.map((r) => r.byScript['static/store.js'] ?? 0));
    figure({
      section: SECTION,
      name: 'JS time in sw.js and its chunks (CPU profile)',
      value: median(profiled.map((r) => sum(Object.entries(r.byScript).flatMap(([f, ms]) => (f.startsWith('__sw/') ? [ms] : []))))),
      unit: 'ms',
      digits: 1,
      baseline: pageJs,
      baselineName: "the page's store.js, same loads",
      note: `${profiledLoads} profiled loads, 0.1 ms sampling`,
    });
    for (const file of files.filter((f) => f.startsWith('__sw/'))) {
      figure({ section: SECTION, name: `JS time in ${file.slice(5)} (CPU profile)`, value: median(profiled.map((r) => r.byScript[file] ?? 0)), unit: 'ms', digits: 2 });
    }
    // Where the main thread waits on the browser: the synchronous APIs sw.js calls, timed around each call.
    const apis = await syncApiTimes(browser, stackUrl, profiledLoads);
    for (const [api, { ms, calls }] of Object.entries(apis)) {
      figure({ section: SECTION, name: `sw.js's synchronous calls: ${api}`, value: ms, unit: 'ms', digits: 2, note: `${calls} calls a load; each call timed in the page` });
    }
    remark(
      SECTION,
      `(${loads} loads each, alternating, a consenting visitor, medians; CDP Performance.getMetrics: TaskDuration less DevTools' own commands, ScriptDuration, LayoutDuration + RecalcStyleDuration; throttled with Emulation.setCPUThrottlingRate; the page's own store.js runs in both; sw.js and its chunks blocked in the baseline)`,
    );
    if (pageErrors.size) remark(SECTION, `page errors during the loads (figures may not mean what they say): ${[...pageErrors].join('; ')}`);

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
