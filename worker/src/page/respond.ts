/**
 * The pieces of a page's answer (handle.ts puts them together): the slot rewriter for a decided
 * page (decide.ts), why an origin answer passes through untouched (anything that is not a plain
 * 200 UTF-8 HTML answer to a GET), and the bypass header that says why.
 */
import { type ElementSlot, elementSlotsOn, hasElementSlots } from '@slotwise/core/decide';
import { measuresVitals } from '@slotwise/core';
import { debugPanel } from './debug-panel.ts';
import type { PageDecision, Unpublished } from './decide.ts';
import { cspNonce, slotRewriter } from './rewrite.ts';

/**
 * The slot rewriter for a decided page. It needs nothing from the origin's answer but its CSP,
 * read when the SDK tag is written, so a page load builds it while the origin works.
 * `onCategory` gets the page's `<meta name="sw:category">`.
 */
export function pageRewriter(
  page: PageDecision,
  csp: () => string | null,
  onCategory?: (category: string) => void,
  onElementSlots?: (lookedFor: readonly ElementSlot[], found: ReadonlySet<string>) => void,
): HTMLRewriter {
  const { live, decisions } = page;
  const { version } = live.config;
  return slotRewriter({
    elementSlots: elementSlotsOn(live.config, page.context.page.path),
    ...(onElementSlots ? { onElementSlots } : {}),
    decisions,
    tagData: {
      'sw-edge': String(version),
      'sw-consent': live.config.consent,
      'sw-geo': page.context.geo.country,
      // A site with element slots: an SPA route change runs the SDK's decide chunk (element-slots.ts).
      ...(hasElementSlots(live.config) ? { 'sw-el': '' } : {}),
    },
    nonce: () => cspNonce(csp()),
    ...(page.debug
      ? {
          bodyEnd: (found: ReadonlySet<string>) =>
            debugPanel(
              decisions,
              version,
              Object.keys(decisions.slots).filter((name) => !found.has(name)),
            ),
        }
      : {}),
    ...(onCategory ? { onCategory } : {}),
    vitals: measuredForVitals(page),
    recommendations: page.recommendations.slots,
  });
}

/** Whether a campaign decided (and counted) on this page measures page experience: then its visitors' vitals are reported. */
function measuredForVitals({ live, decisions }: PageDecision): boolean {
  const tracked = new Set(
    Object.values(decisions.slots)
      .filter((d) => d.tracked)
      .map((d) => d.campaign),
  );
  return tracked.size > 0 && live.config.source.campaigns.some((c) => tracked.has(c.id) && measuresVitals(c));
}

/** Why a response is passed through untouched, or null when it can be personalized. */
export function passThroughReason(request: Request, response: Response): string | null {
  if (request.method !== 'GET') return 'method';
  if (response.status !== 200) return `status-${response.status}`;
  const type = response.headers.get('content-type') ?? '';
  if (!/^\s*text\/html\b/i.test(type)) return 'not-html';
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(type)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return 'charset';
  // workerd decodes gzip and br bodies for us (and encodes the answer again); anything else
  // (zstd, deflate, stacked encodings) would reach the rewriter as compressed bytes.
  const encoding = (response.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'gzip' && encoding !== 'br' && encoding !== 'identity') return 'encoding';
  if (!response.body) return 'no-body';
  return null;
}

/** The page as it came, when nothing valid is published, saying why. */
export function unpublished(origin: Response, { live }: Unpublished): Response {
  return withBypass(origin, live.source === 'none' ? 'config-unavailable' : live.rejected ? 'config-rejected' : 'not-published');
}

export function withBypass(response: Response, reason: string): Response {
  const headers = new Headers(response.headers);
  headers.set('x-slotwise-bypass', reason);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
