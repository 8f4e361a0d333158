import { describe, expect, it } from 'vitest';
import { actionOf, actionsFor, startContent, withAttr, withClass, withStyle } from './element-content.ts';

const image = { selector: 'img', count: 1, tag: 'img', text: '', html: '', attrs: { src: '/a.svg', alt: 'A boot' }, classes: [] };
const link = { ...image, tag: 'a', text: 'Shop', html: '<b>Shop</b>', attrs: { href: '/shoes' } };

describe("the element panel's actions", () => {
  it('start from what the element holds now', () => {
    expect(startContent('image', image)).toEqual({ kind: 'keep', body: '', attrs: { src: '/a.svg', alt: 'A boot' } });
    expect(startContent('link', link)).toEqual({ kind: 'keep', body: '', attrs: { href: '/shoes' } });
    expect(startContent('html', link)).toEqual({ kind: 'html', body: '<b>Shop</b>' });
    expect(startContent('hide', link)).toEqual({ kind: 'hide', body: '' });
    expect(startContent('after', link).kind).toBe('after');
  });

  it('are read back from stored content', () => {
    for (const action of ['text', 'html', 'link', 'image', 'hide', 'before', 'after', 'style'] as const)
      expect(actionOf(startContent(action, { ...link, attrs: action === 'image' ? image.attrs : link.attrs }))).toBe(action);
  });

  it('offer a link change on links and an image change on images only', () => {
    expect(actionsFor(image)).toEqual(['image', 'hide', 'before', 'after', 'style']);
    expect(actionsFor(link)).toContain('link');
    expect(actionsFor({ tag: 'h1' })).not.toContain('link');
  });

  it('set and clear one attribute, style or class at a time', () => {
    const c = withAttr(startContent('image', image), 'srcset', '/a-2x.svg 2x');
    expect(c.attrs).toEqual({ src: '/a.svg', alt: 'A boot', srcset: '/a-2x.svg 2x' });
    expect(withAttr(c, 'srcset', '').attrs).toEqual({ src: '/a.svg', alt: 'A boot' });
    const styled = withStyle(startContent('style', link), 'color', '#b91c1c');
    expect(styled.style).toEqual({ color: '#b91c1c' });
    expect(withStyle(styled, 'color', '').style).toEqual({});
    expect(withClass(styled, ' badge ').addClass).toBe('badge');
    expect('addClass' in withClass(withClass(styled, 'badge'), '')).toBe(false);
  });
});
