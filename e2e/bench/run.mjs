// `npm run bench`: every Slotwise performance figure, each beside a baseline measured in the
// same run and the ratio, from a fresh clone in a few minutes. It builds what it serves, starts
// and stops its own servers on 127.0.0.1 ports 8830-8853, keeps every load bounded in count and
// time, and ends with a summary table (Markdown, for docs/performance.md).
//
//   npm run bench                          everything
//   npm run bench -- --only=engine,sdk     some sections: engine, programme, stats, recommend, edge, ttfb-steps, large-pages, sdk, browser, editor, publish
//   npm run bench -- --no-build            reuse the current builds
//   npm run bench -- --write-docs          also put the summary table into docs/performance.md
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { PORTS, fmt, remark, root, tempDir } from './lib.mjs';

const args = process.argv.slice(2);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const wants = (section) => !only || only.includes(section);
const started = Date.now();
const results = join(tempDir('results'), 'results.jsonl');
writeFileSync(results, '');
process.env.SW_BENCH_RESULTS = results;

const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' }).stdout ?? '';
const cpuModel = /Model name:\s*(.+)/.exec(lscpu)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
let os = process.platform;
try {
  os = /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os;
} catch {}
const machine = `nproc ${spawnSync('nproc', [], { encoding: 'utf8' }).stdout?.trim() ?? cpus().length}, ${cpuModel}, ${os}, Node ${process.version}, ${new Date().toISOString()}`;
console.log(`Slotwise bench — ${machine}`);
console.log('Every figure is printed beside a baseline measured in this same run, and the ratio. Timings are noisy on a shared machine.');

if (!args.includes('--no-build')) {
  console.log('\nbuilding the SDK, the editor and the Worker (npm run build) …');
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

// A section that fails is reported and the others still run; the exit code says it failed.
const failed = [];
async function section(name, fn) {
  try {
    await fn();
  } catch (error) {
    failed.push(name);
    console.error(`\n!! ${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    remark(name, `FAILED: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
}

if (wants('engine')) {
  await section('engine', () => {
    console.log('\n== Decision engine (Node, one core) ==');
    execFileSync(process.execPath, [join(root, 'packages', 'core', 'bench', 'run.mjs')], { stdio: 'inherit', env: process.env });
  });
}
if (wants('programme')) {
  await section('programme', () => {
    execFileSync(process.execPath, [join(root, 'packages', 'core', 'bench', 'run.mjs'), 'air-traffic'], { stdio: 'inherit', env: process.env });
  });
}
if (wants('stats')) await section('stats', async () => (await import('./stats.mjs')).runStats());
if (wants('recommend')) {
  await section('recommend', () => {
    console.log('\n== Recommendations at 100,000 items (Node, one core) ==');
    execFileSync(process.execPath, [join(root, 'packages', 'core', 'bench', 'run.mjs'), 'recommend'], { stdio: 'inherit', env: process.env });
  });
}
if (wants('edge')) await section('edge', async () => (await import('./edge.mjs')).runEdge());
if (wants('ttfb-steps')) await section('ttfb-steps', async () => (await import('./ttfb-steps.mjs')).runTtfbSteps());
if (wants('large-pages')) await section('large-pages', async () => (await import('./large-pages.mjs')).runLargePages());
if (wants('sdk')) await section('sdk', async () => (await import('./sdk.mjs')).runSdkSizes());
if (wants('browser') || wants('editor') || wants('publish')) {
  const { startStack } = await import('../stack.mjs');
  const persistTo = tempDir('stack');
  let stack;
  await section('stack', async () => {
    stack = await startStack({ port: PORTS.stack, originPort: PORTS.stackOrigin, persistTo, debugToken: 'bench', quiet: true });
  });
  if (stack) {
    try {
      if (wants('browser')) await section('browser', async () => (await import('./sdk.mjs')).runSdkBrowser(stack.url));
      if (wants('editor')) await section('editor', async () => (await import('./editor-load.mjs')).runEditorLoad(stack.url, stack.adminPassword));
      if (wants('publish')) await section('publish', async () => (await import('./publish.mjs')).runPublish(stack.url, stack.adminPassword));
    } finally {
      await stack.close();
    }
  }
  rmSync(persistTo, { recursive: true, force: true });
}

// The summary: one Markdown table, every figure with its baseline and ratio.
const rows = readFileSync(results, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const cell = (v, digits, unit) => (v === undefined || v === null ? '' : `${fmt(v, digits)}${unit ? ` ${unit}` : ''}`);
const lines = [
  `Machine: ${machine}; \`npm run bench\` took ${((Date.now() - started) / 1000).toFixed(0)} s.`,
  '',
  '| section | figure | value | same-run baseline | ratio | budget |',
  '|---|---|---:|---|---:|---|',
];
for (const r of rows) {
  if (r.remark) continue;
  const baseline = r.baseline === undefined ? '' : `${r.baselineName}: ${cell(r.baseline, r.digits, r.unit)}`;
  const ratio = r.baseline === undefined || !Number.isFinite(r.ratio) ? '' : `${r.ratio.toFixed(3)}×`;
  const budget = r.budget ? `${r.budget.text}: **${r.budget.holds ? 'holds' : 'missed'}**` : '';
  lines.push(`| ${r.section} | ${r.name}${r.note ? ` (${r.note})` : ''} | ${cell(r.value, r.digits, r.unit)} | ${baseline} | ${ratio} | ${budget} |`);
}
lines.push('', ...rows.filter((x) => x.remark).map((r) => `- ${r.section}: ${r.remark}`));
const summary = lines.join('\n');
console.log(`\n== Summary (Markdown) ==\n\n${summary}`);
if (args.includes('--write-docs')) {
  const docs = join(root, 'docs', 'performance.md');
  const text = readFileSync(docs, 'utf8');
  const [start, end] = ['<!-- bench:summary -->', '<!-- /bench:summary -->'];
  if (!text.includes(start) || !text.includes(end)) throw new Error(`${docs} has no ${start} … ${end} block`);
  writeFileSync(docs, `${text.slice(0, text.indexOf(start) + start.length)}\n${summary}\n${text.slice(text.indexOf(end))}`);
  console.log(`\nwrote the summary into ${docs}`);
}
rmSync(results, { force: true });
if (failed.length) {
  console.error(`\nfailed sections: ${failed.join(', ')}`);
  process.exitCode = 1;
}
