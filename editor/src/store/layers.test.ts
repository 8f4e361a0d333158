import { experimentCollisions, parseSiteConfig, type SiteConfigInput } from '@slotwise/core';
import { describe, expect, it } from 'vitest';
import { inOneLayer, layerSplits } from './layers.ts';

const experiment = (id: string, extra: Partial<SiteConfigInput['campaigns'][number]> = {}): SiteConfigInput['campaigns'][number] => ({
  id,
  name: `${id} test`,
  status: 'live',
  priority: 1,
  slots: ['hero'],
  holdoutPct: 50,
  variants: [{ id: 'v', name: 'V', content: {} }],
  ...extra,
});

const config = (campaigns: SiteConfigInput['campaigns'], extra: Partial<SiteConfigInput> = {}): SiteConfigInput => ({
  schema: 1,
  version: 1,
  site: { id: 'shop' },
  slots: [{ name: 'hero' }],
  audiences: [],
  campaigns,
  ...extra,
});

describe('putting experiments in one layer', () => {
  it('makes a new layer split in half for two colliding experiments, which then no longer collide and stay valid', () => {
    const before = config([experiment('checkout'), experiment('shipping')]);
    const parsedBefore = parseSiteConfig(before);
    expect(parsedBefore.ok && experimentCollisions(parsedBefore.config)).toHaveLength(1);
    const after = inOneLayer(before, 'checkout', 'shipping');
    const parsed = parseSiteConfig(after);
    expect(parsed.ok).toBe(true);
    expect(after.layers).toEqual([{ id: 'layer-checkout-test-shipping-test', name: 'checkout test / shipping test' }]);
    expect(layerSplits(after)).toEqual([
      {
        id: 'layer-checkout-test-shipping-test',
        name: 'checkout test / shipping test',
        shares: [
          { campaign: 'checkout', name: 'checkout test', start: 0, end: 50 },
          { campaign: 'shipping', name: 'shipping test', start: 50, end: 100 },
        ],
        freePct: 0,
      },
    ]);
    expect(parsed.ok && experimentCollisions(parsed.config)).toEqual([]);
  });

  it("joins the first experiment's layer in its free share, and leaves a full layer alone", () => {
    const layers = { layers: [{ id: 'checkout', name: 'Checkout' }] };
    const partly = config([experiment('a', { layer: { id: 'checkout', start: 0, end: 30 } }), experiment('b')], layers);
    expect(inOneLayer(partly, 'a', 'b').campaigns[1]?.layer).toEqual({ id: 'checkout', start: 30, end: 100 });
    const full = config([experiment('a', { layer: { id: 'checkout', start: 0, end: 100 } }), experiment('b')], layers);
    expect(inOneLayer(full, 'a', 'b')).toBe(full);
  });
});
