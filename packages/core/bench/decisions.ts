/**
 * Decision-engine throughput in Node: slot decisions per second for the realistic config, the
 * same run's baseline (a config with no campaigns: the fixed cost of decoding the ~1.2 KB profile
 * cookie, building the attributes and matching pages), and how throughput scales with the number
 * of campaigns. Printed, never asserted; `npm run bench` runs it first.
 */
import { appendFileSync } from 'node:fs';
import { compileConfig } from '../src/compile.ts';
import { parseSiteConfig } from '../src/config.ts';
import { decideSlots } from '../src/decide.ts';
import { encodeProfileCookie, decodeProfileCookie } from '../src/profile-cookie.ts';
import { testContext } from '../src/testing.ts';
import { BENCH_NOW, realisticConfig, realisticProfile } from './realistic-config.ts';

const SLOTS_ON_PAGE = 5;
const MIN_MS = 1000;
/**
 * Each config is measured this many times, the configs interleaved; the best run is reported as
 * the per-core rate (other work on a shared machine only ever slows a run down), the median
 * beside it.
 */
const TRIALS = 3;

function compiled(campaigns: number) {
  const parsed = parseSiteConfig(realisticConfig(campaigns));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return compileConfig(parsed.config);
}

/** Calls per second of fn, over at least MIN_MS after a warm-up. */
function rate(fn: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) fn(i);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    for (let i = 0; i < 500; i++) fn(calls++);
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

const cookie = encodeProfileCookie(realisticProfile());
const context = testContext('/', {
  geo: { country: 'DE', region: 'BE', city: 'Berlin', timezone: 'Europe/Berlin' },
  utm: { source: 'newsletter' },
});
const visitorIds = Array.from({ length: 1024 }, (_, i) => `visitor-${i.toString(36).padStart(16, '0')}`);

function decider(campaigns: number): (i: number) => void {
  const config = compiled(campaigns);
  return (i) => {
    decideSlots(config, { visitorId: visitorIds[i & 1023]!, profile: decodeProfileCookie(cookie), context, now: BENCH_NOW });
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Adds a figure to the summary `npm run bench` prints at the end (e2e/bench/run.mjs sets the file). */
function record(name: string, value: number, baseline: number, budget?: { text: string; holds: boolean }): void {
  const file = process.env.SW_BENCH_RESULTS;
  if (!file) return;
  const figure = { section: 'engine', name, value, unit: 'decisions/s', baseline, baselineName: '0 campaigns', ratio: value / baseline, digits: 0, budget };
  appendFileSync(file, `${JSON.stringify(figure)}\n`);
}

console.log(`profile cookie: ${cookie.length} B (encodeProfileCookie of the realistic profile); ${SLOTS_ON_PAGE} slots on the page`);
const sizes = [0, 10, 20, 100, 1000];
const REALISTIC = sizes.indexOf(20);
const fns = sizes.map(decider);
const runs = sizes.map(() => [] as number[]);
for (let t = 0; t < TRIALS; t++) fns.forEach((fn, k) => runs[k]!.push(rate(fn) * SLOTS_ON_PAGE));
const best = (k: number) => Math.max(...runs[k]!);
const mid = (k: number) => [...runs[k]!].sort((a, b) => a - b)[Math.floor(TRIALS / 2)]!;
const baseline = best(0);
const realistic = best(REALISTIC);
console.log(`\nslot decisions per second (one core, Node ${process.version}, cookie decoded per request; best of ${TRIALS}, median in brackets)`);
console.log(`  baseline, 0 campaigns:    ${fmt(baseline).padStart(12)}  (${fmt(mid(0))})`);
console.log(`  realistic, 20 campaigns:  ${fmt(realistic).padStart(12)}  (${fmt(mid(REALISTIC))})   ${(realistic / baseline).toFixed(2)}× baseline; budget 200,000 → ${realistic >= 200_000 ? 'holds' : 'MISSED'}`);
record('slot decisions/s, realistic (20 campaigns)', realistic, baseline, { text: '≥ 200,000', holds: realistic >= 200_000 });
console.log('\nscaling with the number of campaigns');
sizes.forEach((n, k) => {
  if (n === 0) return;
  console.log(`  ${String(n).padStart(5)} campaigns: ${fmt(best(k)).padStart(12)} decisions/s  (${fmt(mid(k))})   ${(best(k) / baseline).toFixed(3)}× baseline`);
  if (n !== 20) record(`slot decisions/s, ${n} campaigns`, best(k), baseline);
});
