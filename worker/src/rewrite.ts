/**
 * Rewrites decided slots while the page streams through: each `[data-slot]` element with a
 * decision gets the variant's content and a `data-sw-v="campaign:variant"` mark; the SDK tag is
 * added to <head> when the page lacks it. A failure in one slot leaves that slot's default.
 */
import { type Decisions, escapeHtml, renderAttrs, renderContent } from '@slotwise/core';

export const SDK_PATH = '/__sw/sw.js';

export interface RewriteOptions {
  decisions: Decisions;
  /** `data-*` attributes for the SDK tag: what the SDK needs to know from the edge. */
  tagData: Record<string, string>;
  /** The page's CSP nonce, so the injected tag runs under a strict nonce-based policy. */
  nonce: string | null;
  /** Extra HTML appended at the end of <body> (the debug panel). */
  bodyEnd?: string;
  /** Called with the page's `<meta name="sw:category">`, if it has one. */
  onCategory?: (category: string) => void;
}

export function slotRewriter(options: RewriteOptions): HTMLRewriter {
  const { decisions, nonce, tagData } = options;
  let hasSdkTag = false;
  const rewriter = new HTMLRewriter()
    .on('script[src]', {
      element(el) {
        if (!el.getAttribute('src')?.includes(SDK_PATH)) return;
        hasSdkTag = true;
        for (const [name, value] of Object.entries(tagData)) el.setAttribute(`data-${name}`, value);
      },
    })
    .on('meta[name="sw:category"]', {
      element(el) {
        const category = el.getAttribute('content');
        if (category) options.onCategory?.(category);
      },
    })
    .on('head', {
      element(el) {
        el.onEndTag((end) => {
          if (!hasSdkTag) end.before(sdkTag(nonce, tagData), { html: true });
        });
      },
    })
    .on('[data-slot]', {
      element(el) {
        const decision = decisions.slots[el.getAttribute('data-slot') ?? ''];
        if (!decision) return;
        try {
          if (decision.content) {
            const html = renderContent(decision.content, decisions.attributes as unknown as Record<string, unknown>);
            const attrs = renderAttrs(decision.content, decisions.attributes as unknown as Record<string, unknown>);
            el.setInnerContent(html, { html: true });
            for (const [name, value] of attrs) el.setAttribute(name, value);
          }
          el.setAttribute('data-sw-v', `${decision.campaign}:${decision.variant}`);
        } catch (error) {
          console.warn(`slotwise: slot "${decision.slot}" kept its default: ${String(error)}`);
        }
      },
    });
  const { bodyEnd } = options;
  if (bodyEnd) {
    rewriter.on('body', {
      element(el) {
        el.onEndTag((end) => {
          end.before(bodyEnd, { html: true });
        });
      },
    });
  }
  return rewriter;
}

function sdkTag(nonce: string | null, tagData: Record<string, string>): string {
  const nonceAttr = nonce ? ` nonce="${escapeHtml(nonce)}"` : '';
  const data = Object.entries(tagData).map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`).join('');
  return `<script async src="${SDK_PATH}"${nonceAttr}${data}></script>`;
}

/** The nonce a strict CSP allows scripts with, if the page has one. */
export function cspNonce(csp: string | null): string | null {
  const match = csp?.match(/'nonce-([A-Za-z0-9+/_=-]{1,200})'/);
  return match?.[1] ?? null;
}
