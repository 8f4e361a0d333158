/**
 * Fetching the origin. The Worker adds a hop marker so a misconfigured ORIGIN that points back
 * at the Worker is caught on the second pass instead of looping until the platform gives up.
 */
import { type Env, numberVar } from '../env.ts';
import { configuredOrigin, originTarget } from './origin-url.ts';

export const HOP_HEADER = 'x-slotwise-hop';

/**
 * What the origin is asked for: exactly the encodings workerd decodes, so every page the origin
 * sends can be read by the rewriter. The client's own Accept-Encoding is not what decides it: the
 * platform hands the Worker a normalized `br, gzip` whatever the client sent (the client's value is
 * in `request.cf.clientAcceptEncoding`), sends a subrequest exactly the Accept-Encoding set here,
 * and decodes the answer for a client that does not accept its encoding.
 */
export const ORIGIN_ACCEPT_ENCODING = 'br, gzip';

const DEFAULT_ORIGIN_TIMEOUT_MS = 30_000;

/** The origin sent no response headers within ORIGIN_TIMEOUT_MS. */
export class OriginTimeout extends Error {
  constructor(readonly ms: number) {
    super(`the origin did not answer within ${ms} ms`);
  }
}

export function isLoop(request: Request): boolean {
  return request.headers.has(HOP_HEADER);
}

/**
 * `pageLoad`: ask for the whole page, without the browser's validators. A browser only holds a
 * validator for an unpersonalized copy (personalized pages carry none), from before Slotwise or
 * from a bypass such as "nothing published yet"; a 304 would keep showing it after a publish.
 * Rejects with OriginTimeout when the origin's headers take longer than ORIGIN_TIMEOUT_MS; the
 * body, once it flows, is not timed (a large or slow page may take as long as it takes).
 */
export async function fetchOrigin(request: Request, url: URL, env: Env, pageLoad = false): Promise<Response> {
  const origin = configuredOrigin(env.ORIGIN);
  const forwarded = new Request(originTarget(url, origin), request);
  forwarded.headers.set(HOP_HEADER, '1');
  if (pageLoad) {
    forwarded.headers.delete('if-none-match');
    forwarded.headers.delete('if-modified-since');
  }
  forwarded.headers.set('accept-encoding', ORIGIN_ACCEPT_ENCODING);
  if (origin) {
    forwarded.headers.set('x-forwarded-host', url.host);
    forwarded.headers.set('x-forwarded-proto', url.protocol.replace(':', ''));
  }
  return withTimeout((signal) => fetch(forwarded, { redirect: 'manual', signal }), numberVar(env.ORIGIN_TIMEOUT_MS, DEFAULT_ORIGIN_TIMEOUT_MS));
}

/**
 * `start`, aborted with OriginTimeout when it has not answered within `ms`, so a hanging origin's
 * connection is let go. One timer that aborts the request, rather than a second promise raced
 * beside it: one promise and one closure fewer on every page's way to its first byte.
 */
async function withTimeout(start: (signal: AbortSignal) => Promise<Response>, ms: number): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new OriginTimeout(ms)), ms);
  try {
    return await start(controller.signal);
  } catch (error) {
    // workerd rejects an aborted fetch with an error of its own: the signal's reason says why.
    throw controller.signal.reason instanceof OriginTimeout ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
  }
}
