import { describe, expect, it } from 'vitest';
import { compileConfig } from './compile.ts';
import { parseSiteConfig } from './config.ts';
import { decideSlots } from './decide.ts';
import { FREQUENCY_COOKIE } from './cookie-names.ts';
import { MAX_CAPPED_CAMPAIGNS, decodeFrequency, encodeFrequency, recordShown, shownCount, utcDay } from './frequency.ts';
import { emptyProfile } from './profile.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig, testContext } from './testing.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;
const VISITOR = 'visitor-0000000000000001';

function config(campaigns: SiteConfigInput['campaigns'], site: Partial<SiteConfigInput['site']> = {}) {
  const parsed = parseSiteConfig(testConfig({ campaigns, site: { id: 'shop', ...site } }));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return compileConfig(parsed.config);
}

const capped = (id: string, cap: { perDay?: number; total?: number }, priority = 1): SiteConfigInput['campaigns'][number] => ({
  id,
  name: id,
  status: 'live',
  priority,
  slots: ['hero'],
  frequencyCap: cap,
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: id } } }],
});

/** Visits pages one after another as the Worker does: decide with the cookie, then write it back. */
function visit(compiled: ReturnType<typeof config>, pages: number, start = NOW, step = 60_000): string[] {
  let cookie = '';
  const shown: string[] = [];
  for (let i = 0; i < pages; i++) {
    const now = start + i * step;
    const decisions = decideSlots(compiled, { visitorId: VISITOR, profile: emptyProfile(), context: testContext('/'), now, frequency: decodeFrequency(cookie) });
    shown.push(decisions.slots.hero?.campaign ?? 'default');
    const next = recordShown(decodeFrequency(cookie), decisions, compiled.capped, now);
    if (next) cookie = encodeFrequency(next);
  }
  return shown;
}

describe('frequency caps', () => {
  it('show a campaign at most perDay times a day, then let the next campaign have the slot', () => {
    const compiled = config([capped('offer', { perDay: 3 }), { ...capped('fallback', {}, 2), frequencyCap: undefined }]);
    expect(visit(compiled, 5)).toEqual(['offer', 'offer', 'offer', 'fallback', 'fallback']);
  });

  it('start again on the next UTC day, until the total cap', () => {
    const compiled = config([capped('offer', { perDay: 2, total: 3 })]);
    let cookie = '';
    const seen: string[] = [];
    for (const now of [NOW, NOW + 1000, NOW + 2000, NOW + DAY, NOW + DAY + 1000, NOW + 2 * DAY]) {
      const decisions = decideSlots(compiled, { visitorId: VISITOR, profile: emptyProfile(), context: testContext('/'), now, frequency: decodeFrequency(cookie), trace: true });
      seen.push(decisions.slots.hero?.campaign ?? decisions.trace[0]!.reason);
      const next = recordShown(decodeFrequency(cookie), decisions, compiled.capped, now);
      if (next) cookie = encodeFrequency(next);
    }
    expect(seen).toEqual([
      'offer',
      'offer',
      'frequency cap reached: shown 2 times today (at most 2)',
      'offer',
      'frequency cap reached: shown 3 times (at most 3)',
      'frequency cap reached: shown 3 times (at most 3)',
    ]);
  });

  it('count only capped campaigns that showed a variant, not a control group showing', () => {
    const compiled = config([{ ...capped('test', { perDay: 1 }), holdoutPct: 99 }]);
    const decisions = decideSlots(compiled, { visitorId: VISITOR, profile: emptyProfile(), context: testContext('/'), now: NOW });
    expect(decisions.slots.hero?.variant).toBe('control');
    expect(recordShown(new Map(), decisions, compiled.capped, NOW)).toBeNull();
    const uncapped = config([{ ...capped('free', {}), frequencyCap: undefined }]);
    expect(uncapped.capped.size).toBe(0);
  });
});

describe('the sw_f cookie', () => {
  it('round-trips, most recently shown first, bounded in entries', () => {
    const counts = new Map(Array.from({ length: MAX_CAPPED_CAMPAIGNS + 5 }, (_, i) => [`c${i}`, { day: utcDay(NOW) - i, today: 1, total: i + 1 }] as const));
    const encoded = encodeFrequency(counts);
    expect(FREQUENCY_COOKIE).toBe('sw_f');
    expect(encoded.startsWith('1|c0:')).toBe(true);
    const decoded = decodeFrequency(encoded);
    expect(decoded.size).toBe(MAX_CAPPED_CAMPAIGNS);
    expect(decoded.get('c3')).toEqual({ day: utcDay(NOW) - 3, today: 1, total: 4 });
    expect(shownCount(decoded, 'c0', NOW)).toEqual({ today: 1, total: 1 });
    expect(shownCount(decoded, 'c3', NOW)).toEqual({ today: 0, total: 4 });
  });

  it('reads garbage, other versions and prototype keys as never shown', () => {
    for (const bad of [undefined, null, '', 'x', '2|a:1:1:1', '1|a:b:c:d', '1|__proto__', 'é'.repeat(3000), '1|a:1:1']) {
      expect(decodeFrequency(bad).size).toBe(0);
    }
    const odd = decodeFrequency('1|constructor:20000:5:1|ok:1:1:1');
    expect(odd.get('constructor')).toEqual({ day: 20000, today: 5, total: 5 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('global holdout', () => {
  it('holds out a stable share of visitors from every campaign; visitors without an id are never held out', () => {
    const compiled = config([{ ...capped('hello', {}), frequencyCap: undefined }], { holdoutPct: 20 });
    let held = 0;
    for (let n = 0; n < 2000; n++) {
      const id = `visitor-${String(n).padStart(16, '0')}`;
      const first = decideSlots(compiled, { visitorId: id, profile: emptyProfile(), context: testContext('/'), now: NOW });
      const again = decideSlots(compiled, { visitorId: id, profile: emptyProfile(), context: testContext('/'), now: NOW + DAY });
      expect(again.holdout).toBe(first.holdout);
      if (first.holdout) {
        held++;
        expect(first.slots).toEqual({});
      } else expect(first.slots.hero?.campaign).toBe('hello');
    }
    expect(held / 2000).toBeGreaterThan(0.17);
    expect(held / 2000).toBeLessThan(0.23);
    const anonymous = decideSlots(compiled, { visitorId: null, profile: emptyProfile(), context: testContext('/'), now: NOW });
    expect(anonymous.holdout).toBe(false);
    expect(anonymous.slots.hero?.campaign).toBe('hello');
  });

  it('explains itself in the trace, and reserves its results id', () => {
    const compiled = config([{ ...capped('hello', {}), frequencyCap: undefined }], { holdoutPct: 50 });
    let n = 0;
    let decisions: ReturnType<typeof decideSlots>;
    do decisions = decideSlots(compiled, { visitorId: `visitor-${String(n++).padStart(16, '0')}`, profile: emptyProfile(), context: testContext('/'), now: NOW, trace: true });
    while (!decisions.holdout);
    expect(decisions.trace[0]?.reason).toMatch(/global holdout \(50%\)/);
    const reserved = parseSiteConfig(testConfig({ campaigns: [{ ...capped('sw-programme', {}), frequencyCap: undefined }] }));
    expect(reserved.ok ? [] : reserved.errors).toEqual(['campaigns[0].id: "sw-programme" is reserved for the global holdout\'s results']);
  });
});
