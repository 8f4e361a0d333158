import { describe, expect, it } from 'vitest';
import type { CatalogItem } from '../catalog.ts';
import { renderSlot } from '../content.ts';
import type { Content } from '../schema.ts';
import { type Recommendation, formatCurrency, recommendTemplateProblems } from './template.ts';

const item = (id: string, more: Partial<CatalogItem> = {}): CatalogItem => ({
  id,
  title: `Shoe ${id}`,
  url: `/p/${id}`,
  price: 100,
  category: ['shoes', 'trail'],
  tags: [],
  availability: 'in_stock',
  attributes: {},
  ...more,
});
const CARD = '<h3>{{reco.heading}}</h3><ul>{{#items}}<li class="card"><a href="{{item.url}}">{{item.title}}</a> <b>{{item.finalPrice | currency}}</b></li>{{/items}}</ul>';
const content = (body = CARD, heading = 'Because you looked at {{x}}'): Content => ({
  kind: 'recommendations',
  body,
  recommend: { strategy: 'trending', count: 4, filters: { inStock: true, allowPreorder: false, excludePurchased: true, excludeCurrent: true }, rules: {}, heading },
});
const shown = (items: CatalogItem[]): Recommendation => ({ strategy: 'trending', items, category: 'trail' });
const render = (c: Content, items: CatalogItem[], attributes: Record<string, unknown> = {}) => renderSlot(c, attributes, shown(items)).html;

describe('recommendation templates', () => {
  it('repeats the item block per item, marks each with its id and formats prices', () => {
    const html = render(content(CARD, 'Picked for you'), [item('a1', { salePrice: 79.5 }), item('b2')]);
    expect(html).toBe(
      '<h3>Picked for you</h3><ul>' +
        '<li data-sw-item="a1" class="card"><a href="/p/a1">Shoe a1</a> <b>$79.50</b></li>' +
        '<li data-sw-item="b2" class="card"><a href="/p/b2">Shoe b2</a> <b>$100.00</b></li></ul>',
    );
  });

  it('escapes item fields and the heading as plain text, as every token is', () => {
    const html = render(content(CARD, '<img src=x onerror=alert(1)>'), [item('x', { title: '<script>alert(1)</script> & "co"' })]);
    expect(html).toContain('<h3>&lt;img src=x onerror=alert(1)&gt;</h3>');
    expect(html).toContain('>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;</a>');
    expect(html).not.toContain('<script>');
  });

  it('checks a filled URL and leaves out one that would run script', () => {
    const html = render(content('<ul>{{#items}}<li><a href="{{item.url}}">{{item.title}}</a></li>{{/items}}</ul>'), [item('x', { url: 'javascript:alert(1)' })]);
    // The attribute goes, as in any template (template.ts); the link text stays.
    expect(html).toBe('<ul><li data-sw-item="x"><a >Shoe x</a></li></ul>');
  });

  it('reads profile and reco tokens around the block and inside it', () => {
    const body =
      '<p>{{profile.topCategory | gear}} / {{reco.category}}</p><div>{{#items}}<span>{{reco.strategy}} {{item.position}} {{item.attributes.brand | no brand}}</span>{{/items}}</div>';
    const html = render(content(body), [item('a', { attributes: { brand: 'Acme' } }), item('b')], { profile: { topCategory: 'shoes' } });
    expect(html).toBe('<p>shoes / trail</p><div><span data-sw-item="a">trending 1 Acme</span><span data-sw-item="b">trending 2 no brand</span></div>');
  });

  it('formats in the item currency, and a missing price as nothing', () => {
    const body = '<ul>{{#items}}<li>{{item.price | currency}}|{{item.salePrice | currency}}</li>{{/items}}</ul>';
    expect(render(content(body), [item('e', { currency: 'EUR', price: 1234.5 })])).toBe('<ul><li data-sw-item="e">€1,234.50|</li></ul>');
    expect(formatCurrency(5, 'ZZZ1')).toBe('5.00 ZZZ1');
  });

  it('renders the head and tail alone when nothing is shown', () => {
    expect(render(content(CARD, 'H'), [])).toBe('<h3>H</h3><ul></ul>');
  });

  it('names what is wrong with a template without an item block in text', () => {
    expect(recommendTemplateProblems(CARD)).toEqual([]);
    expect(recommendTemplateProblems('<ul><li>{{item.title}}</li></ul>')).toEqual(['needs exactly one item block: {{#items}} … {{/items}}']);
    expect(recommendTemplateProblems('{{/items}}<li></li>{{#items}}')).toEqual(['{{/items}} must come after {{#items}}']);
    expect(recommendTemplateProblems('<a title="{{#items}}"><li></li>{{/items}}')).toEqual([
      '{{#items}} and {{/items}} must stand between elements, not inside a tag or an attribute',
    ]);
    expect(recommendTemplateProblems('<ul>{{#items}}{{item.title}}{{/items}}</ul>')).toEqual(['the item block must start with an element, e.g. {{#items}}<li>…</li>{{/items}}']);
  });
});

describe('click attribution in item links', () => {
  it('adds sw_rc=<campaign.variant.slot> to each item URL, before a fragment', () => {
    const c = content('<ul>{{#items}}<li><a href="{{item.url}}">x</a></li>{{/items}}</ul>');
    const html = renderSlot(c, {}, { ...shown([item('a'), item('b', { url: '/p/b?size=9#reviews' })]), ref: 'reco.viewed.picks' }).html;
    expect(html).toBe(
      '<ul><li data-sw-item="a"><a href="/p/a?sw_rc=reco.viewed.picks">x</a></li><li data-sw-item="b"><a href="/p/b?size=9&amp;sw_rc=reco.viewed.picks#reviews">x</a></li></ul>',
    );
  });
});
