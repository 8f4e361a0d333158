/**
 * The edit-mode protocol: the messages the editor and the page it frames exchange with
 * `postMessage` (same origin only). The frame's side is the SDK's edit chunk
 * (packages/sdk/src/edit-tag.ts), the editor's is editor/src/frame.ts; both take their types
 * from here. Messages arrive from another window, so each side still checks the shape of what
 * it reads.
 */

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
}

/** What the frame shows in each slot: rendered content, or null for the page's own. */
export type SlotContents = Record<string, { html: string; attrs?: Record<string, string> } | null>;

/** Frame → editor: the page (on load and whenever its slots change), and a slot clicked. */
export type FrameMessage = ({ type: 'sw:page' } & FramePage) | { type: 'sw:select'; slot: string | null };

/** Editor → frame: show these contents, outline this slot, report the page again. */
export type EditorMessage = { type: 'sw:apply'; contents: SlotContents } | { type: 'sw:highlight'; slot: string | null } | { type: 'sw:hello' };
