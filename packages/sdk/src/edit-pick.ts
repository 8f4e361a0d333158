/**
 * Edit mode's picker: hovering any element of the framed page outlines it and names it (its tag
 * and the selector core makes for it); the picked element keeps a solid outline. The outlines
 * are boxes laid over the page (pointer-events: none), so the page's own styles and layout are
 * never touched, and they carry the edit mark so the slot observer ignores them.
 */
import { generateSelector } from '@slotwise/core';
import type { PickedElement } from '@slotwise/core/protocol';

/** The editor's colour: outlines and name badges of slots and hovered elements. */
export const ACCENT = '#4f46e5';
const PICKED = '#db2777';

/** A name badge laid over the page (slots' in edit-tag.ts, elements' here): above everything, never in the way. */
export const BADGE_STYLE = {
  position: 'absolute',
  zIndex: '2147483647',
  pointerEvents: 'none',
  font: '600 11px/1.6 system-ui, sans-serif',
  color: '#fff',
  padding: '0 6px',
  borderRadius: '4px 4px 4px 0',
} as const;

function box(mark: string, color: string, dashed: boolean): { frame: HTMLElement; label: HTMLElement } {
  const frame = document.createElement('div');
  frame.setAttribute(mark, 'badge');
  Object.assign(frame.style, {
    position: 'absolute',
    zIndex: '2147483646',
    pointerEvents: 'none',
    outline: `2px ${dashed ? 'dashed' : 'solid'} ${color}`,
    background: dashed ? 'rgba(79,70,229,.06)' : 'transparent',
    display: 'none',
  });
  const label = document.createElement('div');
  label.setAttribute(mark, 'badge');
  Object.assign(label.style, BADGE_STYLE, {
    background: color,
    whiteSpace: 'nowrap',
    maxWidth: '60vw',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    display: 'none',
  });
  return { frame, label };
}

/** The selector for an element (core's generator), or null where it has none. */
export function selectorOf(el: Element): string | null {
  try {
    return generateSelector(el, document);
  } catch {
    return null;
  }
}

function countOf(selector: string): number {
  try {
    return document.querySelectorAll(selector).length;
  } catch {
    return 0;
  }
}

/** What the editor is told of a picked element. */
export function describeElement(el: Element, selector: string): PickedElement {
  const attrs: PickedElement['attrs'] = {};
  for (const name of ['href', 'src', 'srcset', 'alt'] as const) {
    const value = el.getAttribute(name);
    if (value !== null) attrs[name] = value;
  }
  return {
    selector,
    count: countOf(selector),
    tag: el.tagName.toLowerCase(),
    text: (el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 300),
    html: el.innerHTML.slice(0, 20_000),
    attrs,
    classes: [...el.classList].slice(0, 20),
  };
}

export function picker(mark: string) {
  const hover = box(mark, ACCENT, true);
  const picked = box(mark, PICKED, false);
  let hovered: Element | null = null;
  let pickedSelector: string | null = null;

  function show(target: { frame: HTMLElement; label: HTMLElement }, el: Element | null, text: string): void {
    if (!target.frame.isConnected) document.body.append(target.frame, target.label);
    const visible = el?.isConnected === true;
    target.frame.style.display = target.label.style.display = visible ? 'block' : 'none';
    if (!visible || !el) return;
    const r = el.getBoundingClientRect();
    Object.assign(target.frame.style, { left: `${r.left + scrollX}px`, top: `${r.top + scrollY}px`, width: `${r.width}px`, height: `${r.height}px` });
    target.label.textContent = text;
    Object.assign(target.label.style, { left: `${Math.max(0, r.left + scrollX)}px`, top: `${Math.max(0, r.top + scrollY - 18)}px` });
  }

  function pickedElement(): Element | null {
    if (!pickedSelector) return null;
    try {
      return document.querySelector(pickedSelector);
    } catch {
      return null;
    }
  }

  return {
    /** Outlines and names the element under the pointer (null: none). */
    hover(next: Element | null): void {
      // The picked element has its own outline and name.
      const el = next !== null && next === pickedElement() ? null : next;
      if (el === hovered) return;
      hovered = el;
      show(hover, el, el ? `${el.tagName.toLowerCase()} · ${selectorOf(el) ?? ''}` : '');
    },
    /** Keeps the element this selector picks outlined (null: none). */
    outline(selector: string | null): void {
      pickedSelector = selector;
      show(picked, pickedElement(), selector ?? '');
    },
    /** Places the outlines again (after a scroll, a resize or a preview). */
    refresh(): void {
      show(hover, hovered, hover.label.textContent ?? '');
      show(picked, pickedElement(), pickedSelector ?? '');
    },
  };
}
