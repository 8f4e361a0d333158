/**
 * Adjusted p-values for a family of comparisons (every variant × every metric), so "significant"
 * keeps its promise however many arms and metrics a campaign has:
 * - Holm (1979), "A simple sequentially rejective multiple test procedure": controls the chance
 *   of any false call (family-wise error) at α, uniformly more powerful than Bonferroni.
 * - Benjamini & Hochberg (1995), "Controlling the false discovery rate": controls the expected
 *   share of false calls among the calls made at α; more calls when many effects are real.
 * Both return adjusted p-values in the input's order (p.adjust's "holm" and "BH" in R), so a
 * comparison is significant when its adjusted p-value is below α.
 */
import type { CorrectionMethod } from './stats-metric-types.ts';

export function holm(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([v, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * v));
    out[i] = running;
  });
  return out;
}

export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((v, i) => [v, i] as const).sort((a, b) => b[0] - a[0]);
  const out = new Array<number>(m);
  let running = 1;
  order.forEach(([v, i], k) => {
    const rank = m - k;
    running = Math.min(running, (m / rank) * v);
    out[i] = Math.min(1, running);
  });
  return out;
}

export function adjustP(p: readonly number[], method: CorrectionMethod): number[] {
  if (method === 'holm') return holm(p);
  if (method === 'bh') return benjaminiHochberg(p);
  return [...p];
}
