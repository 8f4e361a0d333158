/**
 * Rewrites decided slots while the page streams through: each `[data-slot]` element with a
 * decision gets the variant's content and a `data-sw-v="campaign:variant"` mark; the SDK tag is
 * added to <head> when the page lacks it. A failure in one slot leaves that slot's default; a
 * failure in any other handler is logged and skipped, because a throw inside HTMLRewriter would
 * abort the stream and cut the page off mid-way.
 */
import { type Decisions, escapeHtml, renderSlot } from '@slotwise/core/decide';
import { SDK_PATH, SDK_TAG } from '@slotwise/core/protocol';
import type { Recommendation } from '@slotwise/core/recommend';

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
            if (!hasSdkTag) end.before(sdkTag(nonce(), tagData), { html: true });
          }),
        );
      }),
    });
  const slotNames = Object.keys(decisions.slots).filter((name) => SLOT_ID.test(name));
  const found = new Set<string>();
  if (slotNames.length > 0) addSlotHandlers(rewriter, decisions, slotNames, found, options.recommendations ?? {});
  const { bodyEnd } = options;
  if (bodyEnd) {
    rewriter.on('body', {
      element: guarded('debug panel', (el) => {
        el.onEndTag(
          guarded('debug panel', (end) => {
            end.before(bodyEnd(found), { html: true });
          }),
        );
      }),
    });
  }
  return rewriter;
}

/** Fills each decided slot, except inside `<template>` or on a page that declares another charset. */
function addSlotHandlers(rewriter: HTMLRewriter, decisions: Decisions, slotNames: string[], found: Set<string>, recommendations: Record<string, Recommendation>): void {
  // A page that declares another charset in a <meta> (the header said none) gets no slot content:
  // HTMLRewriter would insert UTF-8 bytes into it. The SDK decides those slots in the browser.
  let otherCharset = false;
  // What is inside <template> is inert markup a script may clone later, not a slot on the page.
  let inTemplate = 0;
  rewriter
    .on(OTHER_CHARSET_META, {
      element: guarded('charset', (el) => {
        otherCharset ||= declaresOtherCharset(el);
      }),
    })
    .on('template', {
      element: guarded('template', (el) => {
        el.onEndTag(() => {
          inTemplate -= 1;
        });
        inTemplate += 1;
      }),
    })
    .on(slotNames.map((name) => `[data-slot="${name}"]`).join(', '), {
      element: guarded('slot', (el) => {
        if (inTemplate > 0) return;
        const slotName = el.getAttribute('data-slot') ?? '';
        found.add(slotName);
        if (otherCharset) return;
        // Own keys only: a slot named "__proto__" or "constructor" is not a decision.
        const decision = Object.hasOwn(decisions.slots, slotName) ? decisions.slots[slotName] : undefined;
        if (!decision) return;
        try {
          // Rendered before the element changes, so a failed render leaves it untouched.
          const shown = Object.hasOwn(recommendations, slotName) ? recommendations[slotName] : undefined;
          const rendered = decision.content ? renderSlot(decision.content, decisions.attributes, shown) : null;
          if (rendered) {
            for (const [name, value] of rendered.attrs) el.setAttribute(name, value);
            el.setInnerContent(rendered.html, { html: true });
          }
          // What a recommendation showed, for its exposure (the SDK reports the items with it).
          if (shown) el.setAttribute('data-sw-items', shown.items.map((item) => item.id).join(','));
          el.setAttribute('data-sw-v', `${decision.campaign}:${decision.variant}`);
          // Decided without a visitor id (no consent yet): shown, but never reported as an exposure.
          if (!decision.tracked) el.setAttribute('data-sw-u', '');
        } catch (error) {
          console.warn(`slotwise: slot "${decision.slot}" kept its default: ${String(error)}`);
        }
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

/** The nonce a strict CSP allows scripts with, if the page has one. */
export function cspNonce(csp: string | null): string | null {
  const match = csp?.match(/'nonce-([A-Za-z0-9+/_=-]{1,200})'/);
  return match?.[1] ?? null;
}
