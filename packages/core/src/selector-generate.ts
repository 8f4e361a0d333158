/**
 * The selector the editor proposes for a picked element: short, in the subset the edge runs
 * (selector.ts), and likely to survive small changes to the page. It prefers stable anchors — an
 * id, a `data-*` attribute, meaningful class names — over position, never uses text, and adds
 * `:nth-of-type` steps under the nearest anchor only when nothing else is unique.
 *
 * Written against the few DOM members it reads (DOM's Element and ParentNode satisfy them), so
 * core stays free of DOM types and the function stays pure.
 */
import { checkSelector } from './selector.ts';

export interface SelectorElement {
  readonly tagName: string;
  readonly id: string;
  readonly attributes: ArrayLike<{ readonly name: string; readonly value: string }>;
  readonly parentElement: SelectorElement | null;
  readonly previousElementSibling: SelectorElement | null;
  readonly nextElementSibling: SelectorElement | null;
  getAttribute(name: string): string | null;
  readonly ownerDocument: SelectorRoot | null;
}

export interface SelectorRoot {
  querySelectorAll(selectors: string): ArrayLike<unknown>;
}

/** An identifier usable unescaped in the edge's subset. */
const PLAIN = /^-?[A-Za-z_][A-Za-z0-9_-]*$/;
/** Attribute names under `data-` that are Slotwise's own or pure framework bookkeeping. */
const OWN_DATA = /^data-(sw-|slot$|v-|reactid|react|testid-\d|astro-cid|svelte|s-|ved$|hveid$|jsl|cid$|id$)/;
const MAX_DEPTH = 8;

/** Looks generated (CSS-in-JS hashes, build ids, utility classes), so it will change. */
export function looksGenerated(name: string): boolean {
  if (!PLAIN.test(name) || name.length > 40 || name.length < 2) return true;
  // css-1x2y3z, sc-bdVaJa, jsx-12345, emotion/styled hashes, svelte-xyz
  if (/^(css|sc|jsx|svelte|emotion|styled|chakra|mui|Mui[A-Z]\w*-root|tw)-/.test(name)) return true;
  // Utility classes: mt-2, p-4, w-1/2 (not PLAIN), md:flex (not PLAIN), text-sm, col-6
  if (/^-?(m|p)[trblxy]?-\d/.test(name) || /^(w|h|gap|col|row|grid-cols|text|bg|flex|order|z)-\w{1,3}$/.test(name)) return true;
  // Three or more digits, or a long mix of letters and digits: an id from a build or a database.
  const digits = name.replace(/\D/g, '').length;
  if (digits >= 3 || (digits >= 2 && name.length >= 8 && /[a-z][0-9]|[0-9][a-z]/i.test(name) && !/-/.test(name))) return true;
  // Hash-like: mixed case with no separator and consonant runs (e.g. "bXwTqR", "kqHsLp").
  if (/^[a-zA-Z]{5,}$/.test(name) && /[a-z][A-Z].*[a-z][A-Z]/.test(name) && !/[aeiou]{1}.*[aeiou]/i.test(name.slice(0, 5))) return true;
  return false;
}

const tag = (el: SelectorElement) => el.tagName.toLowerCase();

function count(root: SelectorRoot, selector: string): number {
  try {
    return root.querySelectorAll(selector).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function unique(root: SelectorRoot, selector: string, el: SelectorElement): boolean {
  if (checkSelector(selector) !== null) return false;
  try {
    const found = root.querySelectorAll(selector);
    return found.length === 1 && found[0] === el;
  } catch {
    return false;
  }
}

/** Candidate selectors for the element alone, most stable first. */
function ownAnchors(el: SelectorElement): string[] {
  const name = tag(el);
  const anchors: string[] = [];
  if (el.id && PLAIN.test(el.id) && !looksGenerated(el.id)) anchors.push(`#${el.id}`);
  for (const attr of Array.from(el.attributes)) {
    if (!attr.name.startsWith('data-') || OWN_DATA.test(attr.name) || !PLAIN.test(attr.name)) continue;
    const value = attr.value;
    if (value.length > 60 || /["\\\n\r\f]/.test(value)) continue;
    anchors.push(value === '' ? `${name}[${attr.name}]` : `${name}[${attr.name}="${value}"]`);
  }
  // A link is not picked by position (selector.ts), so where it points is its anchor.
  const href = name === 'a' ? el.getAttribute('href') : null;
  if (href && href.length <= 100 && !/["\\\n\r\f]/.test(href)) anchors.push(`a[href="${href}"]`);
  const classes = (el.getAttribute('class') ?? '').split(/\s+/).filter((c) => c !== '' && !looksGenerated(c));
  if (classes.length > 0) {
    anchors.push(`${name}.${classes[0]}`);
    if (classes.length > 1) anchors.push(`${name}.${classes.slice(0, 2).join('.')}`);
    if (classes.length > 2) anchors.push(`${name}.${classes.slice(0, 3).join('.')}`);
  }
  return anchors;
}

/** `tag:nth-of-type(k)`, or the bare tag when it is the only one of its type among its siblings. */
function positional(el: SelectorElement): string {
  const name = tag(el);
  // A link is never picked by position (selector.ts: links nested in links).
  if (name === 'a') return name;
  let index = 1;
  for (let sibling = el.previousElementSibling; sibling; sibling = sibling.previousElementSibling) {
    if (tag(sibling) === name) index += 1;
  }
  if (index > 1) return `${name}:nth-of-type(${index})`;
  for (let sibling = el.nextElementSibling; sibling; sibling = sibling.nextElementSibling) {
    if (tag(sibling) === name) return `${name}:nth-of-type(1)`;
  }
  return name;
}

/** Elements a browser adds when the HTML omits them: selectors never name them (selector.ts). */
const IMPLIED = new Set(['html', 'head', 'body', 'tbody']);

/**
 * A selector matching `element` alone within `root` (its document by default), in the edge's
 * subset: the element's own anchor if one is unique, else a path of `>` steps up to the nearest
 * anchor (an implied <tbody> is stepped over with a descendant space). When nothing up to <body>
 * makes it unique, the fully positional path from <body>'s child, which may match more than one
 * element (the editor shows how many).
 */
export function generateSelector(element: SelectorElement, root?: SelectorRoot): string {
  const scope = root ?? element.ownerDocument;
  if (!scope) return positional(element);
  for (const anchor of ownAnchors(element)) if (unique(scope, anchor, element)) return anchor;

  // Walk up: each step is the element's own best anchor if any, else its position among its
  // siblings. A path is only returned once it starts at an anchor: a bare `li:nth-of-type(2)`
  // would match elsewhere on the template's other pages.
  let path = '';
  let joiner = '';
  let current: SelectorElement | null = element;
  for (let depth = 0; current && depth < MAX_DEPTH; depth += 1) {
    const name = tag(current);
    if (name === 'tbody') {
      // Stepped over: the browser may have added it, so the edge may not see it.
      joiner = ' ';
      current = current.parentElement;
      continue;
    }
    if (IMPLIED.has(name)) break;
    const anchor = ownAnchors(current).find((a) => count(scope, a) === 1) ?? (count(scope, name) === 1 ? name : undefined);
    path = path === '' ? (anchor ?? positional(current)) : `${anchor ?? positional(current)}${joiner}${path}`;
    // A link is reached through a descendant space, never as a direct child (selector.ts).
    joiner = name === 'a' ? ' ' : ' > ';
    if (anchor !== undefined && unique(scope, path, element)) return path;
    current = current.parentElement;
  }
  return positionalPath(element);
}

/** `>` steps of positions from below <body> down to the element (a descendant space over a <tbody>). */
function positionalPath(element: SelectorElement): string {
  let path = '';
  let joiner = '';
  for (let at: SelectorElement | null = element; at; at = at.parentElement) {
    const name = tag(at);
    if (name === 'tbody') {
      joiner = ' ';
      continue;
    }
    if (IMPLIED.has(name)) break;
    path = path === '' ? positional(at) : `${positional(at)}${joiner}${path}`;
    joiner = name === 'a' ? ' ' : ' > ';
  }
  // <body> itself (or <html>, a <tbody>): no selector the edge can match; checkSelector says why.
  return path || tag(element);
}
