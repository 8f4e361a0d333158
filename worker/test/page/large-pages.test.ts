/**
 * Large pages (issue 23): the rewriter's output reaches the client in a bounded number of
 * chunks per MB, whatever pieces the origin's body arrives in, and bytes are never held back
 * for long when the origin pauses. Counted, not timed (coalesce's own timer is faked).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { COALESCE_BYTES, COALESCE_MS, coalesce } from '../../src/page/coalesce.ts';
import { siteConfig } from '../fixtures.ts';
import { call, publish, slot, stubOrigin } from '../harness.ts';

const PAGE_LOAD = { accept: 'text/html', cookie: 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa' };
const HTML = { 'content-type': 'text/html; charset=utf-8' };
const MB = 1 << 20;

/** A page of about `bytes` with a decided slot at each end. */
function bigPage(bytes: number): string {
  const row = '<li class="item"><a href="/p/1">Product</a> <span>€12</span></li>\n';
  return `<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><section data-slot="hero"><h1>Default hero</h1></section><ul>${row.repeat(Math.ceil(bytes / row.length))}</ul><div data-slot="promo">Default promo</div></body></html>`;
}

/** The page's bytes in pieces of `size`, as a slow network delivers them. */
function inPieces(text: string, size: number): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

async function readChunks(response: Response): Promise<{ count: number; text: string }> {
  const reader = response.body!.getReader();
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
  }
  return { count: parts.length, text: await new Blob(parts).text() };
}

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a large personalized page', () => {
  it.each([512, 16 * 1024])('read in %i B pieces, comes back whole in a bounded number of chunks per MB (~2,100 per MB in 512 B pieces before)', async (piece) => {
    const page = bigPage(MB);
    stubOrigin(() => new Response(inPieces(page, piece), { headers: HTML }));
    const { count, text } = await readChunks(await call('/?utm_source=newsletter', { headers: PAGE_LOAD }));
    const bytes = new TextEncoder().encode(text).byteLength;
    // One per 32 KB, the first chunk, and room for the timer's releases on a busy machine.
    expect(count).toBeLessThanOrEqual(Math.ceil((64 * bytes) / MB));
    // The page is all there, personalized at both ends.
    expect(slot(text, 'hero').html).toBe('<h1>Hello reader from somewhere</h1>');
    expect(slot(text, 'promo').mark).toMatch(/^promo-ab:/);
    expect(text).toContain('/__sw/sw.js');
    expect(text.length - page.length).toBeLessThan(1000);
  });
});

describe('a small page', () => {
  it('that declares its length is not gathered: what the origin sent streams on at once, with no wait for more', async () => {
    const encoder = new TextEncoder();
    const parts = [
      '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body>',
      '<section data-slot="hero"><h1>Default hero</h1></section>',
      '<p>Still loading</p>',
    ];
    let more!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        more = controller;
        for (const part of parts) controller.enqueue(encoder.encode(part));
      },
    });
    const declared = String(encoder.encode(`${parts.join('')}</body></html>`).byteLength);
    stubOrigin(() => new Response(body, { headers: { ...HTML, 'content-length': declared } }));
    const response = await call('/?utm_source=newsletter', { headers: PAGE_LOAD }, {}, 'skip');
    vi.useFakeTimers(); // from here a gathering timer would never fire: anything held would stay held
    const reader = response.body!.getReader();
    let text = '';
    const decoder = new TextDecoder();
    while (!text.includes('Still loading')) text += decoder.decode((await reader.read()).value, { stream: true });
    expect(slot(text, 'hero').html).toBe('<h1>Hello reader from somewhere</h1>');
    more.enqueue(encoder.encode('</body></html>'));
    more.close();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text.endsWith('</body></html>')).toBe(true);
  });
});

/** coalesce() over a stream the test writes into. */
function coalescing(): { writable: WritableStream<Uint8Array>; readable: ReadableStream<Uint8Array> } {
  const source = new TransformStream<Uint8Array, Uint8Array>();
  return { writable: source.writable, readable: coalesce(source.readable) };
}

/** Writes `pieces` into the stream, then reads what has come out so far without waiting for more. */
async function through(stream: { writable: WritableStream<Uint8Array> }, pieces: Uint8Array[], close: boolean) {
  const writer = stream.writable.getWriter();
  for (const piece of pieces) await writer.write(piece);
  if (close) await writer.close();
  writer.releaseLock();
}

describe('coalesce', () => {
  it('passes the first chunk at once, then one chunk per COALESCE_BYTES while bytes keep coming', async () => {
    vi.useFakeTimers();
    const stream = coalescing();
    const out: Uint8Array[] = [];
    const reading = stream.readable.pipeTo(new WritableStream({ write: (chunk) => void out.push(chunk) }));
    const pieces = Array.from({ length: 2048 }, (_, i) => new Uint8Array(512).fill(i % 251));
    await through(stream, pieces, true);
    await reading;
    expect(out.length).toBe(1 + Math.ceil((2047 * 512) / COALESCE_BYTES));
    expect(out[0]!.byteLength).toBe(512);
    expect(await new Blob(out).arrayBuffer()).toEqual(await new Blob(pieces).arrayBuffer());
  });

  it(`holds bytes no longer than ${COALESCE_MS} ms when nothing more comes`, async () => {
    vi.useFakeTimers();
    const stream = coalescing();
    const out: Uint8Array[] = [];
    void stream.readable.pipeTo(new WritableStream({ write: (chunk) => void out.push(chunk) }));
    const encoder = new TextEncoder();
    await through(stream, [encoder.encode('<head>'), encoder.encode('<body>'), encoder.encode('<p>')], false);
    await vi.advanceTimersByTimeAsync(0);
    expect(out.map((c) => new TextDecoder().decode(c))).toEqual(['<head>']);
    await vi.advanceTimersByTimeAsync(COALESCE_MS - 1);
    expect(out).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(out.map((c) => new TextDecoder().decode(c))).toEqual(['<head>', '<body><p>']);
  });
});
