import { describe, expect, it } from 'vitest';
import { addClick, decodeClicks, encodeClicks, parseClickRef } from './attribution.ts';

describe('click attribution', () => {
  it('reads the link parameter as campaign, variant and slot ids', () => {
    expect(parseClickRef('reco.viewed.picks')).toEqual({ campaign: 'reco', variant: 'viewed', slot: 'picks' });
    for (const bad of [null, '', 'reco.viewed', 'a.b.c.d', 'a.<b>.c']) expect(parseClickRef(bad)).toBeNull();
  });

  it('keeps the latest click per item, newest first, in a cookie that reads back', () => {
    let clicks = addClick([], { item: 'trail-2', campaign: 'reco', variant: 'viewed', slot: 'picks', strategy: 'recently_viewed' });
    clicks = addClick(clicks, { item: 'trail-4', campaign: 'reco', variant: 'trend', slot: 'picks', strategy: 'trending' });
    clicks = addClick(clicks, { item: 'trail-2', campaign: 'reco', variant: 'trend', slot: 'picks', strategy: 'trending' });
    expect(clicks.map((c) => `${c.item}:${c.variant}`)).toEqual(['trail-2:trend', 'trail-4:trend']);
    expect(decodeClicks(encodeClicks(clicks))).toEqual(clicks);
    expect(decodeClicks('trail-2!reco!v!picks!nope')).toEqual([]);
    expect(decodeClicks('garbage')).toEqual([]);
  });
});
