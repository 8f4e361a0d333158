/**
 * A per-isolate token bucket per client, for /__sw/collect: a flood from one client is answered
 * 429 with Retry-After before its body is read, while the SDK's normal pace (a batch every few
 * seconds, bursts on page hide) never comes near it. The SDK keeps a refused batch in its outbox
 * and retries with backoff, so nothing valid is lost. Memory is bounded: at most `maxClients`
 * buckets, the least recently seen forgotten first (a forgotten client starts with a full
 * bucket, which errs on the side of accepting).
 *
 * Per isolate, not global: Cloudflare runs many isolates, so this stops a single client
 * hammering one location, not a distributed flood (that is the platform's WAF rate limiting).
 */

export interface BucketOptions {
  /** Requests a client may make at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
  /** Clients tracked at most. */
  maxClients: number;
}

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  take(key: string, now: number): Take;
  /** Clients tracked right now (for tests and diagnostics). */
  size(): number;
  reset(): void;
}

export function rateLimiter({ burst, perSecond, maxClients }: BucketOptions): RateLimiter {
  // Map keeps insertion order: re-inserting on every take makes the first key the least recent.
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, now) {
      const bucket = buckets.get(key);
      let tokens = burst;
      if (bucket !== undefined) {
        buckets.delete(key);
        tokens = Math.min(burst, bucket.tokens + (Math.max(0, now - bucket.at) / 1000) * perSecond);
      } else if (buckets.size >= maxClients) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      const ok = tokens >= 1;
      buckets.set(key, { tokens: ok ? tokens - 1 : tokens, at: now });
      return ok ? { ok } : { ok, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / perSecond)) };
    },
    size: () => buckets.size,
    reset: () => buckets.clear(),
  };
}
