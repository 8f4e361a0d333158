import { parseSiteConfig } from '@slotwise/core';
import { describe, expect, it } from 'vitest';
import type { ContentInput } from './draft-ops.ts';
import {
  LAYOUTS,
  STRATEGY_CHOICES,
  applyLayout,
  insertField,
  priceOf,
  ruleMatch,
  setCount,
  setFallback,
  setFilters,
  setHeading,
  setManualItems,
  setPinned,
  setRuleMatch,
  setStrategy,
  specOf,
  startRecommendations,
  stopRecommendations,
  wordsOf,
} from './recommend.ts';
import { siteConfig } from './testing.ts';

const hand: ContentInput = { kind: 'html', body: '<p>Our bestsellers</p>' };

/** The content in a campaign on a declared slot, through core's own config check. */
function problems(content: ContentInput): string[] {
  const config = siteConfig({
    slots: [{ name: 'picks', pages: ['/'] }],
    campaigns: [{ id: 'picks', name: 'Picks', status: 'draft', priority: 1, slots: ['picks'], variants: [{ id: 'a', name: 'A', content: { picks: content } }] }],
  });
  const parsed = parseSiteConfig(config);
  return parsed.ok ? [] : parsed.errors;
}

describe('turning a slot into recommendations', () => {
  it('starts from a layout with an item block and a spec core accepts', () => {
    const content = startRecommendations(hand);
    expect(content.kind).toBe('recommendations');
    expect(content.body).toContain('{{#items}}');
    expect(specOf(content)).toMatchObject({ strategy: 'favourite_categories', fallback: 'trending', count: 4, filters: { inStock: true, excludePurchased: true } });
    expect(problems(content)).toEqual([]);
  });

  it('keeps a recommendation as it is when chosen again, and goes back to a hand-written message', () => {
    const content = setCount(startRecommendations(hand), 6);
    expect(startRecommendations(content)).toBe(content);
    const back = stopRecommendations(content);
    expect(back).toEqual({ kind: 'html', body: '<p>Picked for you</p>' });
    expect(problems(back)).toEqual([]);
  });

  it('every ready-made layout passes core’s template check', () => {
    for (const layout of LAYOUTS) expect(problems(applyLayout(startRecommendations(hand), layout.id))).toEqual([]);
  });

  it('offers every strategy core knows, each in words', () => {
    expect(STRATEGY_CHOICES.map((s) => s.id).sort()).toEqual(
      ['back_in_stock', 'bought_together', 'favourite_categories', 'manual', 'new_arrivals', 'price_dropped', 'recently_viewed', 'trending'].sort(),
    );
    for (const s of STRATEGY_CHOICES) expect(s.label).not.toMatch(/_/);
  });
});

describe('the form’s fields', () => {
  const start = startRecommendations(hand);

  it('a strategy equal to the fallback drops the fallback; no fallback removes it', () => {
    const viewed = setStrategy(start, 'trending');
    expect(specOf(viewed).strategy).toBe('trending');
    expect(specOf(viewed).fallback).toBeUndefined();
    expect(specOf(setFallback(start, 'new_arrivals')).fallback).toBe('new_arrivals');
    expect('fallback' in specOf(setFallback(start, null))).toBe(false);
    expect(specOf(setFallback(setStrategy(start, 'manual'), 'manual')).fallback).toBeUndefined();
  });

  it('the number of products is a whole number from 1 to 24', () => {
    expect(specOf(setCount(start, 0)).count).toBe(1);
    expect(specOf(setCount(start, 99)).count).toBe(24);
    expect(specOf(setCount(start, 3.6)).count).toBe(4);
    expect(specOf(setCount(start, Number.NaN)).count).toBe(4);
    expect(problems(setCount(start, 99))).toEqual([]);
  });

  it('filters keep only what was chosen: an empty category list or price removes the field', () => {
    const shoes = setFilters(start, { category: wordsOf(' Shoes, trail ,shoes', true), minPrice: priceOf('50'), maxPrice: priceOf('150,5') });
    expect(specOf(shoes).filters).toEqual({ inStock: true, excludePurchased: true, excludeCurrent: true, category: ['shoes', 'trail'], minPrice: 50, maxPrice: 150.5 });
    const cleared = setFilters(shoes, { category: [], minPrice: priceOf(''), maxPrice: priceOf('abc') });
    expect(specOf(cleared).filters).toEqual({ inStock: true, excludePurchased: true, excludeCurrent: true });
    expect(problems(shoes)).toEqual([]);
  });

  it('a price range the wrong way round is refused by core with the field named', () => {
    const wrong = setFilters(start, { minPrice: 200, maxPrice: 100 });
    expect(problems(wrong).join('\n')).toMatch(/maxPrice.*must not be below minPrice/);
  });

  it('pins, boosts and buries are stored only when they say something', () => {
    let content = setPinned(start, ['skyline-ultra']);
    content = setRuleMatch(content, 'boost', { tags: ['sale'] });
    content = setRuleMatch(content, 'bury', { category: [], tags: [] });
    expect(specOf(content).rules).toEqual({ pin: ['skyline-ultra'], boost: [{ tags: ['sale'] }] });
    expect(ruleMatch(content, 'boost')).toEqual({ tags: ['sale'] });
    expect(ruleMatch(content, 'bury')).toEqual({});
    expect(problems(content)).toEqual([]);
    const none = setRuleMatch(setPinned(content, []), 'boost', {});
    expect('rules' in specOf(none)).toBe(false);
  });

  it('the manual strategy needs its list, and core says so until it has one', () => {
    const manual = setStrategy(start, 'manual');
    expect(problems(manual).join('\n')).toMatch(/manual strategy needs the items/);
    expect(problems(setManualItems(manual, wordsOf('trailblazer-runner, skyline-ultra')))).toEqual([]);
  });

  it('a heading is plain text of at most 200 characters; empty removes it', () => {
    expect(specOf(setHeading(start, 'Because you looked at shoes')).heading).toBe('Because you looked at shoes');
    expect(specOf(setHeading(start, 'x'.repeat(300))).heading).toHaveLength(200);
    expect('heading' in specOf(setHeading(start, ''))).toBe(false);
  });

  it('an item field goes inside the item block, any other field at the end', () => {
    const list = applyLayout(start, 'list');
    expect(insertField(list, '{{item.categoryName}}').body).toMatch(/\{\{item\.categoryName\}\}\{\{\/items\}\}/);
    expect(insertField(list, '{{reco.category}}').body.endsWith('{{reco.category}}')).toBe(true);
    expect(problems(insertField(list, '{{item.categoryName}}'))).toEqual([]);
  });
});
