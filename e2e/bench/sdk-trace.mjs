// The main-thread time a page load spends in sw.js's own tasks, read from a Chromium trace
// (`devtools.timeline`): the difference of two page loads' totals (with vs without sw.js) carries
// the noise of everything else on the page and the machine; a trace says which tasks ran the
// SDK's code. Used by the browser section of the bench (sdk.mjs).

/** Trace categories: tasks (`toplevel`), script runs, compiles and resource loads (`devtools.timeline`, `v8`). */
export const TRACE_CATEGORIES = ['toplevel', 'devtools.timeline', 'v8'];

/** The SDK's own scripts: sw.js and its lazy chunks. */
export const SDK_SCRIPT = /\/__sw\/(sw[\w-]*\.m?js)/;

/** Events that run a script's code: attributed by the URL of the script they run. */
const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile', 'v8.compileModule', 'v8.evaluateModule', 'v8.run']);
/** A task of the thread's run loop (`toplevel`; `RunTask` with the disabled-by-default timeline). */
const TASKS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);
/** Events of a script's load, by request id (its request is sent by whoever imports it, so ResourceSendRequest does not count). */
const LOAD_EVENTS = new Set(['ResourceReceiveResponse', 'ResourceReceivedData', 'ResourceFinish']);

/** A trace's events (the JSON `browser.stopTracing()` returns), parsed once for the readings below. */
export const traceEvents = (traceJson) => JSON.parse(traceJson).traceEvents ?? [];

/**
 * Sums the tasks on the page's main thread that run sw.js's code or load its scripts (of a task
 * the page's own scripts run in too, only the SDK's script runs). `wall`: task durations;
 * `cpu`: the thread's CPU time in them (not inflated when another process has the core).
 * `byScript`: wall time by the SDK script each task ran first.
 */
export function sdkTaskTime(traceEvents) {
  const events = traceEvents.filter((e) => e.ph === 'X' || e.ph === 'I' || e.ph === 'i');
  const urlOfRequest = new Map();
  for (const e of events) if (e.name === 'ResourceSendRequest') urlOfRequest.set(e.args?.data?.requestId, e.args?.data?.url);
  const scriptOf = (e) => {
    if (SCRIPT_EVENTS.has(e.name)) return e.args?.data?.url ?? e.args?.fileName ?? '';
    if (LOAD_EVENTS.has(e.name)) return urlOfRequest.get(e.args?.data?.requestId) ?? '';
    return '';
  };
  const sdkFile = (e) => SDK_SCRIPT.exec(scriptOf(e))?.[1];
  // The page's main thread: where sw.js is evaluated.
  const evaluated = events.find((e) => e.name === 'EvaluateScript' && sdkFile(e) === 'sw.js');
  if (!evaluated) return { wall: 0, cpu: 0, tasks: 0, byScript: {} };
  const thread = events.filter((e) => e.pid === evaluated.pid && e.tid === evaluated.tid).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  let wall = 0;
  let cpu = 0;
  let tasks = 0;
  const byScript = {};
  let end = -1;
  for (let i = 0; i < thread.length; i++) {
    const task = thread[i];
    if (!TASKS.has(task.name) || task.ph !== 'X' || task.ts < end) continue; // nested run loops count once
    end = task.ts + task.dur;
    let file;
    let page = false;
    let runWall = 0;
    let runCpu = 0;
    let runEnd = -1;
    for (let j = i + 1; j < thread.length && thread[j].ts <= end; j++) {
      const e = thread[j];
      const f = sdkFile(e);
      file ??= f;
      if (e.ph !== 'X' || !SCRIPT_EVENTS.has(e.name) || !scriptOf(e)) continue;
      if (!f) page = true;
      else if (e.ts >= runEnd) {
        // The SDK's own runs (outermost only), for a task the page's code runs in too.
        runWall += e.dur;
        runCpu += e.tdur ?? e.dur;
        runEnd = e.ts + e.dur;
      }
    }
    if (!file) continue;
    tasks++;
    // A task only the SDK runs in is all its own (its microtasks, its waits on the browser, the
    // garbage it collects); in one the page's scripts run in too (an event both listen to, the
    // page changing the DOM under the SDK's observer), only the SDK's own script runs count.
    const ms = (page ? runWall : task.dur) / 1000;
    wall += ms;
    cpu += (page ? runCpu : (task.tdur ?? task.dur)) / 1000;
    byScript[file] = (byScript[file] ?? 0) + ms;
  }
  return { wall, cpu, tasks, byScript };
}

/**
 * The CPU time of the page's main thread over the whole traced load (every task on the thread
 * that parsed the page), and its wall time. With vs without sw.js, the difference is what sw.js
 * costs the thread in all: its own tasks, its microtasks run inside the page's tasks (which
 * `sdkTaskTime` cannot attribute: they carry no script URL), and the work it causes the browser
 * (style, layout). CPU rather than wall time, since on a busy machine a task's wall time includes
 * the time its thread waits for a core, which other processes decide.
 */
export function mainThreadCpu(traceEvents, pageUrl) {
  const events = traceEvents.filter((e) => e.ph === 'X');
  const parse = events.find((e) => e.name === 'ParseHTML' && String(e.args?.beginData?.url ?? '').startsWith(pageUrl));
  if (!parse) return { cpu: 0, wall: 0 };
  const thread = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && TASKS.has(e.name)).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let cpu = 0;
  let wall = 0;
  let end = -1;
  for (const task of thread) {
    if (task.ts < end) continue; // nested run loops count once
    end = task.ts + task.dur;
    cpu += (task.tdur ?? task.dur) / 1000;
    wall += task.dur / 1000;
  }
  return { cpu, wall };
}
