/**
 * The channel to the framed site (edit mode, packages/sdk/src/edit-tag.ts). Messages are taken
 * only from our own origin and from the frame's window, and only of the known types (core's
 * edit-messages.ts); the shape
 * of each is checked before anything reads it.
 */
import type { EditorMessage, ElementPreview, FrameMessage, FrameMode, FramePage, PickedElement, SlotContents } from '@slotwise/core/protocol';
import { dropElement, pickElement, textTyped } from './store/element-edit.ts';
import { page, pageShown } from './store/frame-page.ts';
import { selectSlot } from './store/navigation.ts';

let frame: HTMLIFrameElement | null = null;

export function attachFrame(el: HTMLIFrameElement | null): void {
  frame = el;
}

function send(message: EditorMessage): void {
  frame?.contentWindow?.postMessage(message, location.origin);
}

export const applyToFrame = (contents: SlotContents) => send({ type: 'sw:apply', contents });
export const highlightInFrame = (slot: string | null) => send({ type: 'sw:highlight', slot });
/** Asks the frame to report its page again (after the editor mounts late). */
export const helloFrame = () => send({ type: 'sw:hello' });
export const applyElementsToFrame = (changes: ElementPreview[]) => send({ type: 'sw:apply-elements', changes });
export const outlineInFrame = (selector: string | null) => send({ type: 'sw:outline', selector });
/** Lets the marketer type into the element on the page; each change comes back as `sw:text`. */
export const editTextInFrame = (selector: string) => send({ type: 'sw:edit-text', selector });
export const setFrameMode = (mode: FrameMode) => send({ type: 'sw:mode', mode });
/** "Select the parent element": the frame picks the parent of the picked element and reports it as a new pick. */
export const pickParentInFrame = (selector: string) => send({ type: 'sw:pick-parent', selector });

const isString = (x: unknown): x is string => typeof x === 'string';

/** The message as a page report, or null when it is not a well-formed one. */
export function readPage(data: Record<string, unknown>): FramePage | null {
  if (!isString(data.path) || !isString(data.title) || !Array.isArray(data.slots)) return null;
  const slots = data.slots
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && isString((s as Record<string, unknown>).name))
    .map((s) => ({ name: String(s.name), html: isString(s.html) ? s.html : '', text: isString(s.text) ? s.text : '', tag: isString(s.tag) ? s.tag : 'div' }));
  return {
    path: data.path,
    title: data.title,
    category: isString(data.category) ? data.category : null,
    slots,
    links: strings(data.links) ? data.links.slice(0, 200) : [],
    classes: strings(data.classes) ? data.classes.slice(0, 300) : [],
  };
}

const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every(isString);

/** The message's element as a picked element, or null when it is not a well-formed one. */
export function readPicked(data: unknown): PickedElement | null {
  const e = data as Record<string, unknown> | null;
  if (typeof e !== 'object' || e === null || !isString(e.selector) || typeof e.count !== 'number' || !isString(e.tag)) return null;
  const raw = (typeof e.attrs === 'object' && e.attrs !== null ? e.attrs : {}) as Record<string, unknown>;
  const attrs: PickedElement['attrs'] = {};
  for (const name of ['href', 'src', 'srcset', 'alt'] as const) {
    const value = raw[name];
    if (isString(value)) attrs[name] = value;
  }
  return {
    selector: e.selector,
    count: e.count,
    tag: e.tag,
    text: isString(e.text) ? e.text : '',
    html: isString(e.html) ? e.html : '',
    attrs,
    classes: strings(e.classes) ? e.classes : [],
  };
}

export function listenToFrame(): () => void {
  const onMessage = (event: MessageEvent) => {
    if (event.origin !== location.origin || !frame || event.source !== frame.contentWindow) return;
    const data = event.data as (Record<string, unknown> & { type?: FrameMessage['type'] }) | null;
    if (typeof data !== 'object' || data === null) return;
    if (data.type === 'sw:page') {
      const next = readPage(data);
      if (!next) return;
      pageShown(next);
    } else if (data.type === 'sw:select' && isString(data.slot)) {
      dropElement();
      selectSlot(data.slot);
    } else if (data.type === 'sw:pick') {
      const element = readPicked(data.element);
      if (element) pickElement(element, page.value?.path ?? '/');
    } else if (data.type === 'sw:text' && isString(data.selector) && isString(data.text)) {
      textTyped(data.selector, data.text);
    }
  };
  addEventListener('message', onMessage);
  return () => removeEventListener('message', onMessage);
}
