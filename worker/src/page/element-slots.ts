/**
 * Element slots at the edge: one `element()` handler per distinct selector of the element slots
 * looked for on this page (lookedFor below), which applies each slot's decision to the element
 * its selector finds — the first one, or every one with `match: 'all'` — and marks it like a
 * declared slot (`data-slot`, `data-sw-v`) so the SDK reports its exposures the same way.
 * Two slots that find the same element both apply, in config order (core's element-marks.ts).
 * A selector that matches nothing changes nothing; the page end says which were found, for
 * selector health.
 *
 * Cost (measured, docs/performance.md): what HTMLRewriter charges is one call into JavaScript
 * per element a selector matches, a few µs each, far more than matching the selectors natively
 * or compiling them for the request. So only slots with something to do get a handler: those
 * decided for this visitor, and, for selector health, a sample of the others.
 */
import { type Decisions, type ElementSlot, SDK_CHUNK_MARKER, applyRendered, escapeHtml, joinsChanges, renderSlot, replacedBy, withMark } from '@slotwise/core/decide';
import { changeTarget } from './apply-change.ts';

/** What the slot handlers share about where the parser is: set by rewrite.ts's handlers. */
export interface PageState {
  otherCharset: boolean;
  inTemplate: number;
}

type Guard = <T>(what: string, handler: (arg: T) => void) => (arg: T) => void;

/**
 * A slot without a decision for this visitor is looked for on one page load in HEALTH_SAMPLE
 * (at random), only to count selector health. Its health is counted on those loads only, so the
 * share of loads where it is missing stays right; the loads counted are a sample.
 */
export const HEALTH_SAMPLE = 10;

/** The element slots to look for on this page: every decided one, and a sample of the others. */
export function lookedFor(slots: readonly ElementSlot[], decisions: Decisions, random: () => number = Math.random): ElementSlot[] {
  const sampled = random() * HEALTH_SAMPLE < 1;
  return sampled ? [...slots] : slots.filter((s) => Object.hasOwn(decisions.slots, s.name));
}

/** Slots by selector, in config order: one handler for each selector, however many slots share it. */
function bySelector(slots: readonly ElementSlot[]): Map<string, ElementSlot[]> {
  const groups = new Map<string, ElementSlot[]>();
  for (const slot of slots) {
    const group = groups.get(slot.selector);
    if (group) group.push(slot);
    else groups.set(slot.selector, [slot]);
  }
  return groups;
}

export function addElementSlotHandlers(rewriter: HTMLRewriter, slots: readonly ElementSlot[], decisions: Decisions, page: PageState, found: Set<string>, guarded: Guard): void {
  // The element last marked here (its `data-slot` value) and what its changes replaced: handlers
  // of one element run one after the other, before the parser moves on, so a later slot's
  // handler that finds this mark is on the same element.
  let marked: { slots: string; replaced: Set<string> } | null = null;
  const apply = (el: Element, slot: ElementSlot): void => {
    // `match: 'one'`: the first match is the slot's; later ones cost this call and nothing more.
    if (!slot.all && found.has(slot.name)) return;
    // Inside a <template> is inert markup; a <template> itself counts its own start already.
    if (page.inTemplate > 0 && page.inTemplate > (el.tagName === 'template' ? 1 : 0)) return;
    const slotAttr = el.getAttribute('data-slot');
    // An element that is a declared slot already is that slot's to change; one an earlier
    // element slot marked takes this one's change too (element-marks.ts).
    const shared = slotAttr !== null && marked?.slots === slotAttr ? marked : null;
    if (slotAttr !== null && !shared) return;
    found.add(slot.name);
    const decision = Object.hasOwn(decisions.slots, slot.name) ? decisions.slots[slot.name] : undefined;
    if (page.otherCharset || !decision) return;
    try {
      // Rendered before the element changes, so a failed render leaves it untouched.
      const rendered = decision.content ? renderSlot(decision.content, decisions.attributes) : null;
      if (shared && rendered && !joinsChanges(shared.replaced, rendered)) return;
      const slotsMark = withMark(slotAttr, slot.name);
      el.setAttribute('data-slot', slotsMark);
      if (rendered) applyRendered(changeTarget(el), rendered);
      el.setAttribute('data-sw-v', withMark(shared ? el.getAttribute('data-sw-v') : null, `${decision.campaign}:${decision.variant}`));
      // Decided without a visitor id (no consent yet): shown, but never reported as an exposure.
      if (!decision.tracked) el.setAttribute('data-sw-u', '');
      const replaced = shared?.replaced ?? new Set<string>();
      for (const part of rendered ? replacedBy(rendered) : []) replaced.add(part);
      marked = { slots: slotsMark, replaced };
    } catch (error) {
      console.warn(`slotwise: slot "${slot.name}" kept its default: ${String(error)}`);
    }
  };
  for (const [selector, group] of bySelector(slots)) {
    const handler =
      group.length === 1
        ? guarded('element slot', (el: Element) => apply(el, group[0] as ElementSlot))
        : guarded('element slot', (el: Element) => {
            for (const slot of group) apply(el, slot);
          });
    try {
      rewriter.on(selector, { element: handler });
    } catch (error) {
      // Validated by core's checkSelector, so this is a selector the runtime changed its mind on: skip it.
      console.warn(`slotwise: element slot "${group.map((s) => s.name).join('", "')}" skipped: ${String(error)}`);
    }
  }
}

/**
 * What the edge appends to <body> on a page whose pattern has element slots: the SDK's marker,
 * which makes sw.js load its decide chunk (it applies a change again to an element the page's own
 * script renders over, and on an SPA route change), and — when a decided element slot was not
 * found in the HTML (the page renders it later) — the chunk itself, which applies it when it
 * appears. Other pages of the site carry only `data-sw-el` on the SDK tag (respond.ts), so an SPA
 * route change there still runs the chunk.
 */
export function lateElementsHtml(slots: readonly ElementSlot[], decisions: Decisions, found: ReadonlySet<string>, nonce: string | null): string {
  if (slots.length === 0) return '';
  const late = slots.some((s) => !found.has(s.name) && Object.hasOwn(decisions.slots, s.name));
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  return `<template data-slot="${SDK_CHUNK_MARKER}"></template>${late ? `<script type="module" src="/__sw/sw-decide.mjs"${nonceAttr}></script>` : ''}`;
}
