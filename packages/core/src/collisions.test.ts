import { describe, expect, it } from 'vitest';
import { experimentCollisions } from './collisions.ts';
import { parseSiteConfig } from './config.ts';
import type { SiteConfig, SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

type CampaignInput = SiteConfigInput['campaigns'][number];

const experiment = (id: string, extra: Partial<CampaignInput> = {}): CampaignInput => ({
  id,
  name: id,
  status: 'live',
  priority: 1,
  slots: ['hero'],
  holdoutPct: 50,
  variants: [{ id: 'v', name: 'V', content: {} }],
  ...extra,
});

function config(campaigns: CampaignInput[], extra: Partial<SiteConfigInput> = {}): SiteConfig {
  const parsed = parseSiteConfig(
    testConfig({
      slots: [
        { name: 'hero', pages: ['/'] },
        { name: 'checkout-note', pages: ['/checkout'] },
        { name: 'product', pages: ['/p/*'] },
      ],
      audiences: [
        { id: 'de', name: 'Germany', condition: { 'geo.country': 'DE' } },
        { id: 'fr', name: 'France', condition: { 'geo.country': { $in: ['FR', 'BE'] } } },
        { id: 'returning', name: 'Returning', condition: { 'profile.sessions': { $gt: 1 } } },
      ],
      campaigns,
      ...extra,
    }),
  );
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.config;
}

describe('experiment collisions', () => {
  it('flag two experiments outside a layer that move the same goal for the same audience, in words', () => {
    const found = experimentCollisions(
      config([
        experiment('free-shipping', { name: 'Free shipping', slots: ['checkout-note'], audience: 'de' }),
        experiment('express', { name: 'Express delivery', slots: ['product'], audience: 'de' }),
      ]),
    );
    expect(found).toEqual([
      {
        campaigns: ['free-shipping', 'express'],
        page: null,
        goal: '"purchase" conversion',
        message:
          '"Free shipping" and "Express delivery" both move "purchase" conversion for visitors in "Germany": a visitor can be in both experiments, so neither result reads alone — put them in one layer?',
      },
    ]);
  });

  it('flag experiments on the same pages with different goals, when audiences can overlap', () => {
    const found = experimentCollisions(
      config([
        experiment('a', { slots: ['product'], goal: { type: 'event', event: 'add_to_cart' } }),
        experiment('b', { slots: ['product'], pages: ['/p/shoes-*'], audience: 'returning', goal: { type: 'event', event: 'signup' } }),
      ]),
    );
    expect(found.map((c) => [c.campaigns, c.page])).toEqual([[['a', 'b'], '/p/shoes-x']]);
  });

  it('leave alone experiments kept apart by audiences, by layers, different pages and goals, and non-experiments', () => {
    const layers = { layers: [{ id: 'checkout', name: 'Checkout' }] };
    expect(experimentCollisions(config([experiment('a', { audience: 'de' }), experiment('b', { audience: 'fr' })]))).toEqual([]);
    expect(
      experimentCollisions(
        config([experiment('a', { layer: { id: 'checkout', start: 0, end: 50 } }), experiment('b', { layer: { id: 'checkout', start: 50, end: 100 } })], layers),
      ),
    ).toEqual([]);
    expect(
      experimentCollisions(
        config([experiment('a', { goal: { type: 'event', event: 'signup' } }), experiment('b', { slots: ['checkout-note'], goal: { type: 'event', event: 'add_to_cart' } })]),
      ),
    ).toEqual([]);
    expect(experimentCollisions(config([experiment('a'), experiment('b', { holdoutPct: 0 }), experiment('c', { status: 'draft' })]))).toEqual([]);
  });
});
