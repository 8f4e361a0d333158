/**
 * The edit-mode protocol: the messages the editor and the page it frames exchange with
 * `postMessage` (same origin only). The frame's side is the SDK's edit chunk
 * (packages/sdk/src/edit-tag.ts), the editor's is editor/src/frame.ts; both take their types
 * from here. Messages arrive from another window, so each side still checks the shape of what
 * it reads.
 */
import type { RenderedSlot } from './content.ts';

/** A slot as the framed page reports it: its name, default HTML and text, and its element's tag. */
export interface FrameSlot {
  name: string;
  html: string;
  text: string;
  tag: string;
  /** Where it sits on the page, in CSS pixels (sent by the frame; the editor does not read it). */
  rect?: { x: number; y: number; width: number; height: number };
}

/** The page in the frame: where it is, what it is about, and its slots. */
export interface FramePage {
  path: string;
  title: string;
  /** `<meta name="sw:category">`, or null when the page has none. */
  category: string | null;
  slots: FrameSlot[];
  /** Paths of this site the page links to (without query), at most 200: the editor's known pages. */
  links?: string[];
  /** Class names the page's own stylesheets define (at most 300), offered for a style change. */
  classes?: string[];
}

/** What the frame shows in each slot: rendered content, or null for the page's own. */
export type SlotContents = Record<string, { html: string; attrs?: Record<string, string> } | null>;

/**
 * Any element the marketer clicked on the framed page (not only a declared slot): the selector
 * core's generator made for it, how many elements that selector matches on this page, and what
 * the element holds now, so the editor can start a change from it.
 */
export interface PickedElement {
  selector: string;
  /** Elements on this page the selector matches (the change applies to the first, or to all). */
  count: number;
  tag: string;
  /** Its text, whitespace folded, at most 300 characters. */
  text: string;
  /** Its inner HTML, at most 20,000 characters. */
  html: string;
  attrs: { href?: string; src?: string; srcset?: string; alt?: string };
  classes: string[];
}

/**
 * A change to the elements a selector picks, as the frame previews it: the content already
 * rendered by core (`renderSlot`: tokens filled for the preview visitor, URLs checked), which the
 * frame places with core's `applyRendered`, as the edge and the browser do.
 */
export interface ElementPreview {
  selector: string;
  match: 'one' | 'all';
  content: RenderedSlot;
}

/** How a click in the frame is taken: pick the element, or browse the site (links navigate). */
export type FrameMode = 'pick' | 'browse';

/**
 * Frame → editor: the page (on load and whenever its slots change), a slot clicked, any other
 * element clicked (`sw:pick`), and the text typed into an element edited in place (`sw:text`).
 */
export type FrameMessage =
  | ({ type: 'sw:page' } & FramePage)
  | { type: 'sw:select'; slot: string | null }
  | { type: 'sw:pick'; element: PickedElement }
  | { type: 'sw:text'; selector: string; text: string };

/**
 * Editor → frame: show these contents, outline this slot, report the page again; preview these
 * element changes, outline this picked element, let the marketer type into it, pick or browse.
 */
export type EditorMessage =
  | { type: 'sw:apply'; contents: SlotContents }
  | { type: 'sw:highlight'; slot: string | null }
  | { type: 'sw:hello' }
  | { type: 'sw:apply-elements'; changes: ElementPreview[] }
  | { type: 'sw:outline'; selector: string | null }
  | { type: 'sw:edit-text'; selector: string }
  /** Widen the pick to the parent of the element this selector picks (reported back as `sw:pick`). */
  | { type: 'sw:pick-parent'; selector: string }
  | { type: 'sw:mode'; mode: FrameMode };
