/**
 * What the framed site reports: the page it shows now, the pages it has shown this session, and
 * the site's pages the editor knows of (those shown and those they link to).
 */
import { signal } from '@preact/signals';
import type { FramePage } from '@slotwise/core/protocol';

export type { FramePage, FrameSlot } from '@slotwise/core/protocol';

export const page = signal<FramePage | null>(null);
/** Pages the frame has shown this session, with the slots each really has (for "why nobody sees it"). */
export const seenPages = signal<{ path: string; slots: string[] }[]>([]);
/**
 * The site's pages the editor knows of: every page the frame has shown, then the pages they link
 * to (paths without query, first seen first, at most 500). A template's reach is counted over them.
 */
export const knownPaths = signal<string[]>([]);

const pathOnly = (path: string) => path.replace(/[?#].*$/, '') || '/';

/** The frame showed a page: it is the current one, and its slots and links are remembered (the latest report per path wins). */
export function pageShown(next: FramePage): void {
  page.value = next;
  const slots = next.slots.map((s) => s.name);
  seenPages.value = [...seenPages.value.filter((p) => p.path !== next.path), { path: next.path, slots }].slice(-50);
  const shown = seenPages.value.map((p) => pathOnly(p.path));
  knownPaths.value = [...new Set([...shown, ...knownPaths.value, ...(next.links ?? []).map(pathOnly)])].slice(0, 500);
}
