/**
 * Seeded simulations of campaigns, to check the statistics do what docs/statistics.md promises:
 * the false-positive rate when results are read every day, how soon a real effect is found, and
 * what CUPED buys. Deterministic for a seed; the tests run small versions, `npm run bench` big ones.
 * Visitors go through the same sums and the same analyzeMetrics a real campaign does.
 */
import type { ArmMetricSums, MetricDefinition, MetricSums } from './stats-metric-types.ts';
import { analyzeMetrics } from './stats-metrics.ts';

/** mulberry32: a small, fast 32-bit generator, good enough for simulation (not for secrets). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller; 1 − u keeps the log finite). */
export function normalDraw(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const zeroSums = (): MetricSums => ({ n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 });

/** In place, unlike stats-sums.ts's visitorSums: the bench adds millions of visitors. */
function addVisitor(s: MetricSums, y: number, x: number): void {
  s.n++;
  s.sumY += y;
  s.sumY2 += y * y;
  s.sumX += x;
  s.sumX2 += x * x;
  s.sumXY += x * y;
}

export interface PeekingOptions {
  runs: number;
  days: number;
  visitorsPerArmPerDay: number;
  baseRate: number;
  /** True relative effect of the variant on the conversion rate (0 for an A/A test). */
  lift: number;
  seed: number;
}

/** Per run, the first day (1-based) on which each view called a difference, or null if none in `days`. */
export interface PeekingOutcome {
  fixed: (number | null)[];
  sequential: (number | null)[];
}

const conversion: MetricDefinition[] = [{ id: 'c', role: 'primary', kind: 'conversion' }];

/** Campaigns whose results are read after every day; a view "calls" the first time p < 0.05. */
export function simulatePeeking(o: PeekingOptions): PeekingOutcome {
  const random = seededRandom(o.seed);
  const out: PeekingOutcome = { fixed: [], sequential: [] };
  for (let run = 0; run < o.runs; run++) {
    const control = zeroSums();
    const variant = zeroSums();
    let fixed: number | null = null;
    let sequential: number | null = null;
    for (let day = 1; day <= o.days && (fixed === null || sequential === null); day++) {
      for (let i = 0; i < o.visitorsPerArmPerDay; i++) {
        addVisitor(control, random() < o.baseRate ? 1 : 0, 0);
        addVisitor(variant, random() < o.baseRate * (1 + o.lift) ? 1 : 0, 0);
      }
      const arms: ArmMetricSums[] = [
        { arm: 'control', metrics: { c: control } },
        { arm: 'b', metrics: { c: variant } },
      ];
      const best = analyzeMetrics(conversion, arms).metrics[0]?.comparisons[0]?.best;
      if (!best) continue;
      if (fixed === null && best.fixed.p < 0.05) fixed = day;
      if (sequential === null && best.sequential.p < 0.05) sequential = day;
    }
    out.fixed.push(fixed);
    out.sequential.push(sequential);
  }
  return out;
}

/** Share of runs in which a view called a difference. */
export const calledShare = (days: readonly (number | null)[]) => days.filter((d) => d !== null).length / days.length;

/** Median day of the first call, counting runs never called as later than any day; null when most were never called. */
export function medianDay(days: readonly (number | null)[]): number | null {
  const sorted = days.map((d) => d ?? Number.POSITIVE_INFINITY).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return Number.isFinite(median) ? median : null;
}

export interface CupedOptions {
  runs: number;
  visitorsPerArm: number;
  /** Correlation of the pre-exposure covariate with the outcome. */
  rho: number;
  lift: number;
  seed: number;
}

export interface CupedRun {
  raw: number;
  cuped: number;
  narrowing: number;
  /** Whether each estimate's fixed-horizon interval covered the true lift. */
  rawCovered: boolean;
  cupedCovered: boolean;
}

/** Visitors with outcome y = 10 (1 + lift) + 5 (ρ x + √(1 − ρ²) ε), x and ε standard normal. */
export function simulateCuped(o: CupedOptions): CupedRun[] {
  const random = seededRandom(o.seed);
  const metric: MetricDefinition[] = [{ id: 'rpv', role: 'primary', kind: 'revenue-per-visitor' }];
  const runs: CupedRun[] = [];
  const noise = Math.sqrt(1 - o.rho ** 2);
  for (let run = 0; run < o.runs; run++) {
    const arms = [zeroSums(), zeroSums()] as const;
    arms.forEach((s, arm) => {
      const mean = 10 * (arm === 1 ? 1 + o.lift : 1);
      for (let i = 0; i < o.visitorsPerArm; i++) {
        const x = normalDraw(random);
        addVisitor(s, mean + 5 * (o.rho * x + noise * normalDraw(random)), x);
      }
    });
    const c = analyzeMetrics(metric, [
      { arm: 'control', metrics: { rpv: arms[0] } },
      { arm: 'b', metrics: { rpv: arms[1] } },
    ]).metrics[0]?.comparisons[0];
    if (!c?.unadjusted || !c.cuped) continue;
    const covers = (e: { fixed: { lo: number; hi: number } }) => e.fixed.lo <= o.lift && o.lift <= e.fixed.hi;
    runs.push({ raw: c.unadjusted.rel, cuped: c.cuped.rel, narrowing: c.cuped.narrowing, rawCovered: covers(c.unadjusted), cupedCovered: covers(c.cuped) });
  }
  return runs;
}
