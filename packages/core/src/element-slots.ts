/**
 * Element slots (a selector and page pattern in the config instead of `data-slot` in the page):
 * which of them a page should look for. Only slots a live campaign uses are looked for, so a
 * page pays nothing for slots no campaign targets. The edge and the browser both ask this.
 */
import type { CompiledConfig } from './compile.ts';
import { type PageMatcher, compilePages } from './pages.ts';
import type { SiteConfig } from './schema.ts';

export interface ElementSlot {
  name: string;
  selector: string;
  /** Every matching element (`match: 'all'`), or only the first. */
  all: boolean;
}

interface CompiledElementSlot extends ElementSlot {
  pages: PageMatcher;
}

const compiled = new WeakMap<SiteConfig, readonly CompiledElementSlot[]>();

function elementSlotsOf(config: CompiledConfig): readonly CompiledElementSlot[] {
  let slots = compiled.get(config.source);
  if (!slots) {
    const used = new Set(config.campaigns.flatMap((c) => c.slots));
    slots = config.source.slots
      .filter((s) => s.selector !== undefined && used.has(s.name))
      .map((s) => ({ name: s.name, selector: s.selector as string, all: s.match === 'all', pages: compilePages(s.pages) }));
    compiled.set(config.source, slots);
  }
  return slots;
}

/** The element slots a live campaign uses whose page pattern matches `path`. */
export function elementSlotsOn(config: CompiledConfig, path: string): ElementSlot[] {
  return elementSlotsOf(config)
    .filter((s) => s.pages(path))
    .map(({ name, selector, all }) => ({ name, selector, all }));
}

/**
 * The name of the inert `<template data-slot>` the edge adds to pages of a site with element
 * slots: to the SDK it is a slot without a decision, so an SPA route change (or the decide chunk
 * after a late element) runs the decide chunk. Not a valid slot id, so never decided.
 */
export const SDK_CHUNK_MARKER = '_sw';

/** Whether any live campaign uses an element slot (then every page carries SDK_CHUNK_MARKER). */
export function hasElementSlots(config: CompiledConfig): boolean {
  return elementSlotsOf(config).length > 0;
}
