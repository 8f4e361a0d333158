// The steps on the way to a page's first byte (issue 23, item 3), as CPU inside workerd
// (workers/cpu-probe.ts, batches between timer ticks, modes interleaved), on the demo home page
// with the realistic config: what the early decision costs (it runs while the origin works, so
// it adds to time to first byte only where the origin answers faster), what building the
// response costs, and what reading its first chunk costs beside the pass-through and the no-op
// rewriter. Then the whole request path to the first byte of the three Workers, unchanged, with the
// origin's page answered from memory (workers/request-path.ts): what a request really runs, Hono,
// the origin request and the event recording included. Last, the same path in wall-clock time,
// built up one step at a time from the no-op rewriter (workers/wall-steps.ts), in the local
// stack's runtime (Miniflare, the Worker on its own port): what each step adds to the time to
// first byte. The wall-clock TTFB of the three Workers through `wrangler dev` is the edge section's.
//
//   npm run bench -- --only=ttfb-steps
import { join } from 'node:path';
import { startWorkerRuntime } from '../worker-runtime.mjs';
import { publishLocally, sampleTtfb, slotwiseVars } from './edge.mjs';
import { PORTS, figure, here, importTs, median, remark, root, spawnOrigin, startProbe, startWrangler, stop, tempDir, waitFor } from './lib.mjs';

const SECTION = 'ttfb-steps';
const BATCHES = 9;
const N = 100;
/** The whole-path batches: more of them, as the three differ by tens of µs. */
const PATH_BATCHES = 21;
const PATH_MODES = [
  ['passthrough', 'pass-through'],
  ['floor', 'no-op rewriter'],
  ['slotwise', 'Slotwise'],
];
const STEPS = [
  ['visit', 'the visitor and the request context'],
  ['prepare', 'the early decision: visitor, context, deciding 20 campaigns, the slot rewriter'],
  ['respond', 'the early decision, then personalize(): headers, cookies, the rewriter set up'],
  ['first-passthrough', 'pass-through: the first chunk of the body'],
  ['first-floor', 'no-op rewriter: the first chunk'],
  ['first-response', 'the early decision, personalize() around the no-op rewriter, the first chunk'],
  ['first-slotwise', 'Slotwise: the early decision, personalize(), the first chunk'],
];

export async function runTtfbSteps() {
  console.log('\n== Time to first byte, step by step: CPU inside workerd, demo home page ==');
  const fixtures = await importTs(join(here, 'fixtures.ts'));
  const value = JSON.stringify(fixtures.slotwiseConfig(20, 1));
  const { header: cookie } = fixtures.visitorCookies(Date.now());
  const headers = { cookie, 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0', accept: 'text/html' };
  const origin = `http://127.0.0.1:${PORTS.origin}`;
  const procs = [];
  try {
    await spawnOrigin(procs, origin);
    const probe = startProbe(origin, value);
    procs.push(probe);
    await waitFor(`${probe.url}/cpu?mode=tick&n=1`, probe, 180_000, { headers });
    const at = await cpuMedians(probe.url, STEPS, BATCHES, '&path=/home', headers);
    figure({ section: SECTION, name: 'CPU to first byte: the visitor and the request context', value: at('visit'), unit: 'µs', digits: 1 });
    figure({
      section: SECTION,
      name: 'CPU to first byte: the early decision and its rewriter',
      value: at('prepare'),
      unit: 'µs',
      digits: 1,
      baseline: at('visit'),
      baselineName: 'visitor and context',
    });
    figure({
      section: SECTION,
      name: 'CPU to first byte: the early decision, then building the response',
      value: at('respond'),
      unit: 'µs',
      digits: 1,
      baseline: at('prepare'),
      baselineName: 'the early decision',
    });
    figure({ section: SECTION, name: 'CPU to first byte: first chunk, pass-through', value: at('first-passthrough'), unit: 'µs', digits: 1 });
    figure({
      section: SECTION,
      name: 'CPU to first byte: first chunk, no-op rewriter',
      value: at('first-floor'),
      unit: 'µs',
      digits: 1,
      baseline: at('first-passthrough'),
      baselineName: 'pass-through',
      note: 'the platform’s floor',
    });
    figure({
      section: SECTION,
      name: 'CPU to first byte: first chunk, Slotwise’s response around the no-op rewriter, less the early decision',
      value: at('first-response') - at('prepare'),
      unit: 'µs',
      digits: 1,
      baseline: at('first-floor'),
      baselineName: 'no-op rewriter',
      note: 'what building the response (headers, cookies) adds, without Slotwise’s handlers',
    });
    figure({
      section: SECTION,
      name: 'CPU to first byte: first chunk, Slotwise (decision included)',
      value: at('first-slotwise'),
      unit: 'µs',
      digits: 1,
      baseline: at('first-floor'),
      baselineName: 'no-op rewriter',
    });
    figure({
      section: SECTION,
      name: 'CPU to first byte: first chunk, Slotwise, the decision hidden behind the origin',
      value: at('first-slotwise') - at('prepare'),
      unit: 'µs',
      digits: 1,
      baseline: at('first-floor'),
      baselineName: 'no-op rewriter',
      note: 'less the early decision, which runs while the origin works',
    });
    remark(
      SECTION,
      `(${BATCHES} batches of ${N} per step, interleaved, medians; workerd's clock moves in 1 ms steps, so a batch of ${N} resolves 10 µs. The wall-clock TTFB of Slotwise, the no-op rewriter and the pass-through, side by side, is in the edge section.)`,
    );
    await wholePath(fixtures, origin, headers);
    await wallSteps(fixtures, origin, headers);
  } finally {
    await Promise.all(procs.map(stop));
  }
}

/**
 * `batches` rounds of `GET /cpu?mode=…&n=N` per mode, in alternating order, from a Worker that
 * times batches inside workerd (cpu-probe.ts, request-path.ts); returns each mode's median µs.
 */
async function cpuMedians(url, modes, batches, query, headers) {
  const us = Object.fromEntries(modes.map(([mode]) => [mode, []]));
  for (let b = 0; b < batches; b++) {
    for (const [mode] of b % 2 ? [...modes].reverse() : modes) {
      const r = await (await fetch(`${url}/cpu?mode=${mode}${query}&n=${N}`, { headers })).json();
      us[mode].push(r.perRequestUs);
    }
  }
  return (mode) => median(us[mode]);
}

/** The whole request path of each Worker to its first byte, the origin answered from memory (workers/request-path.ts). */
async function wholePath(fixtures, origin, headers) {
  const kv = tempDir('kv-request-path');
  await publishLocally(kv, fixtures.slotwiseConfig(20, 1));
  const worker = startWrangler({
    name: 'request-path',
    port: PORTS.sideBySide,
    inspectorPort: PORTS.inspector.sideBySide,
    config: join(root, 'worker', 'wrangler.jsonc'),
    script: join(here, 'workers', 'request-path.ts'),
    persistTo: kv,
    vars: slotwiseVars(origin),
  });
  let at;
  try {
    await waitFor(`${worker.url}/cpu?mode=floor&n=1`, worker, 180_000, { headers });
    at = await cpuMedians(worker.url, PATH_MODES, PATH_BATCHES, '', headers);
  } finally {
    await stop(worker);
  }
  figure({ section: SECTION, name: 'CPU to first byte, whole request path: pass-through', value: at('passthrough'), unit: 'µs', digits: 1 });
  figure({
    section: SECTION,
    name: 'CPU to first byte, whole request path: no-op rewriter',
    value: at('floor'),
    unit: 'µs',
    digits: 1,
    baseline: at('passthrough'),
    baselineName: 'pass-through',
  });
  figure({
    section: SECTION,
    name: 'CPU to first byte, whole request path: Slotwise',
    value: at('slotwise'),
    unit: 'µs',
    digits: 1,
    baseline: at('floor'),
    baselineName: 'no-op rewriter',
    note: 'Hono, the origin request, the early decision (not hidden here: the origin answers at once), the event recording, the response',
  });
  remark(
    SECTION,
    `(whole request path: ${PATH_BATCHES} batches of ${N} requests per Worker, interleaved, medians; the origin's page answered from memory, the event queue dropping what it is sent)`,
  );
}

/** The page path's steps in wall-clock time (workers/wall-steps.ts), each beside the one before. */
const WALL_STEPS = [
  ['passthrough', 'pass-through', 'pass-through'],
  ['floor', 'no-op rewriter', 'no-op rewriter'],
  ['forward', '+ the origin asked as Slotwise asks it (loop marker, forwarded host, encodings, timeout)', 'the origin asked'],
  ['decide', '+ the early decision while the origin works', 'the early decision'],
  ['respond', '+ the personalized response’s headers and cookies (no-op rewriter)', 'the response'],
  ['rewrite', '+ Slotwise’s slot rewriter', 'the slot rewriter'],
  ['slotwise', 'the Slotwise Worker (+ Hono, event recording, slot health)', 'the Slotwise Worker'],
];
const WALL_ROUNDS = 400;
/** An origin a few milliseconds away: how much of Slotwise's share its wait hides. */
const NEAR_ORIGIN_MS = 5;

/**
 * Time to first byte of each step, interleaved in alternating order on one connection per step
 * (edge.mjs's sampleTtfb), in the runtime `npm start` runs (no `wrangler dev` proxy in front:
 * its own per-response work grows with the headers and chunks it forwards, and its spread
 * between runs is larger than the steps).
 */
async function wallSteps(fixtures, origin, headers) {
  const kv = tempDir('kv-wall-steps');
  await publishLocally(kv, fixtures.slotwiseConfig(20, 1));
  const port = PORTS.wallSteps;
  const runtime = await startWorkerRuntime({
    wranglerConfig: join(root, 'worker', 'wrangler.jsonc'),
    entry: join(here, 'workers', 'wall-steps.ts'),
    host: '127.0.0.1',
    port,
    persistTo: kv,
    vars: slotwiseVars(origin),
    quiet: true,
    log: () => {},
  });
  try {
    /** Each step's median TTFB over `rounds` interleaved page loads (edge.mjs's sampleTtfb), every one answered 200. */
    const sample = async (steps, path, rounds) => {
      const samples = {};
      await sampleTtfb(
        steps.map((step) => ({ key: step, role: step, port, as: step })),
        [{ path, count: rounds }],
        headers,
        samples,
        {},
        20,
      );
      for (const step of steps) {
        const failed = samples[`${step} ${path}`].find((r) => r.status !== 200);
        if (failed) throw new Error(`wall-steps ${step} answered ${failed.status}: ${failed.body.slice(0, 300)}`);
      }
      return (step) => median(samples[`${step} ${path}`].map((r) => r.ttfb));
    };
    const at = await sample(
      WALL_STEPS.map(([step]) => step),
      '/home?utm_source=newsletter',
      WALL_ROUNDS,
    );
    console.log('\n  TTFB step by step, wall clock, local origin, the local stack’s runtime (Miniflare, no proxy):');
    WALL_STEPS.forEach(([step, label], i) => {
      const before = WALL_STEPS[i - 1];
      figure({
        section: SECTION,
        name: `TTFB step by step: ${label}`,
        value: at(step),
        unit: 'ms',
        digits: 3,
        ...(before ? { baseline: at(before[0]), baselineName: before[2], note: `${((at(step) - at(before[0])) * 1000).toFixed(0)} µs more` } : {}),
      });
    });
    figure({
      section: SECTION,
      name: 'TTFB step by step: Slotwise over the no-op rewriter, local origin',
      value: at('slotwise'),
      unit: 'ms',
      digits: 3,
      baseline: at('floor'),
      baselineName: 'no-op rewriter',
      note: `${((at('slotwise') - at('floor')) * 1000).toFixed(0)} µs: Slotwise’s share of a ${at('floor').toFixed(2)} ms round trip`,
      budget: { text: 'within 5% of the no-op rewriter', holds: at('slotwise') <= at('floor') * 1.05 },
    });
    const near = await sample(['floor', 'slotwise'], `/home?utm_source=newsletter&bench_origin_ms=${NEAR_ORIGIN_MS}`, WALL_ROUNDS / 2);
    figure({
      section: SECTION,
      name: `TTFB step by step: Slotwise over the no-op rewriter, origin ${NEAR_ORIGIN_MS} ms away`,
      value: near('slotwise'),
      unit: 'ms',
      digits: 3,
      baseline: near('floor'),
      baselineName: 'no-op rewriter',
      note: `${((near('slotwise') - near('floor')) * 1000).toFixed(0)} µs`,
    });
    remark(
      SECTION,
      `(wall-clock steps: ${WALL_ROUNDS} page loads per step, ${WALL_ROUNDS / 2} with the origin ${NEAR_ORIGIN_MS} ms away, interleaved in alternating order, one kept-alive connection per step, medians; workers/wall-steps.ts)`,
    );
  } finally {
    await runtime.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runTtfbSteps();
