/**
 * Fewer, larger chunks out of HTMLRewriter. The rewriter emits at least one chunk per chunk it
 * reads, and several more per input chunk on small network reads (a 1 MB page read in 512 B
 * pieces came out as ~2,100 chunks): each costs the platform a write, and under `wrangler dev`
 * its inspector a debug message over a new loopback connection, enough to exhaust workerd's
 * file descriptors under a few concurrent big pages (issue 23). This stream passes the first
 * chunk on at once (time to first byte is untouched) and then gathers the rest until it holds
 * COALESCE_BYTES or COALESCE_MS pass with bytes waiting, so a slow origin's bytes are never held
 * longer than that.
 */

/** A chunk goes out once this many bytes are gathered. */
export const COALESCE_BYTES = 32 * 1024;
/** Bytes wait at most this long for more (a slow origin, a page that streams as it renders). */
export const COALESCE_MS = 5;

export function coalesce(bytes = COALESCE_BYTES, ms = COALESCE_MS): TransformStream<Uint8Array, Uint8Array> {
  let held: Uint8Array[] = [];
  let size = 0;
  let first = true;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const release = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
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
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      if (first) {
        first = false;
        controller.enqueue(chunk);
        return;
      }
      if (chunk.byteLength === 0) return;
      held.push(chunk);
      size += chunk.byteLength;
      if (size >= bytes) release(controller);
      else
        timer ??= setTimeout(() => {
          try {
            release(controller);
          } catch {
            // The stream failed or was cancelled meanwhile (the origin dropped, the client left).
          }
        }, ms);
    },
    flush(controller) {
      release(controller);
    },
  });
}
