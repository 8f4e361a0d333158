/**
 * Large pages (issue 23): the rewriter's output reaches the client in the chunks the platform's
 * rewriter makes of the origin's pieces, with none added by Slotwise beyond the elements it
 * rewrites, and no byte is held back when the origin pauses. Counted, not timed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
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

/** What the bench's no-op rewriter (one empty `[data-slot]` handler) makes of the same pieces: the platform's own chunking. */
async function platformChunks(page: string, piece: number): Promise<number> {
  return (await readChunks(new HTMLRewriter().on('[data-slot]', { element() {} }).transform(new Response(inPieces(page, piece), { headers: HTML })))).count;
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
  it.each([512, 16 * 1024])('read in %i B pieces, comes back whole in the chunks the platform makes of them, plus at most a few for its rewritten slots', async (piece) => {
    const page = bigPage(MB);
    stubOrigin(() => new Response(inPieces(page, piece), { headers: HTML }));
    const { count, text } = await readChunks(await call('/?utm_source=newsletter', { headers: PAGE_LOAD }));
    const floor = await platformChunks(page, piece);
    // lol-html emits about one chunk per input piece, and one per few KB of output (2,113 per MB in
    // 512 B pieces, 304 in 16 KB ones); Slotwise's handlers add one per element they rewrite (2).
    expect(floor).toBeLessThanOrEqual(Math.ceil(MB / piece) + MB / 2048);
    expect(count).toBeLessThanOrEqual(floor + 8);
    // The page is all there, personalized at both ends.
    expect(slot(text, 'hero').html).toBe('<h1>Hello reader from somewhere</h1>');
    expect(slot(text, 'promo').mark).toMatch(/^promo-ab:/);
    expect(text).toContain('/__sw/sw.js');
    expect(text.length - page.length).toBeLessThan(1000);
  });
});

describe('a page the origin sends part of, then pauses', () => {
  it.each([
    ['declares its length', true],
    ['does not declare its length', false],
  ])('that %s streams on at once: nothing the origin sent waits for more', async (_, declare) => {
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
    stubOrigin(() => new Response(body, { headers: declare ? { ...HTML, 'content-length': declared } : HTML }));
    const response = await call('/?utm_source=newsletter', { headers: PAGE_LOAD }, {}, 'skip');
    vi.useFakeTimers(); // from here no timer fires: anything held back for one would stay held
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
