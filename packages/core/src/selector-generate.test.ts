/**
 * generateSelector over a parsed page (htmlparser2 + css-select stand in for the DOM here; the
 * differential test runs it in Chromium over real pages).
 */
import { selectAll } from 'css-select';
import type { AnyNode, Element as HtmlElement } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { checkSelector } from './selector.ts';
import { type SelectorElement, type SelectorRoot, generateSelector, looksGenerated } from './selector-generate.ts';

function page(html: string): { root: SelectorRoot; find: (selector: string) => SelectorElement } {
  const doc = parseDocument(html);
  const wrappers = new Map<HtmlElement, SelectorElement>();
  const isElement = (node: unknown): node is HtmlElement => typeof node === 'object' && node !== null && (node as { type?: string }).type === 'tag';
  const sibling = (node: HtmlElement, step: 'prev' | 'next'): SelectorElement | null => {
    let at = node[step];
    while (at && !isElement(at)) at = at[step];
    return at ? wrap(at) : null;
  };
  const root: SelectorRoot = { querySelectorAll: (s) => selectAll<AnyNode, HtmlElement>(s, doc).map(wrap) };
  function wrap(node: HtmlElement): SelectorElement {
    let el = wrappers.get(node);
    if (el) return el;
    el = {
      tagName: node.name.toUpperCase(),
      id: node.attribs.id ?? '',
      attributes: Object.entries(node.attribs).map(([name, value]) => ({ name, value })),
      get parentElement() {
        return isElement(node.parent) ? wrap(node.parent) : null;
      },
      get previousElementSibling() {
        return sibling(node, 'prev');
      },
      get nextElementSibling() {
        return sibling(node, 'next');
      },
      getAttribute: (name) => node.attribs[name] ?? null,
      ownerDocument: root,
    };
    wrappers.set(node, el);
    return el;
  }
  return { root, find: (selector) => root.querySelectorAll(selector)[0] as SelectorElement };
}

const store = page(`<html><body>
  <header id="top"><nav><a href="/">Home</a><a href="/cart" data-role="cart">Cart</a></nav></header>
  <main class="css-1x2y3z product">
    <h1 class="product-title text-lg">Trail runner</h1>
    <div class="price"><span>€</span><span>120</span></div>
    <ul><li>One</li><li>Two</li><li>Three</li></ul>
    <img src="/a.png" class="sc-bdVaJa">
  </main>
  <footer><p>About</p><p>© Shop</p></footer>
</body></html>`);

describe('generateSelector', () => {
  it('prefers an id, then a data-* attribute, then a meaningful class', () => {
    expect(generateSelector(store.find('header'), store.root)).toBe('#top');
    expect(generateSelector(store.find('a[href="/cart"]'), store.root)).toBe('a[data-role="cart"]');
    expect(generateSelector(store.find('h1'), store.root)).toBe('h1.product-title');
  });

  it('falls back to a short positional path under the nearest anchor, never text', () => {
    expect(generateSelector(store.find('ul > li:nth-child(2)'), store.root)).toBe('ul > li:nth-of-type(2)');
    expect(generateSelector(store.find('.price > span:nth-child(2)'), store.root)).toBe('div.price > span:nth-of-type(2)');
    expect(generateSelector(store.find('footer > p:nth-child(2)'), store.root)).toBe('footer > p:nth-of-type(2)');
  });

  it('skips generated class names and always returns a selector in the supported subset that matches only the element', () => {
    const img = store.find('img');
    const selector = generateSelector(img, store.root);
    expect(selector).not.toContain('sc-bdVaJa');
    for (const el of Array.from(store.root.querySelectorAll('body *')) as SelectorElement[]) {
      const s = generateSelector(el, store.root);
      expect(checkSelector(s), s).toBeNull();
      const found = store.root.querySelectorAll(s);
      expect([found.length, found[0] === el], s).toEqual([1, true]);
    }
  });

  it('never names the elements a browser adds (html, head, body, tbody), stepping over a tbody', () => {
    const table = page(
      '<html><body><div><table class="prices"><tbody><tr><td>a</td></tr><tr><td>b</td></tr></tbody></table></div><div><table><tbody><tr><td>c</td></tr></tbody></table></div></body></html>',
    );
    expect(generateSelector(table.find('table.prices tr:nth-of-type(2) > td'), table.root)).toBe('table.prices tr:nth-of-type(2) > td');
    expect(generateSelector(table.find('div:nth-of-type(2) td'), table.root)).toBe('div:nth-of-type(2) > table tr > td');
    expect(checkSelector(generateSelector(table.find('body'), table.root))).toMatch(/<body> is added by browsers/);
  });

  it('tells generated class names from meaningful ones', () => {
    for (const generated of ['css-1x2y3z', 'sc-bdVaJa', 'jsx-2873', 'mt-4', 'p-2', 'a1b2c3d4e5', 'x'.repeat(41)]) expect(looksGenerated(generated), generated).toBe(true);
    for (const meaningful of ['product-title', 'price', 'btn', 'navbar-brand', 'hero', 'card']) expect(looksGenerated(meaningful), meaningful).toBe(false);
  });
});
