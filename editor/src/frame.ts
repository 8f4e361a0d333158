/**
 * The channel to the framed site (edit mode, packages/sdk/src/edit-tag.ts). Messages are taken
 * only from our own origin and from the frame's window, and only of the known types (core's
 * edit-messages.ts); the shape
 * of each is checked before anything reads it.
 */
import type { EditorMessage, FrameMessage, FramePage, SlotContents } from '@slotwise/core/protocol';
import { pageShown } from './store/frame-page.ts';
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

const isString = (x: unknown): x is string => typeof x === 'string';

/** The message as a page report, or null when it is not a well-formed one. */
export function readPage(data: Record<string, unknown>): FramePage | null {
  if (!isString(data.path) || !isString(data.title) || !Array.isArray(data.slots)) return null;
  const slots = data.slots
    .filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null && isString((s as Record<string, unknown>).name))
    .map((s) => ({ name: String(s.name), html: isString(s.html) ? s.html : '', text: isString(s.text) ? s.text : '', tag: isString(s.tag) ? s.tag : 'div' }));
  return { path: data.path, title: data.title, category: isString(data.category) ? data.category : null, slots };
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
      selectSlot(data.slot);
    }
  };
  addEventListener('message', onMessage);
  return () => removeEventListener('message', onMessage);
}
