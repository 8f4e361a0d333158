/**
 * Fewer, larger chunks out of HTMLRewriter. The rewriter emits at least one chunk per chunk it
 * reads, and several more per input chunk on small network reads (a 1 MB page read in 512 B
 * pieces came out as ~2,100 chunks; in 16 KB pieces, ~4 per piece): each costs the platform a
 * write, and under `wrangler dev` its inspector a debug message over a new loopback connection,
 * enough to exhaust workerd's file descriptors under a few concurrent big pages (issue 23). This
 * stream passes the first chunk on at once (time to first byte is untouched) and then gathers
 * the rest until it holds COALESCE_BYTES or COALESCE_MS pass with bytes waiting, so a slow
 * origin's bytes are never held longer than that.
 *
 * It is a ReadableStream that pulls from the rewriter, not a TransformStream: a TransformStream's
 * writable side adds its own queue and promises per chunk, which cost ~10 ms of CPU per MB in
 * workerd (the no-op rewriter itself costs ~14 ms per MB); pulling costs about nothing over
 * reading the rewriter from JavaScript (`npm run bench -- --only=large-pages`). Any JavaScript
 * stream here still costs CPU against handing the rewriter's native stream to the Response:
 * ~0.3 ms on a small page, ~4 ms per MB (docs/performance.md, "What the coalescer costs").
 */

/** A chunk goes out once this many bytes are gathered. */
export const COALESCE_BYTES = 32 * 1024;
/** Bytes wait at most this long for more (a slow origin, a page that streams as it renders). */
export const COALESCE_MS = 5;

const WAITED = Symbol('waited');

/**
 * Whether a page is worth gathering: not when its origin says it is smaller than one gathered
 * chunk (a plain Content-Length under COALESCE_BYTES). The rewriter emits such a page in a few
 * chunks, and passing them through JavaScript would only cost its first byte (~70 µs of CPU,
 * `npm run bench -- --only=ttfb-steps`) and hold its last bytes up to COALESCE_MS.
 */
export function worthCoalescing(origin: Response): boolean {
  const length = origin.headers.get('content-length');
  const encoding = (origin.headers.get('content-encoding') ?? 'identity').trim().toLowerCase();
  return length === null || encoding !== 'identity' || !(Number(length) < COALESCE_BYTES);
}

export function coalesce(source: ReadableStream<Uint8Array>, bytes = COALESCE_BYTES, ms = COALESCE_MS): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let first = true;
  let held: Uint8Array[] = [];
  let size = 0;
  /** A read not yet answered when the timer released what was held: the next pull takes it up. */
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  /** Settles COALESCE_MS after the first byte of what is held arrived. */
  let deadline: Promise<typeof WAITED> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const release = (controller: ReadableStreamDefaultController<Uint8Array>) => {
    clearTimeout(timer);
    deadline = null;
    if (size === 0) return;
    const out = held.length === 1 ? held[0]! : new Uint8Array(size);
    if (held.length > 1) {
      let at = 0;
      for (const part of held) {
        out.set(part, at);
        at += part.byteLength;
      }
    }
    held = [];
    size = 0;
    controller.enqueue(out);
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        pending ??= reader.read();
        const result = deadline ? await Promise.race([pending, deadline]) : await pending;
        if (result === WAITED) return release(controller);
        pending = null;
        if (result.done) {
          release(controller);
          return controller.close();
        }
        const chunk = result.value;
        if (first) {
          first = false;
          return controller.enqueue(chunk);
        }
        if (chunk.byteLength === 0) continue;
        held.push(chunk);
        size += chunk.byteLength;
        if (size >= bytes) return release(controller);
        deadline ??= new Promise((resolve) => {
          timer = setTimeout(resolve, ms, WAITED);
        });
      }
    },
    cancel(reason) {
      clearTimeout(timer);
      return reader.cancel(reason);
    },
  });
}
