/** What the framed site reports: the page it shows now, and the pages it has shown this session. */
import { signal } from '@preact/signals';
import type { FramePage } from '@slotwise/core/protocol';

export type { FramePage, FrameSlot } from '@slotwise/core/protocol';

export const page = signal<FramePage | null>(null);
/** Pages the frame has shown this session, with the slots each really has (for "why nobody sees it"). */
export const seenPages = signal<{ path: string; slots: string[] }[]>([]);

/** The frame showed a page: it is the current one, and its slots are remembered (the latest report per path wins). */
export function pageShown(next: FramePage): void {
  page.value = next;
  const slots = next.slots.map((s) => s.name);
  seenPages.value = [...seenPages.value.filter((p) => p.path !== next.path), { path: next.path, slots }].slice(-50);
}
