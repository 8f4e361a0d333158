/**
 * Element slots at the edge: an `element()` handler per element slot a live campaign uses on
 * this page (core's elementSlotsOn), which applies the slot's decision to the element its
 * selector finds — the first one, or every one with `match: 'all'` — and marks it like a
 * declared slot (`data-slot`, `data-sw-v`) so the SDK reports its exposures the same way.
 * A selector that matches nothing changes nothing; the page end says which were found, for
 * selector health.
 */
import { type Decisions, type ElementSlot, SDK_CHUNK_MARKER, escapeHtml } from '@slotwise/core/decide';
import { applyDecision } from './apply-change.ts';

/** What the slot handlers share about where the parser is: set by rewrite.ts's handlers. */
export interface PageState {
  otherCharset: boolean;
  inTemplate: number;
}

type Guard = <T>(what: string, handler: (arg: T) => void) => (arg: T) => void;

export function addElementSlotHandlers(rewriter: HTMLRewriter, slots: readonly ElementSlot[], decisions: Decisions, page: PageState, found: Set<string>, guarded: Guard): void {
  for (const slot of slots) {
    const decision = Object.hasOwn(decisions.slots, slot.name) ? decisions.slots[slot.name] : undefined;
    const handler = guarded('element slot', (el: Element) => {
      // Inside a <template> is inert markup; a <template> itself counts its own start already.
      if (page.inTemplate > (el.tagName === 'template' ? 1 : 0) || (!slot.all && found.has(slot.name))) return;
      // An element that is a declared slot already is that slot's to change.
      if (el.hasAttribute('data-slot')) return;
      found.add(slot.name);
      if (page.otherCharset || !decision) return;
      el.setAttribute('data-slot', slot.name);
      applyDecision(el, decision, decisions.attributes);
    });
    try {
      rewriter.on(slot.selector, { element: handler });
    } catch (error) {
      // Validated by core's checkSelector, so this is a selector the runtime changed its mind on: skip it.
      console.warn(`slotwise: element slot "${slot.name}" skipped: ${String(error)}`);
    }
  }
}

/**
 * What the edge appends to <body> on a page of a site with element slots: the marker that makes
 * the SDK run its decide chunk on an SPA route change, and — when a decided element slot was not
 * found in the HTML (the page renders it later) — the chunk itself, which applies it when it appears.
 */
export function lateElementsHtml(slots: readonly ElementSlot[], decisions: Decisions, found: ReadonlySet<string>, nonce: string | null): string {
  const late = slots.some((s) => !found.has(s.name) && Object.hasOwn(decisions.slots, s.name));
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  return `<template data-slot="${SDK_CHUNK_MARKER}"></template>${late ? `<script type="module" src="/__sw/sw-decide.mjs"${nonceAttr}></script>` : ''}`;
}
