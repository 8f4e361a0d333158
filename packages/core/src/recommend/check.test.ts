import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from '../config.ts';
import type { SiteConfigInput } from '../schema.ts';
import { testConfig } from '../testing.ts';

const withContent = (content: Record<string, unknown>) =>
  testConfig({
    campaigns: [
      {
        id: 'c1',
        name: 'C',
        status: 'live',
        priority: 1,
        slots: ['hero'],
        variants: [{ id: 'v', name: 'V', content: { hero: content } }],
      } as unknown as SiteConfigInput['campaigns'][number],
    ],
  });
const errorsOf = (content: Record<string, unknown>) => {
  const result = parseSiteConfig(withContent(content));
  return result.ok ? [] : result.errors;
};
const BODY = '<ul>{{#items}}<li>{{item.title}}</li>{{/items}}</ul>';

describe('recommendation variants in a config', () => {
  it('accept a template with an item block and a recommend spec, stored as written', () => {
    const result = parseSiteConfig(withContent({ kind: 'recommendations', body: BODY, recommend: { strategy: 'recently_viewed', fallback: 'trending', count: 4 } }));
    if (!result.ok) throw new Error(result.errors.join());
    expect(result.config.campaigns[0]?.variants[0]?.content.hero?.recommend).toEqual({
      strategy: 'recently_viewed',
      fallback: 'trending',
      count: 4,
    });
  });

  it('refuse what cannot be rendered, naming the field', () => {
    expect(errorsOf({ kind: 'recommendations', body: BODY })).toEqual([
      'campaigns[0].variants[0].content.hero.recommend: is required for a "recommendations" variant (strategy, count …)',
    ]);
    expect(errorsOf({ kind: 'html', body: 'x', recommend: { strategy: 'trending', count: 1 } })).toEqual([
      'campaigns[0].variants[0].content.hero.recommend: only a "recommendations" variant takes a recommend spec',
    ]);
    expect(errorsOf({ kind: 'recommendations', body: '<p>x</p>', recommend: { strategy: 'manual', count: 2, filters: { minPrice: 50, maxPrice: 10 } } })).toEqual([
      'campaigns[0].variants[0].content.hero.body: needs exactly one item block: {{#items}} … {{/items}}',
      'campaigns[0].variants[0].content.hero.recommend.items: the manual strategy needs the items to show',
      'campaigns[0].variants[0].content.hero.recommend.filters.maxPrice: must not be below minPrice',
    ]);
    expect(errorsOf({ kind: 'recommendations', body: BODY, recommend: { strategy: 'popular', count: 0 } })).toHaveLength(2);
  });
});
