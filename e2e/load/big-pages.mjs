// `npm start` under real traffic (issue 23): the local stack (e2e/stack.mjs, what `npm start`
// runs) gets 50 concurrent requests for an 8 MB page, half asking for gzip, half for identity;
// every one must arrive whole and personalized, and the stack must answer the next request.
// Then pages served as utf-16 and utf-32, which `wrangler dev`'s own proxy hangs on
// (docs/troubleshooting.md) and the stack, which has no such proxy, passes through.
// Prints the workerd processes' open files before and after, and the time each step took.
//   node e2e/load/big-pages.mjs [--port 8981] [--origin-port 8982] [--requests 50] [--mb 8]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../stack.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const PORT = arg('port', Number(process.env.SW_E2E_PORT) || 8981);
const ORIGIN_PORT = arg('origin-port', Number(process.env.SW_E2E_ORIGIN_PORT) || 8982);
const REQUESTS = arg('requests', 50);
const MB = arg('mb', 8);
const TIMEOUT_MS = 120_000;
const PAGE_LOAD = { accept: 'text/html', cookie: 'sw_consent=granted; sw_id=bigpagesvisitor00001' };

/** The processes under this one (the Worker's workerd among them), by /proc's parent links. */
function descendants(root = process.pid) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (pid) => {
    for (const [child, ppid] of parent) {
      if (ppid === pid) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

function workerdOpenFiles() {
  let total = 0;
  for (const pid of descendants()) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('workerd')) continue;
      total += readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

async function page(url, encoding) {
  const started = performance.now();
  const response = await fetch(url, { headers: { ...PAGE_LOAD, 'accept-encoding': encoding }, signal: AbortSignal.timeout(TIMEOUT_MS) });
  const text = await response.text();
  return {
    status: response.status,
    bytes: Buffer.byteLength(text),
    tagged: text.includes('/__sw/sw.js'),
    ms: performance.now() - started,
    slotwise: response.headers.get('x-slotwise') ?? response.headers.get('x-slotwise-bypass'),
  };
}

const persistTo = mkdtempSync(join(tmpdir(), 'slotwise-big-pages-'));
const stack = await startStack({ port: PORT, originPort: ORIGIN_PORT, persistTo, quiet: true, log: () => {} });
let failed = false;
try {
  const url = `${stack.url}/fixtures/large?mb=${MB}`;
  const warm = await page(url, 'identity');
  console.log(`one ${MB} MB page: ${warm.status}, ${warm.bytes} B, ${warm.ms.toFixed(0)} ms, SDK tag added: ${warm.tagged}, x-slotwise: ${warm.slotwise}`);
  const before = workerdOpenFiles();
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: REQUESTS }, (_, i) => page(url, i % 2 ? 'gzip' : 'identity')));
  const elapsed = performance.now() - started;
  const whole = results.filter((r) => r.status === 'fulfilled' && r.value.status === 200 && r.value.bytes === warm.bytes && r.value.tagged);
  const after = workerdOpenFiles();
  console.log(
    `${REQUESTS} concurrent ${MB} MB pages: ${whole.length} whole and personalized in ${(elapsed / 1000).toFixed(1)} s; workerd open files ${before} before, ${after} after`,
  );
  for (const r of results) {
    if (r.status === 'rejected') console.log(`  failed: ${String(r.reason)}`);
    else if (!whole.includes(r)) console.log(`  not whole: ${r.value.status}, ${r.value.bytes} B, SDK tag: ${r.value.tagged}, ${r.value.slotwise}`);
  }
  const next = await page(`${stack.url}/`, 'gzip');
  console.log(`the next request: ${next.status} in ${next.ms.toFixed(0)} ms`);
  failed ||= whole.length !== REQUESTS || next.status !== 200;
  for (const charset of ['utf-16', 'utf-32']) {
    try {
      const wide = await fetch(`${stack.url}/fixtures/${charset}`, { headers: PAGE_LOAD, signal: AbortSignal.timeout(10_000) });
      const bytes = (await wide.arrayBuffer()).byteLength;
      console.log(`a ${charset} page: ${wide.status}, ${bytes} B, x-slotwise-bypass: ${wide.headers.get('x-slotwise-bypass')}`);
      failed ||= wide.status !== 200;
    } catch (error) {
      console.log(`a ${charset} page: no answer within 10 s (${String(error)})`);
      failed = true;
    }
  }
} finally {
  await stack.close();
  rmSync(persistTo, { recursive: true, force: true });
}
console.log(failed ? 'FAILED' : 'ok');
process.exit(failed ? 1 : 0);
