import { describe, expect, it } from 'vitest';
import { checkSelector } from './selector.ts';

describe('checkSelector', () => {
  it("accepts the edge's subset: types, ids, classes, attributes, structural pseudo-classes, :not and both combinators", () => {
    for (const ok of [
      'h1',
      'table tr',
      'table.index tr:nth-of-type(2) > td',
      '#title',
      '.product-title',
      'main h1.title',
      'div > p',
      'nav a',
      'a.buy',
      'li a[href^="/p/"]',
      'a > code',
      'ul > li:nth-child(2n+1)',
      'li:first-child',
      'p:nth-of-type(3)',
      'img:first-of-type',
      'a[href]',
      'a[href="/cart"]',
      "a[href^='https://']",
      'img[src$=".png"]',
      'div[class*="card"]',
      'p[class~=lead]',
      'section:not(.hidden) > h2',
      'h1, h2',
      'li:nth-child(odd)',
      'li:nth-child(-n+3)',
    ]) {
      expect(checkSelector(ok), ok).toBeNull();
    }
  });

  it('refuses what the edge cannot run, or runs differently from browsers, with a reason', () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['h1 + p', /sibling combinator/],
      ['h1 ~ p', /sibling combinator/],
      ['li:last-child', /not supported at the edge/],
      ['a:hover', /not supported at the edge/],
      ['p::before', /pseudo-elements/],
      ['[lang|="en"]', /"\|=" is not supported/],
      ['a[href^=""]', /empty value/],
      ['a[href="x" i]', /case flags/],
      ['div:not(.a .b)', /without combinators/],
      ['div:not(.a, .b)', /not a list/],
      ['div:not(:not(.a))', /inside :not/],
      ['#a\\:b', /backslash/],
      ['li:nth-child(2 of .x)', /an\+b/],
      ['DIV', /lower case/],
      ['[ID]', /attribute names must be lower case/],
      ['*', /say which elements/],
      [':not(div)', /say which elements/],
      ['div > *:first-child', /say which elements/],
      ['table > tbody > tr', /<tbody> is added by browsers/],
      ['body > div', /<body> is added by browsers/],
      ['table > tr', /never matches in a browser/],
      ['li > a', /a link/],
      ['a:first-child', /a link/],
      ['li:nth-of-type(2) a:nth-of-type(2)', /a link/],
      ['a.nav a', /a link/],
      ['div[', /attribute name/],
      ['div >', /expected/],
      ['a'.repeat(501), /longer than 500/],
    ];
    for (const [selector, reason] of cases) expect(checkSelector(selector), selector).toMatch(reason);
  });
});
