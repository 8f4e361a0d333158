import { describe, expect, it } from 'vitest';
import { renderSlot } from './content.ts';
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
