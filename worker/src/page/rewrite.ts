/**
 * Rewrites decided slots while the page streams through: each `[data-slot]` element with a
 * decision gets the variant's content and a `data-sw-v="campaign:variant"` mark; the SDK tag is
 * added at the end of <head> when the page lacks it (at the page's end when it has no </head>). A failure in one slot leaves that slot's default; a
 * failure in any other handler is logged and skipped, because a throw inside HTMLRewriter would
 * abort the stream and cut the page off mid-way.
 */
import { type Decisions, type ElementSlot, escapeHtml } from '@slotwise/core/decide';
import { SDK_PATH, SDK_TAG } from '@slotwise/core/protocol';
import type { Recommendation } from '@slotwise/core/recommend';
import { applyDecision } from './apply-change.ts';
import { type PageState, addElementSlotHandlers, lateElementsHtml, lookedFor } from './element-slots.ts';

/** The SDK's web-vitals chunk (packages/sdk/src/vitals.ts). */
const VITALS_PATH = '/__sw/sw-vitals.js';

export interface RewriteOptions {
  decisions: Decisions;
  /** `data-*` attributes for the SDK tag: what the SDK needs to know from the edge. */
  tagData: Record<string, string>;
  /**
   * The page's CSP nonce, so the injected tag runs under a strict nonce-based policy. Asked for
   * when `</head>` streams past, so the rewriter can be built before the origin has answered.
   */
  nonce: () => string | null;
  /** Extra HTML appended at the end of <body> (the debug panel), given the decided slots found on the page. */
  bodyEnd?: (found: ReadonlySet<string>) => string;
  /** Called with the page's `<meta name="sw:category">`, if it has one. */
  onCategory?: (category: string) => void;
  /** Element slots to look for on this page (core's elementSlotsOn): live campaigns use them, their pages match. */
  elementSlots?: readonly ElementSlot[];
  /** Called once the whole page has streamed through, with the element slots looked for (element-slots.ts: lookedFor) and those found. */
  onElementSlots?: (lookedFor: readonly ElementSlot[], found: ReadonlySet<string>) => void;
  /** Whether to add the web-vitals chunk: a campaign decided here measures page experience (issue 21). */
  vitals?: boolean;
  /** Per slot: the items its recommendation variant shows (catalog/recommend.ts). */
  recommendations?: Record<string, Recommendation>;
}

/** A handler that logs instead of throwing into the stream. */
function guarded<T>(what: string, handler: (arg: T) => void): (arg: T) => void {
  return (arg) => {
    try {
      handler(arg);
    } catch (error) {
      console.warn(`slotwise: ${what} skipped: ${String(error)}`);
    }
  };
}

/** A `<meta charset>` or `<meta http-equiv="content-type">` naming a charset other than UTF-8. */
function declaresOtherCharset(el: Element): boolean {
  const charset = el.getAttribute('charset') ?? /charset\s*=\s*["']?([\w-]+)/i.exec(el.getAttribute('content') ?? '')?.[1];
  return charset !== undefined && charset !== null && !/^\s*utf-?8\s*$/i.test(charset);
}

/**
 * Each handler call crosses from the native parser into JavaScript, which costs more than the
 * parsing itself, so the selectors only match what a handler acts on: a `<meta>` that may name
 * another charset (UTF-8 ones are filtered out natively), our own SDK tag, and only the slots
 * that have a decision (slot ids are plain `[A-Za-z0-9_-]`, safe inside a selector).
 */
const OTHER_CHARSET_META = 'meta[charset]:not([charset="utf-8" i]):not([charset="utf8" i]), meta[http-equiv="content-type" i]';
const SLOT_ID = /^[A-Za-z0-9_-]+$/;

export function slotRewriter(options: RewriteOptions): HTMLRewriter {
  const { decisions, nonce, tagData } = options;
  let hasSdkTag = false;
  /** Whether the tag's place, the end of <head>, came by. */
  let tagged = false;
  const rewriter = new HTMLRewriter()
    .on(SDK_TAG, {
      element: guarded('SDK tag data', (el) => {
        hasSdkTag = true;
        for (const [name, value] of Object.entries(tagData)) el.setAttribute(`data-${name}`, value);
      }),
    })
    .on('meta[name="sw:category"]', {
      element: guarded('page category', (el) => {
        const category = el.getAttribute('content');
        if (category) options.onCategory?.(category);
      }),
    })
    .on('head', {
      element: guarded('SDK tag', (el) => {
        el.onEndTag(
          guarded('SDK tag', (end) => {
            tagged = true;
            if (!hasSdkTag) end.before(sdkTag(nonce(), tagData), { html: true });
            if (options.vitals) end.before(vitalsTag(nonce()), { html: true });
          }),
        );
      }),
    })
    // A page without a <head> (or whose head ends implicitly, with no </head>) gets the tag at
    // its end: a script there runs in the body, and async it waits for nothing either way.
    .onDocument({
      end: guarded('SDK tag', (end) => {
        if (!tagged && !hasSdkTag) end.append(sdkTag(nonce(), tagData), { html: true });
      }),
    });
  const elementSlots = options.elementSlots ?? [];
  const slotNames = Object.keys(decisions.slots).filter((name) => SLOT_ID.test(name) && !elementSlots.some((s) => s.name === name));
  const found = new Set<string>();
  const foundElements = new Set<string>();
  const page: PageState = { otherCharset: false, inTemplate: 0 };
  const searched = elementSlots.length > 0 ? lookedFor(elementSlots, decisions) : [];
  if (slotNames.length > 0 || searched.length > 0) watchPageState(rewriter, page);
  if (slotNames.length > 0) addSlotHandlers(rewriter, decisions, slotNames, found, page, options.recommendations ?? {});
  if (searched.length > 0) addElementSlotHandlers(rewriter, searched, decisions, page, foundElements, guarded);
  const { bodyEnd, onElementSlots } = options;
  if (bodyEnd || elementSlots.length > 0) {
    rewriter.on('body', {
      element: guarded('body end', (el) => {
        el.onEndTag(
          guarded('body end', (end) => {
            if (elementSlots.length > 0) end.before(lateElementsHtml(elementSlots, decisions, foundElements, nonce()), { html: true });
            if (bodyEnd) end.before(bodyEnd(new Set([...found, ...foundElements])), { html: true });
          }),
        );
      }),
    });
  }
  if (onElementSlots && searched.length > 0) rewriter.onDocument({ end: guarded('element slots', () => onElementSlots(searched, foundElements)) });
  return rewriter;
}

/**
 * Where the parser is, for every slot handler: inside `<template>` (inert markup a script may
 * clone later, not a slot on the page), or on a page that declares another charset in a <meta>
 * (the header said none): HTMLRewriter would insert UTF-8 bytes into it, so the SDK decides its
 * slots in the browser instead.
 */
function watchPageState(rewriter: HTMLRewriter, page: PageState): void {
  rewriter
    .on(OTHER_CHARSET_META, {
      element: guarded('charset', (el) => {
        page.otherCharset ||= declaresOtherCharset(el);
      }),
    })
    .on('template', {
      element: guarded('template', (el) => {
        el.onEndTag(() => {
          page.inTemplate -= 1;
        });
        page.inTemplate += 1;
      }),
    });
}

/** Fills each decided slot, except inside `<template>` or on a page that declares another charset. */
function addSlotHandlers(
  rewriter: HTMLRewriter,
  decisions: Decisions,
  slotNames: string[],
  found: Set<string>,
  page: PageState,
  recommendations: Record<string, Recommendation>,
): void {
  rewriter.on(slotNames.map((name) => `[data-slot="${name}"]`).join(', '), {
    element: guarded('slot', (el) => {
      if (page.inTemplate > 0) return;
      const slotName = el.getAttribute('data-slot') ?? '';
      found.add(slotName);
      if (page.otherCharset) return;
      // Own keys only: a slot named "__proto__" or "constructor" is not a decision.
      const decision = Object.hasOwn(decisions.slots, slotName) ? decisions.slots[slotName] : undefined;
      if (decision) applyDecision(el, decision, decisions.attributes, Object.hasOwn(recommendations, slotName) ? recommendations[slotName] : undefined);
    }),
  });
}

function sdkTag(nonce: string | null, tagData: Record<string, string>): string {
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const data = Object.entries(tagData)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<script async src="${SDK_PATH}"${nonceAttr}${data}></script>`;
}

function vitalsTag(nonce: string | null): string {
  return `<script async src="${VITALS_PATH}"${nonce ? ` nonce="${escapeHtml(nonce)}"` : ''}></script>`;
}

/** The nonce a strict CSP allows scripts with, if the page has one. */
export function cspNonce(csp: string | null): string | null {
  const match = csp?.match(/'nonce-([A-Za-z0-9+/_=-]{1,200})'/);
  return match?.[1] ?? null;
}
