import { describe, expect, it } from 'vitest';
import { decideSlots, type DecideInput } from './decide.ts';
import { emptyProfile } from './profile.ts';
import { compiledTestConfig, testCampaign, testContext } from './testing.ts';

const NOW = Date.parse('2026-06-01T12:00:00Z');

const campaign = testCampaign;
const compiled = compiledTestConfig;

function decide(config: ReturnType<typeof compiled>, input: Partial<DecideInput> = {}) {
  return decideSlots(config, { visitorId: 'visitor-0000000000000001', profile: emptyProfile(), context: testContext('/'), now: NOW, ...input });
}

describe('decideSlots', () => {
  it('gives a slot to the campaign with the best priority, ties broken by id', () => {
    const config = compiled([campaign('later', { priority: 2 }), campaign('b-first', { priority: 1 }), campaign('a-first', { priority: 1 })]);
    expect(decide(config).slots.hero?.campaign).toBe('a-first');
  });

  it('skips a multi-slot campaign whole when one of its slots is taken, and says why', () => {
    const config = compiled([campaign('top', { priority: 1, slots: ['hero'] }), campaign('pair', { priority: 2, slots: ['hero', 'promo'] })]);
    const result = decide(config, { trace: true });
    expect(result.slots.promo).toBeUndefined();
    expect(result.trace).toContainEqual({ campaign: 'pair', outcome: 'skipped', reason: 'slot "hero" already decided by higher-priority campaign "top"' });
  });

  it('never applies drafts or paused campaigns', () => {
    const config = compiled([campaign('d', { status: 'draft' }), campaign('p', { status: 'paused' })]);
    expect(decide(config).slots).toEqual({});
  });

  it('respects the schedule window', () => {
    const config = compiled([campaign('s', { schedule: { start: '2026-06-01T00:00:00Z', end: '2026-06-02T00:00:00Z' } })]);
    expect(decide(config).slots.hero?.campaign).toBe('s');
    expect(decide(config, { now: Date.parse('2026-05-31T23:59:59Z') }).slots.hero).toBeUndefined();
    expect(decide(config, { now: Date.parse('2026-06-02T00:00:00Z') }).slots.hero).toBeUndefined();
  });

  it('applies an audience only to visitors who match it', () => {
    const config = compiled([campaign('de', { audience: 'de' })]);
    expect(decide(config).slots.hero).toBeUndefined();
    const inGermany = testContext('/', { geo: { country: 'DE', region: '', city: '', timezone: 'UTC' } });
    expect(decide(config, { context: inGermany }).slots.hero?.campaign).toBe('de');
  });

  it('limits slots to their pages, campaigns to theirs, and decisions to the slots present', () => {
    const config = compiled([campaign('promo', { slots: ['promo'], pages: ['/shoes/*'] }), campaign('hero')]);
    expect(decide(config, { context: testContext('/shoes/boot') }).slots).toEqual({
      promo: expect.objectContaining({ campaign: 'promo' }),
    });
    expect(decide(config, { context: testContext('/') }).slots.promo).toBeUndefined();
    expect(decide(config, { slots: ['promo'] }).slots.hero).toBeUndefined();
  });

  it('splits visitors into control and variants by the configured shares, deterministically', () => {
    const config = compiled([
      campaign('ab', {
        holdoutPct: 30,
        variants: [
          { id: 'a', name: 'A', weight: 50, content: { hero: { kind: 'text', body: 'A' } } },
          { id: 'b', name: 'B', weight: 50, content: { hero: { kind: 'text', body: 'B' } } },
        ],
      }),
    ]);
    const counts: Record<string, number> = { control: 0, a: 0, b: 0 };
    for (let i = 0; i < 10_000; i++) {
      const d = decide(config, { visitorId: `visitor-${i.toString().padStart(16, '0')}` }).slots.hero!;
      counts[d.variant] = (counts[d.variant] ?? 0) + 1;
      if (d.variant === 'control') expect(d.content).toBeNull();
    }
    expect(counts.control! / 10_000).toBeCloseTo(0.3, 1);
    expect(Math.abs(counts.a! / 10_000 - 0.35)).toBeLessThan(0.02);
    expect(Math.abs(counts.b! / 10_000 - 0.35)).toBeLessThan(0.02);
    const once = decide(config, { visitorId: 'visitor-stable-000001' }).slots.hero?.variant;
    for (let i = 0; i < 5; i++) expect(decide(config, { visitorId: 'visitor-stable-000001' }).slots.hero?.variant).toBe(once);
  });

  it('reshuffles visitors when the seed changes', () => {
    const variants = [
      { id: 'a', name: 'A', content: { hero: { kind: 'text' as const, body: 'A' } } },
      { id: 'b', name: 'B', content: { hero: { kind: 'text' as const, body: 'B' } } },
    ];
    const one = compiled([campaign('ab', { variants })]);
    const two = compiled([campaign('ab', { variants, seed: 'other' })]);
    let moved = 0;
    for (let i = 0; i < 200; i++) {
      const visitorId = `visitor-${i.toString().padStart(16, '0')}`;
      if (decide(one, { visitorId }).slots.hero?.variant !== decide(two, { visitorId }).slots.hero?.variant) moved++;
    }
    expect(moved).toBeGreaterThan(60);
  });

  it("without a visitor id (not measured) shows an experiment's first variant, never the control, untracked; contextual campaigns still apply", () => {
    const config = compiled([campaign('context', { slots: ['banner'] }), campaign('ab', { holdoutPct: 10 })]);
    const result = decide(config, { visitorId: null });
    expect(result.slots.hero).toMatchObject({ campaign: 'ab', variant: 'v', content: { kind: 'text', body: 'ab' }, tracked: false });
    expect(result.slots.banner).toMatchObject({ campaign: 'context', variant: 'v', tracked: false });
    expect(result.slots.banner?.content).toEqual({ kind: 'text', body: 'context' });
  });

  describe('visitors who cannot be measured get the best-known arm', () => {
    const variants = (weights: (number | undefined)[]) =>
      weights.map((weight, i) => ({
        id: `v${i + 1}`,
        name: `Variant ${'ABC'[i]}`,
        ...(weight === undefined ? {} : { weight }),
        content: { hero: { kind: 'text' as const, body: `body ${i + 1}` } },
      }));

    it('a fixed A/B test with a control group: the first variant, for every unmeasured visitor', () => {
      const config = compiled([campaign('ab', { name: 'Summer hero', holdoutPct: 20, variants: variants([50, 50]) })]);
      const result = decide(config, { visitorId: null, trace: true });
      expect(result.slots.hero).toMatchObject({ variant: 'v1', content: { kind: 'text', body: 'body 1' }, tracked: false });
      expect(result.trace).toEqual([
        {
          campaign: 'ab',
          outcome: 'variant',
          slots: ['hero'],
          variant: 'v1',
          reason: 'not measured (no consent or a privacy signal): shows the best-known variant "Variant A" (the first variant), never the control, and is not counted',
        },
      ]);
    });

    it('skips a first variant that gets no traffic', () => {
      const config = compiled([campaign('ab', { holdoutPct: 10, variants: variants([0, 1, 1]) })]);
      expect(decide(config, { visitorId: null }).slots.hero?.variant).toBe('v2');
    });

    it('a bandit: the variant with the highest current weight (ties go to the earlier one)', () => {
      const bandit = (weights: (number | undefined)[]) => compiled([campaign('auto', { allocation: 'bandit', holdoutPct: 10, variants: variants(weights) })]);
      expect(decide(bandit([0.1, 0.7, 0.2]), { visitorId: null }).slots.hero).toMatchObject({ variant: 'v2', tracked: false });
      expect(decide(bandit([0.4, 0.2, 0.4]), { visitorId: null }).slots.hero?.variant).toBe('v1');
      // No data yet: weights are equal (absent), so the first variant.
      expect(decide(bandit([undefined, undefined, undefined]), { visitorId: null }).slots.hero?.variant).toBe('v1');
      const trace = decide(bandit([0.1, 0.7, 0.2]), { visitorId: null, trace: true }).trace[0];
      expect(trace?.reason).toBe(
        'not measured (no consent or a privacy signal): shows the best-known variant "Variant B" (the highest current bandit weight), never the control, and is not counted',
      );
      expect(decide(bandit([undefined, undefined, undefined]), { visitorId: null, trace: true }).trace[0]?.reason).toContain('"Variant A" (the first variant)');
    });

    it('a measured visitor is still bucketed into the control group at the configured rate', () => {
      const config = compiled([campaign('ab', { holdoutPct: 20, variants: variants([0.1, 0.9]), allocation: 'bandit' })]);
      let control = 0;
      for (let i = 0; i < 10_000; i++) {
        const d = decide(config, { visitorId: `visitor-${i.toString().padStart(16, '0')}` }).slots.hero!;
        expect(d.tracked).toBe(true);
        if (d.variant === 'control') control++;
      }
      expect(Math.abs(control / 10_000 - 0.2)).toBeLessThan(0.015);
      const inControl = Array.from({ length: 100 }, (_, i) => `visitor-${i.toString().padStart(16, '0')}`).find(
        (id) => decide(config, { visitorId: id }).slots.hero?.variant === 'control',
      )!;
      expect(decide(config, { visitorId: inControl, trace: true }).trace[0]?.reason).toBe('bucketed into the control group (20% holdout)');
    });

    it('a capped campaign still shows, and the trace says the cap cannot be counted', () => {
      const config = compiled([campaign('capped', { frequencyCap: { perDay: 1 } })]);
      const result = decide(config, { visitorId: null, trace: true });
      expect(result.slots.hero).toMatchObject({ campaign: 'capped', tracked: false });
      expect(result.trace[0]?.reason).toBe('shown to everyone; its frequency cap is not counted (nothing is stored for this visitor)');
    });

    it('names campaigns, not ids, in the reasons', () => {
      const config = compiled([campaign('top', { name: 'Summer hero', priority: 1 }), campaign('pair', { priority: 2, slots: ['hero', 'promo'] })]);
      expect(decide(config, { trace: true }).trace[1]?.reason).toBe('slot "hero" already decided by higher-priority campaign "Summer hero"');
    });
  });

  it('treats a 0/100 split as no experiment: everyone gets the weighted variant', () => {
    const config = compiled([
      campaign('w', {
        variants: [
          { id: 'off', name: 'Off', weight: 0, content: {} },
          { id: 'on', name: 'On', weight: 100, content: { hero: { kind: 'text', body: 'on' } } },
        ],
      }),
    ]);
    expect(config.campaigns[0]?.experiment).toBe(false);
    expect(decide(config, { visitorId: null }).slots.hero?.variant).toBe('on');
  });

  it('claims a targeted slot even when the variant leaves it at its default', () => {
    const config = compiled([campaign('partial', { slots: ['hero', 'banner'], variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'x' } } }] })]);
    expect(decide(config).slots.banner).toMatchObject({ campaign: 'partial', content: null });
  });

  it('collects the trace only when asked', () => {
    const config = compiled([campaign('x', { audience: 'de' })]);
    expect(decide(config).trace).toEqual([]);
    expect(decide(config, { trace: true }).trace).toEqual([{ campaign: 'x', outcome: 'skipped', reason: 'audience "de" does not match' }]);
  });
});
