import { describe, expect, it } from 'vitest';
import { applyRendered, renderSlot } from './content.ts';
import type { Content } from './schema.ts';

const attributes = { profile: { topCategory: 'shoes', empty: '' }, utm: { source: '<b>news</b>' } };
const html = (content: Content, attrs: Record<string, unknown> = attributes) => renderSlot(content, attrs).html;

describe('rendering content', () => {
  it('escapes text bodies whole', () => {
    expect(html({ kind: 'text', body: '<script>alert(1)</script> & co' })).toBe('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });

  it('fills tokens, uses the fallback when a value is missing or empty, and escapes token values in HTML', () => {
    const body = '<p>{{profile.topCategory | gear}} {{profile.missing | our range}} {{profile.empty|x}} {{utm.source}}</p>';
    expect(html({ kind: 'html', body })).toBe('<p>shoes our range x &lt;b&gt;news&lt;/b&gt;</p>');
  });

  it('never reads tokens from prototypes', () => {
    expect(html({ kind: 'text', body: '{{constructor.name | none}} {{__proto__ | none}}' })).toBe('none none');
  });

  it('drops script URLs from link and image attributes, keeping normal ones', () => {
    const attrs = (href: string) => renderSlot({ kind: 'html', body: '', attrs: { href, alt: 'A' } }, attributes).attrs;
    for (const bad of ['javascript:alert(1)', ' JaVaScRiPt:x', '\u0001javascript:x', 'data:text/html,x', 'vbscript:x']) {
      expect(attrs(bad)).toEqual([['alt', 'A']]);
    }
    expect(attrs('/shoes?c={{profile.topCategory}}')).toEqual([
      ['href', '/shoes?c=shoes'],
      ['alt', 'A'],
    ]);
  });
});

describe('rendering every kind of change', () => {
  const render = (content: Content) => renderSlot(content, attributes);
  const element = (attrs: Record<string, string> = {}) => {
    const log: string[] = [];
    const target = {
      getAttribute: (name: string) => attrs[name] ?? null,
      setAttribute: (name: string, value: string) => {
        attrs[name] = value;
      },
      setInner: (html: string) => log.push(`inner:${html}`),
      before: (html: string) => log.push(`before:${html}`),
      after: (html: string) => log.push(`after:${html}`),
    };
    return { attrs, log, target };
  };

  it('keep changes only attributes, styles and classes, merged into what the page has', () => {
    const el = element({ class: 'btn', style: 'margin: 0;' });
    applyRendered(
      el.target,
      render({ kind: 'keep', body: 'ignored', attrs: { srcset: '/a.png 1x, /b.png 2x' }, style: { color: '#c00', 'font-weight': 'bold' }, addClass: 'promo btn' }),
    );
    expect(el.attrs).toEqual({ class: 'btn promo', style: 'margin: 0; color: #c00; font-weight: bold', srcset: '/a.png 1x, /b.png 2x' });
    expect(el.log).toEqual([]);
  });

  it('hide hides the element and leaves its content', () => {
    const el = element();
    applyRendered(el.target, render({ kind: 'hide', body: '' }));
    expect(el.attrs).toEqual({ style: 'display: none !important' });
    expect(el.log).toEqual([]);
  });

  it('before and after insert the body as HTML beside the element, with tokens filled', () => {
    const before = element();
    applyRendered(before.target, render({ kind: 'before', body: '<p>For {{profile.topCategory}} fans</p>' }));
    expect(before.log).toEqual(['before:<p>For shoes fans</p>']);
    const after = element();
    applyRendered(after.target, render({ kind: 'after', body: '<p>x</p>' }));
    expect(after.log).toEqual(['after:<p>x</p>']);
  });

  it('html and text still replace the inner content', () => {
    const el = element();
    applyRendered(el.target, render({ kind: 'text', body: '<b>' }));
    expect(el.log).toEqual(['inner:&lt;b&gt;']);
  });

  it('drops a srcset with a script URL in any candidate', () => {
    expect(render({ kind: 'keep', body: '', attrs: { srcset: '/a.png 1x, javascript:alert(1) 2x', alt: 'A' } }).attrs).toEqual([['alt', 'A']]);
  });
});
