/** Percentile capping from binned sums, against capping the raw values themselves. */
import { describe, expect, it } from 'vitest';
import { type BinSums, binLowerEdge, cappedSums, percentileCap, valueBin } from './stats-capping.ts';
import type { MetricSums } from './stats-metric-types.ts';
import { normalDraw, seededRandom } from './stats-simulation.ts';

const add = (s: MetricSums, y: number, x: number) => {
  s.n++;
  s.sumY += y;
  s.sumY2 += y * y;
  s.sumX += x;
  s.sumX2 += x * x;
  s.sumXY += x * y;
};
const zero = (): MetricSums => ({ n: 0, sumY: 0, sumY2: 0, sumX: 0, sumX2: 0, sumXY: 0 });

/** What the event store keeps for one arm: the plain sums, and the sums per bin of positive values. */
function store(rows: readonly [y: number, x: number][]) {
  const total = zero();
  const bins = new Map<number, BinSums>();
  for (const [y, x] of rows) {
    add(total, y, x);
    const bin = valueBin(y);
    if (bin === null) continue;
    const b = bins.get(bin) ?? { bin, ...zero() };
    add(b, y, x);
    bins.set(bin, b);
  }
  return { total, bins: [...bins.values()] };
}

describe('revenue capped at a percentile', () => {
  const random = seededRandom(7);
  // Most visitors buy nothing; buyers' values are log-normal with a long tail.
  const arm = () => Array.from({ length: 3000 }, (): [number, number] => [random() < 0.2 ? Math.exp(3.5 + 1.2 * normalDraw(random)) : 0, random() * 5]);
  const rows = [arm(), arm()];
  const stored = rows.map(store);
  const cap = percentileCap(
    stored.flatMap((s) => s.bins),
    0.99,
  )!;

  it('puts the cap on a bin edge at most one bin above the true percentile of buyers', () => {
    const buyers = rows
      .flat()
      .map(([y]) => y)
      .filter((y) => y > 0)
      .sort((a, b) => a - b);
    const trueP99 = buyers[Math.ceil(0.99 * buyers.length) - 1]!;
    expect(cap).toBeGreaterThan(trueP99);
    expect(cap).toBeLessThanOrEqual(trueP99 * 2 ** (1 / 4) + 1e-9);
    expect(buyers.filter((y) => y >= cap).length / buyers.length).toBeLessThanOrEqual(0.01);
  });

  it('gives exactly the sums of the capped raw values', () => {
    stored.forEach((s, i) => {
      const direct = zero();
      for (const [y, x] of rows[i]!) add(direct, Math.min(y, cap), x);
      const capped = cappedSums(s.total, s.bins, cap);
      for (const k of ['n', 'sumY', 'sumY2', 'sumX', 'sumX2', 'sumXY'] as const) expect(capped[k]).toBeCloseTo(direct[k], 6);
    });
  });

  it('bins every positive value where it belongs, and no other', () => {
    for (const v of [0.01, 1, 2 ** 0.25, 3.999999, 4, 1e6, 123.45]) {
      const b = valueBin(v)!;
      expect(binLowerEdge(b)).toBeLessThanOrEqual(v);
      expect(binLowerEdge(b + 1)).toBeGreaterThan(v);
    }
    expect([0, -5, Number.NaN, Number.POSITIVE_INFINITY].map(valueBin)).toEqual([null, null, null, null]);
    expect(percentileCap([], 0.99)).toBeNull();
  });
});
