// The browser SDK: dist/sw.js bytes beside GrowthBook's and PostHog's browser SDKs bundled the
// same way for a minimal use, the main-thread time sw.js adds to the demo home page in Chromium
// (with vs without the script, same page, same visitor; and sw.js's own tasks in a trace,
// sdk-trace.mjs), and what persisting events costs (sw.track's synchronous part, the IndexedDB
// transactions for a row of events, beside a bare IndexedDB put).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CHROMIUM_ARGS, chromiumPath } from '../chromium.mjs';
import { fmt, figure, importTs, median, quantile, remark, root } from './lib.mjs';
import { SDK_SCRIPT, TRACE_CATEGORIES, mainThreadCpu, sdkTaskTime, traceEvents } from './sdk-trace.mjs';

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
      // A page's first sessionStorage access loads the tab's storage area from the browser.
      const storage = Object.getOwnPropertyDescriptor(window, 'sessionStorage');
      if (storage?.get) {
        const reflect = (op) => timed('sessionStorage access', (...args) => Reflect[op](...args));
        const proxy = new Proxy(storage.get.call(window), { get: reflect('get'), set: reflect('set'), deleteProperty: reflect('deleteProperty') });
        Object.defineProperty(window, 'sessionStorage', { ...storage, get: () => proxy });
      }
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
 * The least any script that keeps a visitor's profile on the device as sw.js does (IndexedDB for
 * the state, a cookie for the edge) costs the main thread: served as sw.js in the bench's traced
 * reference loads.
 */
const STORAGE_FLOOR = `(() => {
  const open = indexedDB.open('slotwise');
  open.onupgradeneeded = () => open.result.createObjectStore('kv');
  open.onsuccess = () => {
    const db = open.result;
    db.transaction('kv', 'readonly').objectStore('kv').get('state').onsuccess = () => {
      document.cookie = 'sw_p=floor; Path=/; Max-Age=31536000; SameSite=Lax';
      setTimeout(() => db.transaction('kv', 'readwrite').objectStore('kv').put({ v: 2 }, 'state'), 500);
    };
  };
})();`;

/** `IQR a–b`: the middle half of the values, how much one load's figure moves. */
const iqr = (values, digits = 1) => `IQR ${fmt(quantile(values, 0.25), digits)}–${fmt(quantile(values, 0.75), digits)}`;

/**
 * Main-thread time on the demo home page with vs without sw.js, for a consenting visitor (issue 23,
 * item 6: ≤ 10 ms added), at full speed and with the CPU throttled 4×, each in interleaved pairs
 * (with, without; the order alternates): the difference of the medians, and the median of the
 * pairs' differences with its spread.
 * - Loads with no profiler or tracing attached (CDP Performance.getMetrics only): task wall time.
 *   On this 2-core machine a task's wall time also counts the time its thread waits for a core
 *   while the browser, the Worker and the origin work, so the pairs' differences spread wider
 *   than the budget.
 * - Traced loads: the CPU time of every task on the page's main thread, the budget's figure; and,
 *   in the loads with sw.js, the tasks that run sw.js's code or load its scripts (sdk-trace.mjs),
 *   beside a script that only does the storage sw.js must do. At full speed also the tab's
 *   second load of the page (a returning visitor), with vs without sw.js on that load.
 */
export async function runSdkBrowser(stackUrl, { pairs = { 1: 12, 4: 4 }, tracedPairs = { 1: 10, 4: 3 }, floorLoads = 5, secondPairs = 6, apiLoads = 3, events = 100 } = {}) {
  console.log('\n== SDK in Chromium: main-thread time on the demo home page, IndexedDB cost per event ==');
  const { chromium } = await import('playwright');
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const started = Date.now();
  // Where sw.js delivers its events.
  const { COLLECT_URL } = await importTs(join(root, 'packages', 'sdk', 'src', 'delivery.ts'));
  try {
    const pageErrors = new Set();
    /**
     * One page load in a fresh context; `script`: served as sw.js instead of the Worker's.
     * `secondPage`: the tab's second load of the page is measured, after a first one with sw.js
     * either way (a returning visitor: the first load's state stored, its hand-over waiting, its
     * exposures reported, its profile cookie set, so the Worker serves both arms the same
     * variants; the first page's `pagehide` runs in both).
     */
    const measure = async (withSdk, { cpu = 1, trace = false, script, secondPage = false } = {}) => {
      const context = await browser.newContext();
      await context.addCookies([{ name: 'sw_consent', value: 'granted', url: stackUrl }]);
      const page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.add(e.message));
      // The same fixed wait for both (polling for window.sw would itself cost DevTools time): room
      // for all the SDK does for a page load, its start (IndexedDB read, first save, exposure) and
      // the exposure's delivery a second later, with the save that follows it.
      const settled = () => page.waitForTimeout(2500 * Math.min(cpu, 2));
      // Both arms route sw.js's requests (Playwright's routing turns the page's HTTP cache off,
      // which a second load would otherwise use in one arm only); the baseline's are blocked.
      // `script` replaces sw.js itself, in the same handler (no second route whose precedence decides).
      let blocked = false;
      await page.route('**/__sw/sw*.js', (route) => {
        if (blocked) return route.abort();
        if (script && new URL(route.request().url()).pathname === '/__sw/sw.js') return route.fulfill({ contentType: 'text/javascript', body: script });
        return route.continue();
      });
      if (secondPage) {
        await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
        await settled();
      }
      blocked = !withSdk;
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      if (cpu > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
      let delivered = false;
      page.on('response', (r) => (delivered ||= r.url().endsWith(COLLECT_URL)));
      if (trace) await browser.startTracing(page, { categories: TRACE_CATEGORIES });
      await page.goto(`${stackUrl}/`, { waitUntil: 'load' });
      await settled();
      const traced = trace ? traceEvents((await browser.stopTracing()).toString()) : undefined;
      const [sdk, main] = traced ? [sdkTaskTime(traced), mainThreadCpu(traced, stackUrl)] : [];
      const { metrics } = await cdp.send('Performance.getMetrics');
      const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
      const chunks = await page.evaluate((re) => performance.getEntriesByType('resource').flatMap((e) => new RegExp(re).exec(e.name)?.[1] ?? []), SDK_SCRIPT.source);
      await context.close();
      return { sdk, main, chunks, delivered, task: (m.TaskDuration - m.DevToolsCommandDuration) * 1000, script: m.ScriptDuration * 1000 };
    };
    const interleaved = async (n, options) => {
      const runs = { with: [], without: [] };
      await measure(true, options);
      await measure(false, options); // warm caches for both
      for (let i = 0; i < n; i++) {
        const pair = {};
        for (const withSdk of i % 2 ? [true, false] : [false, true]) pair[withSdk] = await measure(withSdk, options);
        runs.with.push(pair.true);
        runs.without.push(pair.false);
      }
      return runs;
    };
    /** One reading of interleaved runs: per load with and without sw.js, their medians, and each pair's difference. */
    const compare = (runs, read) => {
      const [withAll, withoutAll] = [runs.with.map(read), runs.without.map(read)];
      return { withAll, withoutAll, with: median(withAll), without: median(withoutAll), added: withAll.map((x, i) => x - withoutAll[i]) };
    };

    for (const cpu of [1, 4]) {
      const runs = await interleaved(pairs[cpu], { cpu });
      const profileName = cpu === 1 ? '' : `, CPU throttled ${cpu}×`;
      const tasks = compare(runs, (r) => r.task);
      figure({ section: SECTION, name: `main-thread task time, page without sw.js${profileName}`, value: tasks.without, unit: 'ms', digits: 1, note: iqr(tasks.withoutAll) });
      figure({
        section: SECTION,
        name: `main-thread task time, page with sw.js${profileName}`,
        value: tasks.with,
        unit: 'ms',
        digits: 1,
        baseline: tasks.without,
        baselineName: 'without sw.js',
        note: iqr(tasks.withAll),
      });
      figure({
        section: SECTION,
        name: `main-thread task time added by sw.js${profileName}`,
        value: tasks.with - tasks.without,
        unit: 'ms',
        digits: 1,
        note: `difference of the medians of ${pairs[cpu]} interleaved pairs, no profiler, wall time; the pairs' own differences: median ${fmt(median(tasks.added), 1)}, ${iqr(tasks.added)}`,
      });
      figure({
        section: SECTION,
        name: `script time, page with sw.js${profileName}`,
        value: median(runs.with.map((r) => r.script)),
        unit: 'ms',
        digits: 1,
        baseline: median(runs.without.map((r) => r.script)),
        baselineName: 'without sw.js',
      });
      if (cpu === 1) remark(SECTION, `scripts sw.js loaded on the demo home page: ${[...new Set(runs.with.flatMap((r) => r.chunks))].join(', ') || 'none'}`);
      remark(
        SECTION,
        `loads with sw.js whose exposure was delivered (${COLLECT_URL} answered) within the measured window${profileName}: ${runs.with.filter((r) => r.delivered).length} of ${runs.with.length}`,
      );

      // Traced loads, in interleaved pairs: the main thread's CPU time with vs without sw.js (the
      // budget's figure: CPU, since wall time on this machine includes waiting for a core), and
      // sw.js's own tasks in the loads with it.
      const traced = await interleaved(tracedPairs[cpu], { cpu, trace: true });
      const mainCpu = (r) => r.main.cpu;
      const first = compare(traced, mainCpu);
      figure({
        section: SECTION,
        name: `main-thread CPU time, page with sw.js (trace)${profileName}`,
        value: first.with,
        unit: 'ms',
        digits: 1,
        baseline: first.without,
        baselineName: 'without sw.js',
        note: `${iqr(first.withAll)}; without: ${iqr(first.withoutAll)}`,
      });
      figure({
        section: SECTION,
        name: `main-thread CPU time added by sw.js (trace)${profileName}`,
        value: first.with - first.without,
        unit: 'ms',
        digits: 1,
        note: `difference of the medians of ${tracedPairs[cpu]} interleaved traced pairs, every task on the page's main thread; the pairs' own differences: median ${fmt(median(first.added), 1)}, ${iqr(first.added)}`,
        ...(cpu === 1 ? { budget: { text: '≤ 10 ms', holds: first.with - first.without <= 10 } } : {}),
      });
      const own = traced.with.map((r) => r.sdk);
      const wall = own.map((t) => t.wall);
      const cpuMs = own.map((t) => t.cpu);
      figure({
        section: SECTION,
        name: `main-thread time in sw.js's own tasks (trace)${profileName}`,
        value: median(wall),
        unit: 'ms',
        digits: 1,
        note: `the ${tracedPairs[cpu]} traced loads with sw.js, ${iqr(wall)}; ${fmt(median(own.map((t) => t.tasks)), 0)} tasks a load`,
      });
      figure({
        section: SECTION,
        name: `CPU time of the main thread in those tasks (trace)${profileName}`,
        value: median(cpuMs),
        unit: 'ms',
        digits: 1,
        baseline: median(wall),
        baselineName: 'their wall time',
        note: iqr(cpuMs),
      });
      if (cpu === 1) {
        const files = [...new Set(own.flatMap((t) => Object.keys(t.byScript)))].sort();
        for (const file of files)
          figure({ section: SECTION, name: `  of which tasks that first run ${file} (trace)`, value: median(own.map((t) => t.byScript[file] ?? 0)), unit: 'ms', digits: 2 });
        // What keeping a profile on the device costs at the least, served as sw.js in the same page.
        const floor = [];
        for (let i = 0; i < floorLoads; i++) floor.push((await measure(true, { trace: true, script: STORAGE_FLOOR })).sdk.cpu);
        figure({
          section: SECTION,
          name: "CPU time of sw.js's own tasks (trace) beside a script that only stores",
          value: median(cpuMs),
          unit: 'ms',
          digits: 1,
          baseline: median(floor),
          baselineName: 'storage only',
          note: `storage only: opens IndexedDB (created on a first visit), reads a key, writes a cookie, writes a key 500 ms later; ${floorLoads} traced loads, ${iqr(floor)}`,
        });
        // A returning visitor: the tab's second load of the page, with vs without sw.js on it.
        const second = compare(await interleaved(secondPairs, { trace: true, secondPage: true }), mainCpu);
        figure({
          section: SECTION,
          name: "main-thread CPU time added by sw.js, the tab's second load of the page (trace)",
          value: second.with - second.without,
          unit: 'ms',
          digits: 1,
          baseline: first.with - first.without,
          baselineName: 'first visit',
          note: `a returning visitor (its first load with sw.js in both arms); difference of the medians of ${secondPairs} interleaved traced pairs, with ${fmt(second.with, 1)} ms, without ${fmt(second.without, 1)} ms; the pairs' own differences: median ${fmt(median(second.added), 1)}, ${iqr(second.added)}`,
        });
      }
    }

    // Where the main thread waits on the browser: the synchronous APIs sw.js calls, timed around each call.
    const apis = await syncApiTimes(browser, stackUrl, apiLoads);
    for (const [api, { ms, calls }] of Object.entries(apis)) {
      figure({ section: SECTION, name: `sw.js's synchronous calls: ${api}`, value: ms, unit: 'ms', digits: 2, note: `${calls} calls a load; each call timed in the page` });
    }
    remark(
      SECTION,
      `(a consenting visitor's first visit, a fresh context each load, medians; CDP Performance.getMetrics: TaskDuration less DevTools' own commands, ScriptDuration; throttled with Emulation.setCPUThrottlingRate; the page's own store.js runs in both; sw.js and its chunks blocked in the baseline; traces: Chromium's devtools.timeline and toplevel categories, e2e/bench/sdk-trace.mjs; ${((Date.now() - started) / 1000).toFixed(0)} s for the page loads)`,
    );
    if (pageErrors.size) remark(SECTION, `page errors during the loads (figures may not mean what they say): ${[...pageErrors].join('; ')}`);

    // IndexedDB: what saving costs. A page's events come in separate tasks: sw.track in a row,
    // each in its own task, then until the SDK's save of them commits; beside a bare put of one event.
    const context = await browser.newContext();
    await context.addCookies([{ name: 'sw_consent', value: 'granted', url: stackUrl }]);
    await context.addInitScript(() => {
      const w = window;
      w.__txStarted = 0;
      w.__txDone = 0;
      w.__txWaiters = [];
      const original = IDBDatabase.prototype.transaction;
      IDBDatabase.prototype.transaction = function (...args) {
        const tx = original.apply(this, args);
        if (args[1] === 'readwrite' && this.name === 'slotwise') {
          w.__txStarted++;
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
    await page.waitForTimeout(1500); // the page load's own save is done
    const result = await page.evaluate(async (n) => {
      const w = window;
      // Once a save commits after `done` were, and no other is running: what was tracked is stored.
      const stored = (done) =>
        new Promise((resolve) => {
          const check = () => (w.__txDone > done && w.__txDone >= w.__txStarted ? resolve() : w.__txWaiters.push(check));
          check();
        });
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open('bench-baseline', 1);
        open.onupgradeneeded = () => open.result.createObjectStore('kv');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const sync = [];
      const bare = [];
      const saved = [];
      let transactions = 0;
      for (let round = 0; round < 2; round++) {
        const started = w.__txStarted;
        let last = 0;
        let done = 0;
        for (let i = 0; i < n / 2; i++) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          done = w.__txDone;
          last = performance.now();
          w.sw.track('view_item', { sku: `TR-${i}`, price: 89, category: 'shoes' });
          sync.push(performance.now() - last);
        }
        await stored(done);
        saved.push(performance.now() - last);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // any later save of the round
        transactions += w.__txStarted - started;
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
      return { sync, bare, saved, transactions };
    }, events);
    await context.close();
    // Means, not medians: the page's clock is coarsened to 0.1 ms.
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    figure({ section: SECTION, name: 'IndexedDB put of one event, bare (mean)', value: mean(result.bare), unit: 'ms', digits: 2 });
    figure({
      section: SECTION,
      name: 'sw.track, synchronous part (mean)',
      value: mean(result.sync) * 1000,
      unit: 'µs',
      digits: 0,
      baseline: mean(result.bare) * 1000,
      baselineName: 'bare put',
    });
    figure({
      section: SECTION,
      name: `IndexedDB transactions for ${events} sw.track calls, each in its own task`,
      value: result.transactions,
      unit: '',
      baseline: events,
      baselineName: 'one per event',
      note: 'each save writes state, history, outbox and seen',
    });
    figure({
      section: SECTION,
      name: 'the last sw.track of a row → its save committed (mean of 2 rows)',
      value: mean(result.saved),
      unit: 'ms',
      digits: 1,
      baseline: mean(result.bare),
      baselineName: 'bare put',
      note: 'saves wait 500 ms, then idle time, to be one transaction (flushed when the page is hidden or left)',
    });
  } finally {
    await browser.close();
  }
}
