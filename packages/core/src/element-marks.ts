/**
 * Two element slots whose selectors find the same element (a title picked twice, `h1.title` and
 * `main h1`): both apply, in the order of the config's `slots`, except where the later one would
 * replace something the earlier one set (the content, or the same attribute or style property).
 * Then the later change is left out there, so no visitor is counted as exposed to a change they
 * cannot see. The element lists every slot and decision it carries, space-separated and in the
 * same order (`data-slot="a b"`, `data-sw-v="c1:v1 c2:v2"`), so each is reported as seen.
 * The edge (worker/src/page/element-slots.ts) and the browser (sdk/src/element-slots.ts) both
 * follow these rules.
 */
import type { RenderedSlot } from './content.ts';

/** What a rendered change replaces on its element; added classes and insertions beside it replace nothing. */
export function replacedBy(rendered: RenderedSlot): string[] {
  const parts = rendered.attrs.map(([name]) => `@${name}`);
  for (const [property] of rendered.style ?? []) parts.push(`style:${property}`);
  if (rendered.place === undefined) parts.push('content');
  return parts;
}

/** Whether a change may join those already on the element (`replaced`: what they replaced). */
export function joinsChanges(replaced: ReadonlySet<string>, rendered: RenderedSlot): boolean {
  return !replacedBy(rendered).some((part) => replaced.has(part));
}

/** A mark list with one more entry (`data-slot`, `data-sw-v`). */
export const withMark = (marks: string | null, mark: string): string => (marks ? `${marks} ${mark}` : mark);
