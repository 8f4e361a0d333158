/**
 * Edit mode's preview of element changes (element slots): the editor sends each change already
 * rendered by core (`sw:apply-elements`), and this places it on the elements its selector picks
 * (the first, or all), undoing the previous preview first so nothing lingers. The editor's
 * content is untrusted: HTML goes through the same allow-list as the server's sanitizer and into
 * the page as nodes; URLs and srcsets only when allowed; styles only the three the model has.
 * Also in-place text editing: the element becomes editable and each keystroke's text goes back.
 */
import type { ElementPreview } from '@slotwise/core/protocol';
import { allowedSrcset, allowedUrl } from '@slotwise/core/sanitize';
import { sanitizedFragment } from './purify.ts';

interface Undo {
  nodes: Node[] | null;
  attrs: Record<string, string | null>;
  style: string | null;
  classes: string[];
}

const STYLES = new Set(['color', 'background-color', 'font-weight']);

export function elementPreviews() {
  const changed = new Map<Element, Undo>();
  let inserted: Node[] = [];
  let editing: HTMLElement | null = null;
  // The page's own nodes of an element typed into, to put back once the preview moves on.
  const typedOver = new Map<Element, Node[]>();

  function undo(): void {
    for (const node of inserted) node.parentNode?.removeChild(node);
    inserted = [];
    for (const [el, saved] of changed) {
      if (el === editing) continue;
      if (saved.nodes) el.replaceChildren(...saved.nodes);
      for (const [name, value] of Object.entries(saved.attrs)) {
        if (value === null) el.removeAttribute(name);
        else el.setAttribute(name, value);
      }
      if (saved.style === null) el.removeAttribute('style');
      else el.setAttribute('style', saved.style);
      el.classList.remove(...saved.classes);
    }
    for (const el of [...changed.keys()]) if (el !== editing) changed.delete(el);
    for (const [el, nodes] of typedOver) {
      if (el === editing) continue;
      el.replaceChildren(...nodes);
      typedOver.delete(el);
    }
  }

  function place(el: Element, change: ElementPreview): void {
    // The element being typed into already shows the text: re-rendering it would move the caret.
    if (el === editing) return;
    const saved: Undo = { nodes: null, attrs: {}, style: el.getAttribute('style'), classes: [] };
    changed.set(el, saved);
    const { action } = change;
    if (action === 'replace') {
      saved.nodes = [...el.childNodes];
      el.replaceChildren(sanitizedFragment(change.html));
    } else if (action === 'before' || action === 'after') {
      const nodes = [...sanitizedFragment(change.html).childNodes];
      inserted.push(...nodes);
      el[action](...nodes);
    }
    const style = (el as HTMLElement).style;
    if (action === 'hide') style?.setProperty('display', 'none', 'important');
    for (const [name, value] of Object.entries(change.style)) if (STYLES.has(name)) style?.setProperty(name, value);
    for (const [name, value] of Object.entries(change.attrs)) {
      if (!/^(href|src|srcset|alt)$/.test(name)) continue;
      if ((name === 'href' || name === 'src') && !allowedUrl(value)) continue;
      const srcset = name === 'srcset' ? allowedSrcset(value) : value;
      if (srcset === null) continue;
      saved.attrs[name] = el.getAttribute(name);
      el.setAttribute(name, srcset);
    }
    const added = change.addClass.filter((c) => /^[\w-]+$/.test(c) && !el.classList.contains(c));
    el.classList.add(...added);
    saved.classes = added;
  }

  /** Shows these changes, and only these. */
  function apply(changes: ElementPreview[]): void {
    undo();
    for (const change of changes) {
      let found: Element[];
      try {
        found = [...document.querySelectorAll(change.selector)];
      } catch {
        continue; // not a selector: nothing is changed, as at the edge
      }
      for (const el of change.match === 'all' ? found : found.slice(0, 1)) place(el, change);
    }
  }

  /** Makes the element editable on the page; `typed` gets its text after each change. */
  function editText(selector: string, typed: (text: string) => void): void {
    let el: HTMLElement | null = null;
    try {
      el = document.querySelector<HTMLElement>(selector);
    } catch {
      return;
    }
    if (!el) return;
    stopEditing();
    // The page's own nodes: those a preview moved aside, else what it shows now.
    if (!typedOver.has(el)) typedOver.set(el, changed.get(el)?.nodes ?? [...el.childNodes]);
    changed.delete(el);
    editing = el;
    const target = el;
    target.setAttribute('contenteditable', 'plaintext-only');
    const onInput = () => typed((target.textContent ?? '').replace(/\s+/g, ' ').trim());
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === 'Escape') {
        event.preventDefault();
        target.blur();
      }
    };
    const onBlur = () => stopEditing();
    target.addEventListener('input', onInput);
    target.addEventListener('keydown', onKey);
    target.addEventListener('blur', onBlur, { once: true });
    stopHandlers = () => {
      target.removeEventListener('input', onInput);
      target.removeEventListener('keydown', onKey);
      target.removeAttribute('contenteditable');
    };
    target.focus();
  }

  let stopHandlers: (() => void) | null = null;
  function stopEditing(): void {
    stopHandlers?.();
    stopHandlers = null;
    editing = null;
  }

  return { apply, editText, isEditing: (el: Element) => editing?.contains(el) === true };
}
