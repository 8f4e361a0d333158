import { describe, expect, it } from 'vitest';
import { proposePagePattern } from './page-pattern.ts';
import { compilePages } from './pages.ts';

describe('proposePagePattern', () => {
  it("proposes the template's section: the path up to its item", () => {
    expect(proposePagePattern('/p/trail-runner')).toBe('/p/*');
    expect(proposePagePattern('/p/trail-runner/')).toBe('/p/*');
    expect(proposePagePattern('/shop/shoes/trail-runner?ref=home#top')).toBe('/shop/shoes/*');
    expect(proposePagePattern('/orders/12345/receipt')).toBe('/orders/*');
    expect(proposePagePattern('/12345/receipt')).toBe('*');
  });

  it('keeps the home page and one-segment pages as themselves', () => {
    expect(proposePagePattern('/')).toBe('/');
    expect(proposePagePattern('')).toBe('/');
    expect(proposePagePattern('/about')).toBe('/about');
  });

  it('proposes a pattern that matches the page it came from and its siblings', () => {
    const matches = compilePages([proposePagePattern('/p/trail-runner')]);
    expect(matches('/p/trail-runner')).toBe(true);
    expect(matches('/p/city-sneaker')).toBe(true);
    expect(matches('/cart')).toBe(false);
  });
});
