/**
 * A change to any element of the page, picked in the frame (an element slot): the element and
 * its selector, the action and its content, whether it applies to this page or to every page of
 * the template (and on how many known pages that template's element is found), then a campaign
 * made of it like any other. A slot's element picked again ("re-pick", when the site changed
 * under a live campaign) keeps the campaign and its content and only takes the new selector.
 */
import { signal } from '@preact/signals';
import { proposePagePattern } from '@slotwise/core';
import { compilePages } from '@slotwise/core/decide';
import type { PickedElement } from '@slotwise/core/protocol';
import { type ContentInput, addElementCampaign, setVariantContent, updateSlot } from './draft-ops.ts';
import { draft } from './draft.ts';
import { type ElementAction, startContent } from './element-content.ts';
import { knownPaths } from './frame-page.ts';
import { notify } from './notices.ts';
import { editCampaign, goToPath, selectSlot } from './navigation.ts';

export interface ElementChange {
  element: PickedElement;
  /** The page it was picked on (path only). */
  path: string;
  /** Change the first match only, or every element the selector matches on a page. */
  match: 'one' | 'all';
  scope: 'page' | 'template';
  /** The template's page pattern, proposed from the path (the marketer may edit it). */
  pattern: string;
  action: ElementAction | null;
  content: ContentInput | null;
}

/** How far the element reaches over the template: of the known pages it covers, where it is found. */
export interface Reach {
  selector: string;
  pattern: string;
  /** Known pages of the pattern, each with how many elements the selector matches there (null: could not be read). */
  pages: { path: string; count: number | null }[];
  done: boolean;
}

export const elementChange = signal<ElementChange | null>(null);
export const reach = signal<Reach | null>(null);
/** The element slot whose element is being picked again, or null. */
export const repicking = signal<string | null>(null);
/** Element slots picked again in this session: their misses so far were the old selector's. */
export const repicked = signal<ReadonlySet<string>>(new Set());

const pathOnly = (path: string) => path.replace(/[?#].*$/, '') || '/';

/** The marketer clicked an element in the frame: a change starts from it (or a re-pick ends). */
export function pickElement(element: PickedElement, path: string): void {
  if (repicking.value) {
    finishRepick(repicking.value, element);
    return;
  }
  selectSlot(null);
  editCampaign(null);
  reach.value = null;
  elementChange.value = {
    element,
    path: pathOnly(path),
    match: 'one',
    scope: 'page',
    pattern: proposePagePattern(pathOnly(path)),
    action: null,
    content: null,
  };
}

export function dropElement(): void {
  elementChange.value = null;
  reach.value = null;
}

function change(fn: (c: ElementChange) => ElementChange): void {
  if (elementChange.value) elementChange.value = fn(elementChange.value);
}

/** Chooses an action: its content starts from what the element holds now. */
export function chooseAction(action: ElementAction): void {
  change((c) => ({ ...c, action, content: startContent(action, c.element) }));
}

export function editElementContent(content: ContentInput): void {
  change((c) => ({ ...c, content }));
}

/** A campaign variant's element slot whose text is being typed on the page, or null. */
export const inPlace = signal<{ campaign: string; variant: string; slot: string; selector: string } | null>(null);

/** The marketer types a campaign variant's text on the page: what they type becomes its text content. */
export function editVariantInPlace(target: { campaign: string; variant: string; slot: string; selector: string }): void {
  inPlace.value = target;
}

/** Text the marketer typed into the element on the page (in-place editing). */
export function textTyped(selector: string, text: string): void {
  const making = elementChange.value;
  if (making) {
    if (making.element.selector === selector && making.content?.kind === 'text') elementChange.value = { ...making, content: { ...making.content, body: text } };
    return;
  }
  const target = inPlace.value;
  if (target?.selector !== selector) return;
  const content = draft.value?.campaigns.find((c) => c.id === target.campaign)?.variants.find((v) => v.id === target.variant)?.content[target.slot];
  setVariantContent(target.campaign, target.variant, target.slot, { ...content, kind: 'text', body: text });
}

export function setMatch(match: 'one' | 'all'): void {
  change((c) => ({ ...c, match }));
}

export function setScope(scope: 'page' | 'template'): void {
  change((c) => ({ ...c, scope }));
}

export function setPattern(pattern: string): void {
  change((c) => ({ ...c, pattern: pattern.trim() }));
}

/** The pages the change applies to: this page alone, or the template's pattern. */
export const pagesOf = (c: Pick<ElementChange, 'scope' | 'path' | 'pattern'>): string[] => [c.scope === 'page' ? c.path : c.pattern];

/** Why the change cannot become a campaign yet, in the panel's words, or null when it can. */
export function notReady(c: ElementChange): string | null {
  if (!c.content) return 'Choose what to do with it first.';
  if (c.element.count === 0) return 'The element is not found on this page any more: pick it again.';
  if (c.element.count > 1 && c.match === 'one') return `This selector matches ${c.element.count} elements here: choose “all matches”, or pick a more specific element.`;
  if (c.scope === 'template' && !/^\/|^\*$/.test(c.pattern)) return 'The page pattern starts with “/”.';
  return null;
}

/**
 * The change becomes an element slot and a draft campaign with one variant holding it; the
 * campaign opens (audience, split, control group, goal, schedule and caps are set there).
 */
export function createElementCampaign(): string | null {
  const c = elementChange.value;
  if (!c?.content || notReady(c)) return null;
  const id = addElementCampaign({ element: c.element, selector: c.element.selector, match: c.match, pages: pagesOf(c), content: c.content });
  dropElement();
  selectSlot(draft.value?.campaigns.find((x) => x.id === id)?.slots[0] ?? null);
  editCampaign(id);
  return id;
}

/**
 * Counts the element on the known pages of the template's pattern, one page at a time, with
 * `count` (which reads the page as the origin serves it). Pages are those the frame has shown
 * and the links they had; at most `limit` of them are read.
 */
export async function measureReach(count: (path: string) => Promise<number | null>, limit = 12): Promise<void> {
  const c = elementChange.value;
  if (!c) return;
  const { selector } = c.element;
  const pattern = c.pattern;
  const inPattern = compilePages([pattern]);
  const pages = knownPaths.value.filter((p) => inPattern(p)).slice(0, limit);
  reach.value = { selector, pattern, pages: [], done: false };
  for (const path of pages) {
    const n = await count(path).catch(() => null);
    const now: Reach | null = reach.value;
    // A newer pick or pattern started its own count: this one is stale.
    if (!now || now.selector !== selector || now.pattern !== pattern) return;
    reach.value = { ...now, pages: [...now.pages, { path, count: n }] };
  }
  const now = reach.value;
  if (now && now.selector === selector && now.pattern === pattern) reach.value = { ...now, done: true };
}

/**
 * One-click re-pick of an element slot's element: the frame goes to a page of the slot's
 * pattern (one the editor knows, else the pattern's own path) and the next element clicked
 * there becomes the slot's selector.
 */
export function startRepick(slot: string): void {
  const found = draft.value?.slots.find((s) => s.name === slot);
  if (!found) return;
  const patterns = found.pages ?? [];
  const inPatterns = compilePages(patterns);
  const known = knownPaths.value.find((p) => inPatterns(p));
  const literal = patterns.find((p) => !p.includes('*'));
  const target = known ?? literal ?? patterns[0]?.replace(/\/\*$/, '').replace(/\*/g, '') ?? '/';
  repicking.value = slot;
  editCampaign(null);
  dropElement();
  goToPath(target || '/');
}

export function cancelRepick(): void {
  repicking.value = null;
}

function finishRepick(slot: string, element: PickedElement): void {
  repicking.value = null;
  if (element.count === 0) return;
  updateSlot(slot, (s) => ({ ...s, selector: element.selector, ...(element.count > 1 ? { match: 'all' as const } : {}) }));
  repicked.value = new Set([...repicked.value, slot]);
  notify('info', `The change now applies to ${element.tag} “${element.text.slice(0, 40) || element.selector}”.`);
  const campaign = draft.value?.campaigns.find((x) => x.slots.includes(slot));
  if (campaign) editCampaign(campaign.id);
}
