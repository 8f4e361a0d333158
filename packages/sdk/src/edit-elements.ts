/**
 * Edit mode's preview of element changes (element slots): the editor sends each change already
 * rendered by core (`sw:apply-elements`), and this places it on the elements its selector picks
 * (the first, or all) with core's applyRendered, as the edge does, undoing the previous preview
 * first so nothing lingers. The editor's content is untrusted: HTML goes through the same
 * allow-list as the server's sanitizer and into the page as nodes; URLs and srcsets only when
 * allowed; a style attribute that could load anything is refused.
 * Also in-place text editing: the element becomes editable and each keystroke's text goes back.
 */
import { type ChangeTarget, applyRendered } from '@slotwise/core/decide';
import type { ElementPreview } from '@slotwise/core/protocol';
import { allowedSrcset, allowedUrl } from '@slotwise/core/sanitize';
import { sanitizedFragment } from './purify.ts';

interface Undo {
  nodes: Node[] | null;
  attrs: Record<string, string | null>;
}

/** Attributes a change may set in the preview, and the check each value must pass. */
const ATTRS: Record<string, (value: string) => boolean> = {
  href: allowedUrl,
  src: allowedUrl,
  srcset: (value) => allowedSrcset(value) === value,
  alt: () => true,
  title: () => true,
  class: () => true,
  // The merged style attribute: the page's own, then the change's declarations (core checked their values).
  style: (value) => !/[<>{}\\]|url\s*\(|expression\s*\(/i.test(value),
};

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
    const saved: Undo = { nodes: null, attrs: {} };
    changed.set(el, saved);
    const insert = (where: 'before' | 'after', html: string) => {
      const nodes = [...sanitizedFragment(html).childNodes];
      inserted.push(...nodes);
      el[where](...nodes);
    };
    const target: ChangeTarget = {
      getAttribute: (name) => el.getAttribute(name),
      setAttribute(name, value) {
        if (!ATTRS[name]?.(value)) return;
        if (!(name in saved.attrs)) saved.attrs[name] = el.getAttribute(name);
        el.setAttribute(name, value);
      },
      setInner(html) {
        saved.nodes ??= [...el.childNodes];
        el.replaceChildren(sanitizedFragment(html));
      },
      before: (html) => insert('before', html),
      after: (html) => insert('after', html),
    };
    applyRendered(target, change.content);
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
    // Copies: typing edits the text nodes themselves.
    if (!typedOver.has(el))
      typedOver.set(
        el,
        (changed.get(el)?.nodes ?? [...el.childNodes]).map((n) => n.cloneNode(true)),
      );
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
