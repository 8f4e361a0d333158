// Shared pieces of `npm run bench`: ports, child processes (wrangler dev, the origin), bundling
// TypeScript with esbuild, statistics, and printing each figure beside its same-run baseline.
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
const require = createRequire(import.meta.url);
export const wranglerBin = require.resolve('wrangler/bin/wrangler.js');

/**
 * The bench's own ports (8830-8853, moved by SW_BENCH_PORT_OFFSET so two checkouts can bench at
 * once on a shared machine); other stacks on this machine use 8787/8788, 8797/8798, 8807/8808, 8817/8818.
 */
const OFFSET = Number(process.env.SW_BENCH_PORT_OFFSET) || 0;
const moved = (ports) => JSON.parse(JSON.stringify(ports), (_, v) => (typeof v === 'number' ? v + OFFSET : v));
export const PORTS = moved({
  origin: 8830,
  // The pass-through, the no-op rewriter and Slotwise side by side in one process
  // (workers/side-by-side.ts): identical processes differ by several per cent in latency here,
  // so the budget's TTFB comparison interleaves the three on each of three processes run alone
  // and pools them; one more runs beside the other Workers for everything else.
  sideBySide: 8831,
  sideBySideAlone: [8832, 8846, 8847],
  growthbook: 8833,
  probe: 8834,
  stack: 8835, // the demo stack for the SDK and publish benches
  stackOrigin: 8836,
  // 8837/8838: the no-flicker e2e test when run beside the bench
  slotwiseEmpty: 8839, // the Slotwise Worker with nothing published: its cost without deciding or rewriting
  largePages: 8848, // the large-pages section's side-by-side process (large-pages.mjs)
  wallSteps: 8854, // the TTFB steps in the local stack's runtime (ttfb-steps.mjs, workers/wall-steps.ts)
  inspector: { sideBySide: 8841, sideBySideAlone: [8842, 8852, 8853], growthbook: 8843, probe: 8844, slotwiseEmpty: 8845, largePages: 8849 },
});

export const wranglerEnv = { ...process.env, CI: 'true', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' };

const madeDirs = [];
process.on('exit', () => {
  for (const dir of madeDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed when the bench exits. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `slotwise-bench-${prefix}-`));
  madeDirs.push(dir);
  return dir;
}

/** Bundles a TypeScript entry for Node into node_modules/.cache (so its bare imports still resolve) and imports it. */
export async function importTs(entry) {
  const { build } = await import('esbuild');
  const dir = join(root, 'node_modules', '.cache', 'slotwise-bench');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `${entry.split('/').pop().replace(/\.ts$/, '')}-${process.pid}.mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'warning',
    packages: 'bundle',
    external: ['esbuild', 'playwright', '@playwright/test', 'autocannon'],
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/**
 * Starts `wrangler dev` on 127.0.0.1:port. `config` is a wrangler.jsonc path, or an object written
 * to a temp file; `script`, when given, is the entry point instead of the config's `main`.
 */
export function startWrangler({ name, config, script, port, inspectorPort, persistTo, vars = {} }) {
  let configPath = config;
  if (typeof config === 'object') {
    const dir = tempDir(name);
    configPath = join(dir, 'wrangler.json');
    writeFileSync(configPath, JSON.stringify(config, null, 1));
  }
  const args = [
    wranglerBin,
    'dev',
    ...(script ? [script] : []),
    '--config',
    configPath,
    '--port',
    String(port),
    '--ip',
    '127.0.0.1',
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
    '--log-level',
    'warn',
  ];
  if (persistTo) args.push('--persist-to', persistTo);
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const child = spawn(process.execPath, args, { env: wranglerEnv, cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const keep = (d) => {
    log = (log + d).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  return { name, child, url: `http://127.0.0.1:${port}`, log: () => log };
}

/** Waits until `url` answers (any status below 500). */
export async function waitFor(url, proc, timeoutMs = 90_000, init = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc?.child && proc.child.exitCode !== null) throw new Error(`${proc.name} exited with code ${proc.child.exitCode}:\n${proc.log()}`);
    // wrangler dev reports a Worker it cannot load and keeps running: fail now, not after the timeout.
    if (proc?.log && /\bERROR\b/.test(proc.log())) throw new Error(`${proc.name} failed to start:\n${proc.log()}`);
    try {
      const response = await fetch(url, init);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms${proc ? `:\n${proc.log()}` : ''}`);
}

/** Stops a child this bench started (by its own pid), waiting for it to exit. */
export function stop(proc) {
  const child = proc?.child ?? proc;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts the bench's origin (origin.mjs) at `origin` (PORTS.origin), adds it to `procs`, and waits until it serves /home. */
export async function spawnOrigin(procs, origin) {
  const proc = {
    name: 'origin',
    child: spawn(process.execPath, [join(here, 'origin.mjs'), '--port', String(PORTS.origin)], { stdio: ['ignore', 'pipe', 'inherit'] }),
    log: () => '',
  };
  procs.push(proc);
  await waitFor(`${origin}/home`, proc, 15_000);
}

/** The compatibility date the bench's own Workers (probe, GrowthBook's edge app) run with. */
export const COMPAT = '2026-04-20';

/**
 * Starts the CPU probe (workers/cpu-probe.ts) against `origin` with `config` (the site config's
 * JSON) on PORTS.probe; `vars` adds to its bindings (GrowthBook's, for its mode).
 */
export function startProbe(origin, config, vars = { PROXY_TARGET: origin, BENCH_GB_PAYLOAD: '{}' }) {
  return startWrangler({
    name: 'probe',
    port: PORTS.probe,
    inspectorPort: PORTS.inspector.probe,
    config: { name: 'bench-probe', main: join(here, 'workers', 'cpu-probe.ts'), compatibility_date: COMPAT, vars: { ORIGIN: origin, SW_CONFIG: config, ...vars } },
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
export const median = (values) => quantile(values, 0.5);

export function fmt(n, digits = 0) {
  if (!Number.isFinite(n)) return String(n);
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Prints one figure with its same-run baseline and the ratio, and records it for the summary
 * (SW_BENCH_RESULTS, a JSON-lines file, when the orchestrator set it).
 */
export function figure({ section, name, value, unit, baseline, baselineName, digits = 0, budget, note }) {
  const ratio = baseline ? value / baseline : NaN;
  const parts = [`  ${name.padEnd(44)} ${fmt(value, digits).padStart(12)} ${unit.padEnd(7)}`];
  if (baseline !== undefined) parts.push(`baseline (${baselineName}) ${fmt(baseline, digits)} ${unit}`, `ratio ${Number.isFinite(ratio) ? ratio.toFixed(3) : '—'}×`);
  if (budget) parts.push(`budget ${budget.text} → ${budget.holds ? 'holds' : 'MISSED'}`);
  if (note) parts.push(note);
  console.log(parts.join('   '));
  const file = process.env.SW_BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify({ section, name, value, unit, baseline, baselineName, ratio, digits, budget, note })}\n`);
}

/** A line that explains instead of measuring (also recorded, so the summary shows it). */
export function remark(section, text) {
  console.log(`  ${text}`);
  const file = process.env.SW_BENCH_RESULTS;
  if (file) appendFileSync(file, `${JSON.stringify({ section, remark: text })}\n`);
}
