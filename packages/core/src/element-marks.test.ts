import { describe, expect, it } from 'vitest';
import type { RenderedSlot } from './content.ts';
import { joinsChanges, replacedBy, withMark } from './element-marks.ts';

const change = (over: Partial<RenderedSlot>): RenderedSlot => ({ html: '', attrs: [], place: 'keep', ...over });
/** A change of the element's content (no `place`). */
const content = (html: string): RenderedSlot => ({ html, attrs: [] });

describe('two element slots on one element', () => {
  it('name what a change replaces: the content, each attribute and style property; classes and insertions replace nothing', () => {
    expect(replacedBy(content('Hi'))).toEqual(['content']);
    expect(replacedBy(change({ attrs: [['src', '/a.png']], style: [['color', '#c00']] }))).toEqual(['@src', 'style:color']);
    expect(replacedBy(change({ addClass: ['promo'] }))).toEqual([]);
    expect(replacedBy(change({ html: '<p>Sale</p>', place: 'before' }))).toEqual([]);
  });

  it('let a later change join unless it replaces what an earlier one set', () => {
    const first = new Set(replacedBy(content('Premier')));
    expect(joinsChanges(first, change({ style: [['color', '#c00']] }))).toBe(true);
    expect(joinsChanges(first, change({ addClass: ['x'] }))).toBe(true);
    expect(joinsChanges(first, content('Second'))).toBe(false);
    expect(joinsChanges(new Set(['style:color']), change({ style: [['color', 'blue']] }))).toBe(false);
    expect(joinsChanges(new Set(['style:color']), change({ place: 'hide', style: [['display', 'none !important']] }))).toBe(true);
  });

  it('list marks space-separated, in the order they applied', () => {
    expect(withMark(null, 'a')).toBe('a');
    expect(withMark('a', 'b')).toBe('a b');
    expect(withMark('c1:v1', 'c2:v2')).toBe('c1:v1 c2:v2');
  });
});
