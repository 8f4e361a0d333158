/**
 * The live version as the publisher (a Durable Object, strongly consistent) knows it, learnt in
 * the background. On Cloudflare a KV read may return the old live pointer for up to about 60 s
 * after a publish; the publisher has the new one the moment the publish returns. Every
 * CONFIG_LIVE_CHECK_MS (wrangler.jsonc: 1000) an isolate that serves requests asks it once, never
 * making a page wait: the answer only tells live.ts, for the requests after it, that a newer
 * snapshot exists (stale-while-revalidate). If the publisher cannot be asked, KV's pointer rules
 * as before. Cost: one Durable Object call per isolate per interval while it has traffic.
 */
import { publisher } from '../admin/store.ts';
import { type Env, numberVar } from '../env.ts';

/** An ask that has not answered by then is dropped; the next interval asks again. */
const ASK_TIMEOUT_MS = 2000;

let known: number | null = null;
let askedAt = Number.NEGATIVE_INFINITY;
let asking: Promise<void> | null = null;

export function resetLiveVersion(): void {
  known = null;
  askedAt = Number.NEGATIVE_INFINITY;
  asking = null;
}

/**
 * The newest live version the publisher has told this isolate of (null when none yet, or the
 * check is off), and, when the interval has passed, a new ask in the background.
 */
export function publishedVersion(env: Env, ctx: ExecutionContext): number | null {
  const every = numberVar(env.CONFIG_LIVE_CHECK_MS, 0);
  if (every <= 0 || !env.PUBLISHER) return null;
  const now = Date.now();
  if (asking === null && now - askedAt >= every) {
    askedAt = now;
    const ask = Promise.race([
      publisher(env).live(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the publisher did not answer within ${ASK_TIMEOUT_MS} ms`)), ASK_TIMEOUT_MS)),
    ]).then(
      (version) => {
        // Versions only grow; an answer from before a newer one is not a step back.
        if (version !== null && (known === null || version > known)) known = version;
      },
      (error: unknown) => console.warn(`slotwise: live version not checked with the publisher: ${String(error)}`),
    );
    asking = ask.finally(() => {
      asking = null;
    });
    ctx.waitUntil(asking);
  }
  return known;
}
