// The statistics section of `npm run bench` (issue 21): seeded simulated campaigns, ten times
// more than the unit tests run, read after every day for 30 days. Prints what a marketer who
// checks daily gets from fixed-horizon intervals vs always-valid ones, and what CUPED buys.
import { join } from 'node:path';
import { figure, fmt, importTs, remark, root } from './lib.mjs';

const SECTION = 'stats';
const pct = (x) => `${fmt(100 * x, 1)}%`;
/** ± half-width of a 95% interval on a share estimated from `runs` runs. */
const moe = (share, runs) => 1.96 * Math.sqrt((share * (1 - share)) / runs);

export async function runStats() {
  console.log('\n== Statistics: daily peeking over 30 days, seeded simulations ==');
  const sim = await importTs(join(root, 'packages', 'core', 'src', 'stats-simulation.ts'));
  const started = Date.now();
  const rows = [];

  const aaRuns = 4000;
  const aa = sim.simulatePeeking({ runs: aaRuns, days: 30, visitorsPerArmPerDay: 500, baseRate: 0.05, lift: 0, seed: 101 });
  const [aaFixed, aaSeq] = [sim.calledShare(aa.fixed), sim.calledShare(aa.sequential)];
  rows.push([
    `A/A, 5% base rate, 500 visitors/arm/day, ${aaRuns} campaigns`,
    'false-positive rate',
    `${pct(aaFixed)} ± ${pct(moe(aaFixed, aaRuns))}`,
    `${pct(aaSeq)} ± ${pct(moe(aaSeq, aaRuns))}`,
  ]);
  figure({
    section: SECTION,
    name: 'A/A false-positive rate, read daily 30 days, always-valid',
    value: 100 * aaSeq,
    unit: '%',
    digits: 1,
    baseline: 100 * aaFixed,
    baselineName: 'fixed-horizon',
    budget: { text: '≤ 5%', holds: aaSeq <= 0.05 },
  });

  for (const [label, perDay, runs, seed] of [
    ['+10% on a 10% base, 2000 visitors/arm/day', 2000, 1000, 102],
    ['+10% on a 10% base, 500 visitors/arm/day', 500, 1000, 103],
  ]) {
    const r = sim.simulatePeeking({ runs, days: 30, visitorsPerArmPerDay: perDay, baseRate: 0.1, lift: 0.1, seed });
    const [df, ds] = [sim.medianDay(r.fixed), sim.medianDay(r.sequential)];
    const day = (d) => (d === null ? 'not within 30 days' : `day ${fmt(d, 1)}`);
    rows.push([`${label}, ${runs} campaigns`, 'detected within 30 days', pct(sim.calledShare(r.fixed)), pct(sim.calledShare(r.sequential))]);
    rows.push([`${label}, ${runs} campaigns`, 'median day of detection', day(df), day(ds)]);
    if (df !== null && ds !== null)
      figure({
        section: SECTION,
        name: `median days to detect +10% (${perDay}/arm/day), always-valid`,
        value: ds,
        unit: 'days',
        digits: 1,
        baseline: df,
        baselineName: 'fixed-horizon, peeking',
      });
  }

  const cupedRuns = sim.simulateCuped({ runs: 3000, visitorsPerArm: 1000, rho: 0.5, lift: 0.05, seed: 104 });
  const mean = (a) => a.reduce((s, v) => s + v, 0) / a.length;
  const sd = (a) => Math.sqrt(a.reduce((s, v) => s + (v - mean(a)) ** 2, 0) / (a.length - 1));
  const narrowing = mean(cupedRuns.map((r) => r.narrowing));
  const bias = mean(cupedRuns.map((r) => r.cuped)) - 0.05;
  const spread = sd(cupedRuns.map((r) => r.cuped)) / sd(cupedRuns.map((r) => r.raw));
  figure({
    section: SECTION,
    name: 'CUPED interval narrowing, ρ = 0.5',
    value: 100 * narrowing,
    unit: '%',
    digits: 1,
    baseline: 100 * (1 - Math.sqrt(0.75)),
    baselineName: 'theory 1 − √(1 − ρ²)',
  });
  remark(
    SECTION,
    `CUPED, ρ = 0.5, 3000 campaigns of 2×1000 visitors: intervals ${pct(narrowing)} narrower (theory 13.4%), spread of estimates ×${spread.toFixed(3)} (theory ×0.866), bias ${bias.toExponential(1)} (true lift 0.05), interval coverage ${pct(mean(cupedRuns.map((r) => (r.cupedCovered ? 1 : 0))))}`,
  );

  console.log('\n| scenario | figure | fixed-horizon, read daily | always-valid (default) |');
  console.log('|---|---|---:|---:|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  console.log(`\n  (${((Date.now() - started) / 1000).toFixed(1)} s; a view "detects" the first day its 95% interval excludes 0)`);
}
