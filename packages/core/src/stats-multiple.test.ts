/**
 * Reference values: Benjamini & Hochberg, "Controlling the false discovery rate" (J. R. Stat.
 * Soc. B 57(1), 1995), section 4: of its 15 p-values, Bonferroni-type procedures reject 3
 * hypotheses at 0.05 and the BH procedure rejects 4. And R's p.adjust (stats package), whose
 * "holm" and "BH" adjustments of c(0.01, 0.02, 0.03, 0.04, 0.05) are
 * c(0.05, 0.08, 0.09, 0.09, 0.09) and c(0.05, 0.05, 0.05, 0.05, 0.05) (closed forms:
 * Holm's running max of (m − i + 1) p₍ᵢ₎, BH's running min of m p₍ᵢ₎ / i).
 */
import { describe, expect, it } from 'vitest';
import { adjustP, benjaminiHochberg, holm } from './stats-multiple.ts';

const paper = [0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.324, 0.4262, 0.5719, 0.6528, 0.759, 1];
const rejected = (adjusted: number[]) => adjusted.filter((p) => p < 0.05).length;

describe('multiple-comparison corrections', () => {
  it('reject as many of Benjamini and Hochberg’s 15 hypotheses as their paper says', () => {
    expect(rejected(holm(paper))).toBe(3);
    expect(rejected(benjaminiHochberg(paper))).toBe(4);
    expect(rejected(adjustP(paper, 'none'))).toBe(9);
  });

  it("match R's p.adjust, in the input's order", () => {
    const p = [0.03, 0.01, 0.05, 0.02, 0.04];
    const h = holm(p);
    [0.09, 0.05, 0.09, 0.08, 0.09].forEach((v, i) => expect(h[i]).toBeCloseTo(v, 12));
    for (const v of benjaminiHochberg(p)) expect(v).toBeCloseTo(0.05, 12);
  });

  it('never lower a p-value, never exceed 1, and leave a single comparison alone', () => {
    const p = [0.2, 0.6, 0.001, 0.04];
    for (const method of ['holm', 'bh'] as const) {
      const a = adjustP(p, method);
      a.forEach((v, i) => {
        expect(v).toBeGreaterThanOrEqual(p[i]!);
        expect(v).toBeLessThanOrEqual(1);
      });
      expect(adjustP([0.03], method)).toEqual([0.03]);
    }
  });
});
