/**
 * Element slots in the browser (part of the decide chunk, never sw.js): the same changes the
 * edge makes, on SPA routes and on elements the page renders late. The targets are found with
 * querySelectorAll and the same selector (core's checkSelector keeps both in agreement); a
 * MutationObserver applies a decided change to an element that appears later, in the same
 * microtask checkpoint, so before the browser paints it. Nudging the SDK's marker afterwards
 * makes sw.js run its decide step again, which also watches the new mark for exposures.
 */
import {
  type ChangeTarget,
  type CompiledConfig,
  type Decisions,
  type ElementSlot,
  SDK_CHUNK_MARKER,
  applyRendered,
  elementSlotsOn,
  joinsChanges,
  renderSlot,
  replacedBy,
  withMark,
} from '@slotwise/core/decide';

/** The DOM side of core's applyRendered. */
export const domTarget = (el: Element): ChangeTarget => ({
  getAttribute: (name) => el.getAttribute(name),
  setAttribute: (name, value) => el.setAttribute(name, value),
  setInner: (html) => {
    el.innerHTML = html;
  },
  before: (html) => el.insertAdjacentHTML('beforebegin', html),
  after: (html) => el.insertAdjacentHTML('afterend', html),
});

/** The elements each element slot of this path would change now: not yet decided, the first only unless `all`. */
export function elementTargets(config: CompiledConfig, path: string): Map<ElementSlot, Element[]> {
  const targets = new Map<ElementSlot, Element[]>();
  for (const slot of elementSlotsOn(config, path)) {
    let found: Element[];
    try {
      found = [...document.querySelectorAll(slot.selector)];
    } catch {
      continue;
    }
    // The first match is the slot's, decided or not: a later one is not it.
    const open = slot.all
      ? found.filter((el) => !el.hasAttribute('data-sw-v') && !el.hasAttribute('data-slot'))
      : found.slice(0, 1).filter((el) => !el.hasAttribute('data-sw-v') && !el.hasAttribute('data-slot'));
    if (open.length > 0) targets.set(slot, open);
  }
  return targets;
}

/** What the element slots applied here replaced on each element: a second slot on the same element joins them (core's element-marks.ts). */
const replacedOn = new WeakMap<Element, Set<string>>();

/**
 * Applies a slot's decision to an element and marks it as the edge does (worker's
 * element-slots.ts): a second slot on an element this chunk changed adds its change and mark,
 * unless it would replace what the first one set.
 */
export function applyToElement(el: Element, slotName: string, decisions: Decisions): boolean {
  const d = Object.hasOwn(decisions.slots, slotName) ? decisions.slots[slotName] : undefined;
  if (!d) return false;
  const shared = replacedOn.get(el);
  const rendered = d.content ? renderSlot(d.content, decisions.attributes) : null;
  if (shared && rendered && !joinsChanges(shared, rendered)) return false;
  el.setAttribute('data-slot', withMark(shared ? el.getAttribute('data-slot') : null, slotName));
  if (rendered) applyRendered(domTarget(el), rendered);
  el.setAttribute('data-sw-v', withMark(shared ? el.getAttribute('data-sw-v') : null, `${d.campaign}:${d.variant}`));
  if (!d.tracked) el.setAttribute('data-sw-u', '');
  const replaced = shared ?? new Set<string>();
  for (const part of rendered ? replacedBy(rendered) : []) replaced.add(part);
  replacedOn.set(el, replaced);
  return true;
}

/** The latest browser decision, for elements that appear later on the same path. */
let latest: { path: string; config: CompiledConfig; decisions: Decisions } | null = null;
let watching = false;

export function rememberDecisions(path: string, config: CompiledConfig, decisions: Decisions): void {
  latest = { path, config, decisions };
  if (!watching) watchLateElements();
  watching = true;
}

function watchLateElements(): void {
  const watcher = new MutationObserver((records) => {
    if (!latest || latest.path !== location.pathname || !records.some((r) => r.addedNodes.length > 0)) return;
    let applied = false;
    for (const [slot, elements] of elementTargets(latest.config, latest.path)) {
      for (const el of elements) applied = applyToElement(el, slot.name, latest.decisions) || applied;
    }
    if (applied) nudgeSdk();
  });
  watcher.observe(document, { childList: true, subtree: true });
}

/**
 * Moves (or adds) the SDK's marker, an undecided `<template data-slot>`: sw.js sees a slot
 * appear and runs its decide step, which decides what is new and watches new marks for exposures.
 */
export function nudgeSdk(): void {
  const marker = document.querySelector(`template[data-slot="${SDK_CHUNK_MARKER}"]`) ?? document.createElement('template');
  marker.setAttribute('data-slot', SDK_CHUNK_MARKER);
  document.body?.append(marker);
}

/**
 * When the edge loads this chunk itself (a decided element slot was not in the HTML: the page
 * renders it later), nudge sw.js once it runs, so the element is decided when it appears.
 */
export function nudgeWhenSdkRuns(): void {
  // Imported by sw.js itself (for profile(), or to decide), there is nothing to nudge: an
  // edge-rendered page is not decided again in the browser.
  if (!document.querySelector('script[src="/__sw/sw-decide.mjs"]')) return;
  let tries = 0;
  const poll = () => {
    const sw = (window as { sw?: unknown }).sw;
    if (sw && !Array.isArray(sw)) nudgeSdk();
    else if (++tries < 100) setTimeout(poll, 100);
  };
  poll();
}
