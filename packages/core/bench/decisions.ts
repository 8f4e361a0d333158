/**
 * Decision-engine throughput in Node: slot decisions per second for the realistic config, the
 * same run's baseline (a config with no campaigns: the fixed cost of attributes and page
 * matching), and how throughput scales with the number of campaigns. Printed, never asserted.
 */
import { compileConfig } from '../src/compile.ts';
import { parseSiteConfig } from '../src/config.ts';
import { decideSlots } from '../src/decide.ts';
import { encodeProfileCookie, decodeProfileCookie } from '../src/profile-cookie.ts';
import { testContext } from '../src/testing.ts';
import { BENCH_NOW, realisticConfig, realisticProfile } from './realistic-config.ts';

const SLOTS_ON_PAGE = 5;
const MIN_MS = 1500;

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

function decisionsPerSecond(campaigns: number): number {
  const config = compiled(campaigns);
  return rate((i) => {
    decideSlots(config, { visitorId: visitorIds[i & 1023]!, profile: decodeProfileCookie(cookie), context, now: BENCH_NOW });
  }) * SLOTS_ON_PAGE;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
console.log(`profile cookie: ${cookie.length} B`);
const baseline = decisionsPerSecond(0);
const realistic = decisionsPerSecond(20);
console.log('\nslot decisions per second (one core, Node ' + process.version + ', cookie decoded per request)');
console.log(`  baseline, 0 campaigns:    ${fmt(baseline).padStart(12)}`);
console.log(`  realistic, 20 campaigns:  ${fmt(realistic).padStart(12)}   ${(realistic / baseline).toFixed(2)}× baseline; budget 200,000 → ${realistic >= 200_000 ? 'holds' : 'MISSED'}`);
console.log('\nscaling with the number of campaigns');
for (const n of [10, 100, 1000]) {
  const r = decisionsPerSecond(n);
  console.log(`  ${String(n).padStart(5)} campaigns: ${fmt(r).padStart(12)} decisions/s   ${(r / baseline).toFixed(3)}× baseline`);
}
