import { describe, expect, it } from 'vitest';
import { encodeCovariates, metricPropsProblem, parseCovariates } from './metric-events.ts';
import { emptyProfile } from './profile.ts';

const stats = (d30: number) => ({ d1: 0, d7: 0, d30, d90: d30, total: d30, last: 0 });

describe("metrics' event props", () => {
  it('carry the most frequent event types of the last 30 days as covariates, bounded, and read back the same', () => {
    const events = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`e${i}`, stats(i)]));
    const pre = encodeCovariates({ ...emptyProfile(), events: { ...events, page_view: stats(500_000), purchase: stats(2) } });
    const parsed = parseCovariates(pre);
    expect(parsed.ok && Object.keys(parsed.covariates)).toHaveLength(12);
    expect(parsed.ok && parsed.covariates.page_view).toBe(100_000);
    expect(parsed.ok && parsed.covariates.e19).toBe(19);
    expect(parsed.ok && parsed.covariates.e0).toBeUndefined();
    expect(encodeCovariates(emptyProfile())).toBe('');
  });

  it('refuse malformed covariates and out-of-range vitals with the prop named', () => {
    const exposure = (pre: unknown) => ({ id: 'e1234567', type: 'exposure', ts: 1, props: { campaign: 'c', variant: 'a', pre } as never });
    expect(metricPropsProblem(exposure('purchase:2,page_view:14'))).toBeNull();
    expect(metricPropsProblem(exposure('Purchase:2'))).toMatch(/^props\.pre: "Purchase:2" is not/);
    expect(metricPropsProblem(exposure('purchase:-1'))).toMatch(/^props\.pre:/);
    expect(metricPropsProblem(exposure('purchase:200000'))).toMatch(/at most 100000/);
    expect(metricPropsProblem(exposure(Array.from({ length: 13 }, (_, i) => `e${i}:1`).join(',')))).toMatch(/at most 12/);
    const vitals = (props: Record<string, unknown>) => ({ id: 'e1234567', type: 'vitals', ts: 1, props: props as never });
    expect(metricPropsProblem(vitals({ lcp: 1200, cls: 0.25, inp: 80 }))).toBeNull();
    expect(metricPropsProblem(vitals({ cls: -0.1 }))).toBe('props.cls: must be a number from 0 to 100');
    expect(metricPropsProblem(vitals({ lcp: '1200' }))).toMatch(/^props\.lcp/);
  });
});
