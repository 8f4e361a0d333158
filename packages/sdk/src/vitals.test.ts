import { describe, expect, it } from 'vitest';
import { clsOf, inpOf } from './vitals.ts';

const shift = (startTime: number, value: number, hadRecentInput = false) => ({ startTime, value, hadRecentInput });

describe('page experience', () => {
  it("scores CLS as the largest session window of shifts not caused by input (web.dev's definition)", () => {
    expect(clsOf([])).toBe(0);
    // One window: shifts under 1 s apart add up.
    expect(clsOf([shift(100, 0.1), shift(600, 0.05)])).toBeCloseTo(0.15, 12);
    // A gap of 1 s starts a new window; the larger window counts, not the sum of all.
    expect(clsOf([shift(100, 0.1), shift(1200, 0.05), shift(1500, 0.02)])).toBeCloseTo(0.1, 12);
    // A window ends after 5 s even without a gap.
    const steady = Array.from({ length: 12 }, (_, i) => shift(i * 900, 0.01));
    expect(clsOf(steady)).toBeCloseTo(0.06, 12);
    // Shifts right after input are expected, not counted.
    expect(clsOf([shift(100, 0.3, true), shift(200, 0.01)])).toBeCloseTo(0.01, 12);
  });

  it('takes INP as the longest interaction, or the 98th percentile from 50 interactions on', () => {
    expect(inpOf([])).toBeUndefined();
    expect(inpOf([40, 120, 80])).toBe(120);
    const many = Array.from({ length: 60 }, (_, i) => i + 1);
    // 60 interactions: the single worst (60) is ignored, the next counts.
    expect(inpOf(many)).toBe(59);
  });
});
