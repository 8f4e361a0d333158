/** Element slots in the config: a selector and page pattern instead of data-slot, validated with reasons. */
import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from './config.ts';
import type { SiteConfigInput } from './schema.ts';
import { testConfig } from './testing.ts';

type ContentInput = SiteConfigInput['campaigns'][number]['variants'][number]['content'][string];

const withElementSlot = (slot: Record<string, unknown>, content: ContentInput = { kind: 'text', body: 'New title' }) =>
  testConfig({
    slots: [{ name: 'title', ...slot } as SiteConfigInput['slots'][number]],
    campaigns: [{ id: 'c1', name: 'C', status: 'live', priority: 1, slots: ['title'], variants: [{ id: 'v', name: 'V', content: { title: content } }] }],
  });
const errorsOf = (input: unknown) => {
  const result = parseSiteConfig(input);
  return result.ok ? [] : result.errors;
};

describe('element slots', () => {
  it('accept a selector, a page pattern and a match', () => {
    expect(errorsOf(withElementSlot({ selector: 'main h1.title', pages: ['/p/*'] }))).toEqual([]);
    expect(errorsOf(withElementSlot({ selector: 'li.item', pages: ['/p/*'], match: 'all' }))).toEqual([]);
  });

  it('refuse a selector outside the supported subset, saying why', () => {
    expect(errorsOf(withElementSlot({ selector: 'h1 + p', pages: ['/p/*'] }))).toEqual([expect.stringMatching(/^slots\[0\]\.selector: .*sibling combinator/)]);
  });

  it('need a page pattern', () => {
    expect(errorsOf(withElementSlot({ selector: 'h1' }))).toEqual([expect.stringMatching(/^slots\[0\]\.pages: an element slot/)]);
  });

  it('accept every kind of change, and refuse unsafe styles and class names', () => {
    for (const kind of ['keep', 'hide', 'before', 'after'] as const) {
      expect(errorsOf(withElementSlot({ selector: 'h1', pages: ['/p/*'] }, { kind, body: '' })), kind).toEqual([]);
    }
    const styled = { kind: 'keep', body: '', style: { color: 'rgb(200, 0, 0)', 'background-color': '#fff', 'font-weight': '700' }, addClass: 'promo big' } as const;
    expect(errorsOf(withElementSlot({ selector: 'h1', pages: ['/p/*'] }, styled))).toEqual([]);
    const bad: [ContentInput, RegExp][] = [
      [{ kind: 'keep', body: '', style: { color: 'red; background: url(//evil)' } }, /color: must be a colour/],
      [{ kind: 'keep', body: '', style: { 'font-weight': 'heavy' } }, /font-weight: must be/],
      [{ kind: 'keep', body: '', addClass: 'a" onclick="x' }, /class names/],
    ];
    for (const [content, reason] of bad) expect(errorsOf(withElementSlot({ selector: 'h1', pages: ['/p/*'] }, content))).toEqual([expect.stringMatching(reason)]);
  });
});
