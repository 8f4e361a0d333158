/**
 * Personalizes one origin response: streams the HTML of a decided page (page-decision.ts)
 * through the slot rewriter. Anything that is not a plain 200 UTF-8 HTML answer to a GET
 * passes through untouched, and any failure here returns the origin response as it came.
 */
import { forThisVisitorOnly } from '../http/cache-headers.ts';
import { debugPanel } from './debug-panel.ts';
import type { PageDecision, Unpublished } from './decide.ts';
import { cspNonce, slotRewriter } from './rewrite.ts';
import { type ProgrammeArm, showingCookies } from './showings.ts';

export interface PageInput extends PageDecision {
  request: Request;
  /** Milliseconds spent waiting on the origin (I/O, which workerd's clock does see). */
  originWait: number;
  /** Called once per tracked visitor when the site has a global holdout, with their arm. */
  onProgramme?: (arm: ProgrammeArm) => void;
}

/**
 * The slot rewriter for a decided page. It needs nothing from the origin's answer but its CSP,
 * read when the SDK tag is written, so a page load builds it while the origin works.
 * `onCategory` gets the page's `<meta name="sw:category">`.
 */
export function pageRewriter(page: PageDecision, csp: () => string | null, onCategory?: (category: string) => void): HTMLRewriter {
  const { live, decisions } = page;
  const { version } = live.config;
  return slotRewriter({
    decisions,
    tagData: { 'sw-edge': String(version), 'sw-consent': live.config.consent, 'sw-geo': page.context.geo.country },
    nonce: () => cspNonce(csp()),
    ...(page.debug ? { bodyEnd: (found: ReadonlySet<string>) => debugPanel(decisions, version, Object.keys(decisions.slots).filter((name) => !found.has(name))) } : {}),
    ...(onCategory ? { onCategory } : {}),
  });
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

export function personalize(origin: Response, input: PageInput, rewriter: HTMLRewriter): Response {
  const { live, decisions } = input;
  const secure = new URL(input.request.url).protocol === 'https:';
  input.visitor.setCookies.push(...showingCookies(live.config, decisions, input.visitor, input.now, secure, input.onProgramme));

  const headers = new Headers(origin.headers);
  headers.delete('content-length');
  headers.delete('etag');
  headers.delete('last-modified');
  // The personalized bytes belong to this visitor: browsers may keep them, shared caches may not.
  forThisVisitorOnly(headers, 'private, max-age=0, must-revalidate');
  // workerd advances its clock only across I/O, so on Cloudflare sw-decide reads 0: the engine's
  // CPU cost is measured by `npm run bench` instead. The waits are real I/O and do show.
  headers.append('server-timing', `sw-origin;dur=${input.originWait.toFixed(1)}`);
  headers.append('server-timing', `sw-config;dur=${input.configWait.toFixed(1)}`);
  headers.append('server-timing', `sw-decide;dur=${input.decideMs.toFixed(3)};desc="config v${live.config.version}"`);
  headers.set('x-slotwise', `v${live.config.version}; ${Object.keys(decisions.slots).length} slots decided; config ${live.source}`);
  for (const cookie of input.visitor.setCookies) headers.append('set-cookie', cookie);
  // One Response, transformed: the rewriter's output keeps these headers.
  return rewriter.transform(new Response(origin.body, { status: origin.status, statusText: origin.statusText, headers }));
}

export function withBypass(response: Response, reason: string): Response {
  const headers = new Headers(response.headers);
  headers.set('x-slotwise-bypass', reason);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
