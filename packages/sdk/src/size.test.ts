/**
 * The script-tag SDK ships on every page of every site: its gzip size is a budget (DESIGN.md:
 * ≤ 4 KB), checked on the real build output. `npm test` builds before it runs the suites.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const BUDGET_GZIP_BYTES = 4096;
const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url));

describe('sw.js size', () => {
  it(`stays within ${BUDGET_GZIP_BYTES} bytes gzip`, () => {
    const gzip = gzipSync(dist('sw.js'), { level: 9 }).length;
    expect(gzip).toBeGreaterThan(500);
    expect(gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
  });

  it('does not carry the decision engine, schema validation, reporting, profile folding or editor code', () => {
    const source = dist('sw.js').toString();
    // Markers of code that belongs in the lazily loaded chunks only.
    for (const marker of [
      '/__sw/config',
      'must be lower_snake_case',
      'unknown operator',
      'data-sw-edit',
      '/__sw/collect',
      'IntersectionObserver',
      'PerformanceObserver',
      'clearance',
    ]) {
      expect(source).not.toContain(marker);
    }
    expect(dist('sw-decide.mjs').toString()).toContain('/__sw/config');
    expect(dist('sw-send.mjs').toString()).toContain('/__sw/collect');
    expect(dist('sw-send.mjs').toString()).toContain('IntersectionObserver');
    // Profile folding (its deal-search words) and the cookie encoder.
    expect(dist('sw-fold.mjs').toString()).toContain('clearance');
  });

  it('measures page experience in its own chunk of a few hundred bytes, which only some pages load', () => {
    const vitals = dist('sw-vitals.js');
    expect(vitals.toString()).toContain('PerformanceObserver');
    expect(gzipSync(vitals, { level: 9 }).length).toBeLessThanOrEqual(700);
  });
});
