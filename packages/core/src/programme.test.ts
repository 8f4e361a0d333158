/**
 * Air traffic control through the engine: contact budgets across a page's slots and channels,
 * experiment layers whose experiments never share a visitor, and arbitration by value.
 */
import { describe, expect, it } from 'vitest';
import type { Contact } from './budget.ts';
import { parseSiteConfig } from './config.ts';
import { type DecideInput, decideSlots } from './decide.ts';
import { emptyProfile } from './profile.ts';
import type { SiteConfigInput } from './schema.ts';
import { compiledTestConfig, testCampaign, testConfig, testContext } from './testing.ts';

const NOW = Date.parse('2026-06-10T12:00:00Z');
const TODAY = Math.floor(NOW / 86_400_000);

const campaign = testCampaign;
const compiled = compiledTestConfig;

const decide = (config: ReturnType<typeof compiled>, input: Partial<DecideInput> = {}) =>
  decideSlots(config, { visitorId: 'visitor-0000000000000001', profile: emptyProfile(), context: testContext('/'), now: NOW, trace: true, ...input });

const shown = (d: ReturnType<typeof decide>) => Object.fromEntries(Object.entries(d.slots).map(([slot, s]) => [slot, s.campaign]));

describe('contact budgets in decisions', () => {
  const weekly2 = { budgets: [{ id: 'weekly', name: 'Weekly', limit: 2, per: 'week' as const }] };

  it('let one promotional campaign through when one message is left, by priority; the other slot keeps its default', () => {
    const config = compiled([campaign('first', { priority: 1 }), campaign('second', { priority: 2, slots: ['promo'] })], weekly2);
    const d = decide(config, { contacts: [{ day: TODAY - 1, channel: 'other', campaign: 'email-1', group: null }] });
    expect(shown(d)).toEqual({ hero: 'first' });
    expect(d.trace.find((t) => t.campaign === 'second')?.reason).toBe('contact budget spent: 2 of "Weekly": 2 promotional messages a week on every channel');
  });

  it('give an identified customer who got two promotional emails this week no promotional web slot, and still service content', () => {
    const contacts: Contact[] = [
      { day: TODAY - 3, channel: 'other', campaign: 'email-spring', group: null },
      { day: TODAY - 1, channel: 'other', campaign: 'email-sale', group: null },
    ];
    const config = compiled([campaign('promo-banner', { priority: 1 }), campaign('order-update', { priority: 2, slots: ['promo'], purpose: 'service' })], weekly2);
    expect(shown(decide(config, { contacts }))).toEqual({ promo: 'order-update' });
    // A week later the emails no longer count.
    expect(shown(decide(config, { contacts, now: NOW + 7 * 86_400_000 }))).toEqual({ hero: 'promo-banner', promo: 'order-update' });
  });

  it('count the Decide API against the same budget as the web, and a web-only budget against the web only', () => {
    const contacts: Contact[] = [{ day: TODAY, channel: 'web', campaign: 'banner', group: null }];
    const webDaily = { budgets: [{ id: 'web', limit: 1, per: 'day' as const, channels: 'web' as const }] };
    const config = compiled([campaign('email-offer')], webDaily);
    expect(shown(decide(config, { contacts, channel: 'other' }))).toEqual({ hero: 'email-offer' });
    expect(shown(decide(config, { contacts, channel: 'web' }))).toEqual({});
  });
});

describe('experiment layers', () => {
  const layered = () =>
    compiled(
      [
        campaign('checkout-a', { slots: ['hero'], layer: { id: 'checkout', start: 0, end: 50 } }),
        campaign('checkout-b', { slots: ['promo'], layer: { id: 'checkout', start: 50, end: 80 } }),
        campaign('search-a', { slots: ['banner'], layer: { id: 'search', start: 0, end: 30 } }),
      ],
      {
        layers: [
          { id: 'checkout', name: 'Checkout' },
          { id: 'search', name: 'Search' },
        ],
      },
    );

  it('never put a visitor in two experiments of one layer; each takes its share within ±1% over 100,000 visitors', () => {
    const config = layered();
    const counts = { 'checkout-a': 0, 'checkout-b': 0, 'search-a': 0 };
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const d = decideSlots(config, { visitorId: `visitor-${i.toString(16).padStart(16, '0')}`, profile: emptyProfile(), context: testContext('/'), now: NOW });
      const ids = new Set(Object.values(d.slots).map((s) => s.campaign));
      expect(ids.has('checkout-a') && ids.has('checkout-b')).toBe(false);
      for (const id of ids) counts[id as keyof typeof counts]++;
    }
    expect(Math.abs(counts['checkout-a'] / N - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(counts['checkout-b'] / N - 0.3)).toBeLessThan(0.01);
    expect(Math.abs(counts['search-a'] / N - 0.3)).toBeLessThan(0.01);
  });

  it('give a visitor who cannot be measured one campaign per layer, and say why the others were skipped', () => {
    const d = decide(layered(), { visitorId: null });
    expect(shown(d)).toEqual({ hero: 'checkout-a', banner: 'search-a' });
    expect(d.trace.find((t) => t.campaign === 'checkout-b')?.reason).toMatch(/another campaign of layer "checkout" already shows/);
  });

  it('refuse overlapping shares of a layer and unknown layers, in words a marketer reads', () => {
    const result = parseSiteConfig(
      testConfig({
        layers: [{ id: 'checkout', name: 'Checkout' }],
        campaigns: [
          campaign('a', { name: 'Free shipping test', layer: { id: 'checkout', start: 0, end: 60 } }),
          campaign('b', { name: 'Express test', slots: ['promo'], layer: { id: 'checkout', start: 40, end: 100 } }),
          campaign('c', { slots: ['banner'], layer: { id: 'nope', start: 0, end: 10 } }),
        ],
      }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      'campaigns[2].layer.id: unknown layer "nope"',
      'campaigns[1].layer: its share 40–100% of layer "Checkout" overlaps "Free shipping test" (0–60%); experiments of one layer never share a visitor, so their shares must not overlap',
    ]);
  });
});

describe('arbitration by value', () => {
  const rivals = (extra: Partial<SiteConfigInput> = {}) =>
    compiled([campaign('cheap', { priority: 1, value: 10 }), campaign('premium', { priority: 2, value: 50 }), campaign('fallback', { priority: 3 })], extra);

  it('ranks by priority unless the site chose value; then by rate × value, and the trace says why the winner won', () => {
    expect(shown(decide(rivals()))).toEqual({ hero: 'cheap' });
    const d = decide(rivals({ arbitration: 'value' }), {
      estimates: new Map([
        ['cheap', { overall: 0.04 }],
        ['premium', { overall: 0.02 }],
      ]),
    });
    expect(shown(d)).toEqual({ hero: 'premium' });
    expect(d.trace.find((t) => t.campaign === 'premium')?.reason).toMatch(/won on expected value 1\.00 \(2\.00% conversion, all visitors, × 50 per conversion\)/);
    expect(d.trace.find((t) => t.campaign === 'cheap')?.reason).toMatch(/^outranked by "premium": expected value 1\.00 .* against its expected value 0\.40/);
  });

  it("uses the rate of the visitor's segment where one is known", () => {
    const estimates = new Map([
      ['cheap', { overall: 0.01, bySegment: { new: 0.2 } }],
      ['premium', { overall: 0.02 }],
    ]);
    const config = rivals({ arbitration: 'value' });
    // An empty profile is a new visitor: the cheap offer converts them 20% of the time.
    expect(shown(decide(config, { estimates }))).toEqual({ hero: 'cheap' });
  });

  it('keeps an override first, in priority order, whatever the values', () => {
    const config = compiled([campaign('legal-notice', { priority: 5, override: true }), campaign('premium', { priority: 1, value: 50 })], { arbitration: 'value' });
    expect(shown(decide(config))).toEqual({ hero: 'legal-notice' });
  });

  it('ranks campaigns without a rate yet by the mean rate, so value decides among them', () => {
    expect(shown(decide(rivals({ arbitration: 'value' })))).toEqual({ hero: 'premium' });
  });
});
