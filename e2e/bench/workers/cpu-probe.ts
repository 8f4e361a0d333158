/**
 * Measures, inside workerd, the CPU time a request spends in the Worker's JavaScript: the real
 * `personalize()` path (page/handle.ts) of the Slotwise Worker (visitor + context + decideSlots + the HTMLRewriter
 * slot rewriter, the body read to the end) against a baseline that only streams the same body
 * through a Response, and GrowthBook's `edgeApp` on the same page. workerd's clock stands still
 * during synchronous work (a Spectre mitigation) and moves at I/O, so a single request cannot
 * time itself; this times a batch of `n` back-to-back runs between two timer ticks.
 *
 *   GET /cpu?mode=baseline|floor|slotwise|elements|elements-some|elements-many|elements-floor|decide|growthbook|tick&path=/home&n=40
 *   GET /cpu?mode=baseline|floor|slotwise&path=/large8&pieces=16384&gzip=1&n=2
 *   GET /cpu?…&chunks=1   (no timing: one run, the number of chunks the response body emits)
 *   GET /cpu?mode=visit|prepare|respond|first-passthrough|first-floor|first-slotwise&path=/home
 *     the steps to a page's first byte: the visitor and context; the early decision and its
 *     rewriter; personalize() building the response; reading its first chunk (beside the same
 *     for the pass-through and the no-op rewriter)
 *
 * `pieces`: the origin's body arrives in pieces of that many bytes, as network reads deliver it
 * (without it, the page is one string). `gzip=1` (with `pieces`): the origin sent it gzip-encoded.
 * Then `baseline` is the pass-through, which hands the encoded bytes on untouched, while `floor`
 * and `slotwise` pay what workerd does for a rewritten gzip page: decode, rewrite, encode again.
 *
 * `elements` is `slotwise` with 20 element slots added (issue 19): the config plus 20 slots
 * picked by selector and a live campaign for everyone on each (text, style and class changes in
 * turn), so the difference is their cost. Its selectors are as the editor makes them: each names
 * exactly one element of the page (`.<class>` for the page's first 20 class names found on one
 * element only). `elements-many` takes the page's first 20 class names instead, whatever they
 * match (`.btn` matches 16 elements: a `match: 'one'` slot is still called for each), and
 * `elements-some` has the same 20 slots, 5 of them decided for this visitor (the campaigns of
 * the others are for visitors from elsewhere), `elements-floor` is the no-op rewriter plus the
 * smallest handler making the same changes and marks on `elements`' selectors: what the platform
 * itself charges for them. None picks a class of <html>, <body> or a declared slot (a text
 * change there would replace the page, or is that slot's to make).
 *
 * The page is fetched from ORIGIN once and kept in memory; the request's own headers (cookies,
 * user agent) stand in for the visitor's.
 */
import { type SiteConfigInput, parseSiteConfig } from '@slotwise/core';
import { type CompiledConfig, compileConfig, decideSlots } from '@slotwise/core/decide';
import { edgeApp } from '@growthbook/edge-utils';
import { init } from '@growthbook/edge-cloudflare/dist/init.js';
import { decideVisit } from '../../../worker/src/page/decide.ts';
import { personalize } from '../../../worker/src/page/handle.ts';
import { pageRewriter } from '../../../worker/src/page/respond.ts';
import { requestContext } from '../../../worker/src/page/context.ts';
import { identifyVisitor } from '../../../worker/src/page/visitor.ts';
import { noopRewriter } from './rewriter-floor.js';

interface Env {
  ORIGIN: string;
  SW_CONFIG: string;
  PROXY_TARGET: string;
  RUN_VISUAL_EDITOR_EXPERIMENTS: string;
  BENCH_GB_PAYLOAD: string;
}

let compiled: CompiledConfig | null = null;
const withElements = new Map<string, CompiledConfig>();
const ELEMENT_SLOTS = 20;
/** `elements-some`: how many of the 20 are decided for the bench's visitor. */
const SOME_DECIDED = 5;
let gbPayload: unknown;
const pages = new Map<string, string>();
const HTML_HEADERS = { 'content-type': 'text/html; charset=utf-8' };
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const gzipped = new Map<string, Uint8Array>();

/** `bytes` as a stream of pieces of `size` bytes. */
function inPieces(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}

async function gzipOf(path: string, html: string): Promise<Uint8Array> {
  let bytes = gzipped.get(path);
  if (!bytes) {
    bytes = new Uint8Array(await new Response(new Blob([html]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer());
    gzipped.set(path, bytes);
  }
  return bytes;
}

/** Reads a body to its end; the number of chunks it came in. */
async function drain(body: ReadableStream<Uint8Array> | null): Promise<number> {
  if (!body) return 0;
  const reader = body.getReader();
  let chunks = 0;
  while (!(await reader.read()).done) chunks++;
  return chunks;
}

function config(env: Env): CompiledConfig {
  if (compiled) return compiled;
  const parsed = parseSiteConfig(JSON.parse(env.SW_CONFIG));
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  return (compiled = compileConfig(parsed.config));
}

/**
 * ELEMENT_SLOTS class names of `html`'s elements, in page order, none on <html>, <body> or a
 * declared slot; `unique`: only classes found on one element.
 */
function pickClasses(html: string, unique: boolean): string[] {
  const elements = [...html.matchAll(/<([a-z][a-z0-9]*)\b([^>]*)>/g)].map((m) => ({ tag: m[1] as string, attrs: m[2] as string }));
  const classesOf = (attrs: string) =>
    /\sclass="([^"]*)"/
      .exec(attrs)?.[1]
      ?.split(/\s+/)
      .filter((c) => /^[A-Za-z][\w-]*$/.test(c)) ?? [];
  const count = new Map<string, number>();
  for (const { attrs } of elements) for (const c of new Set(classesOf(attrs))) count.set(c, (count.get(c) ?? 0) + 1);
  const picked = new Set<string>();
  for (const { tag, attrs } of elements) {
    if (tag === 'html' || tag === 'body' || /\sdata-slot=/.test(attrs)) continue;
    for (const c of classesOf(attrs)) if (!unique || count.get(c) === 1) picked.add(c);
  }
  const classes = [...picked].filter((c) => !elements.some(({ tag, attrs }) => (tag === 'html' || tag === 'body' || /\sdata-slot=/.test(attrs)) && classesOf(attrs).includes(c)));
  if (classes.length < ELEMENT_SLOTS) throw new Error(`the page has ${classes.length} such class names, fewer than ${ELEMENT_SLOTS}`);
  return classes.slice(0, ELEMENT_SLOTS);
}

/**
 * The config plus ELEMENT_SLOTS element slots on pickClasses(html, unique), each changed by a
 * live campaign: for everyone, or, past the first `decided`, for visitors from nowhere (ZZ).
 */
function configWithElements(env: Env, html: string, unique: boolean, decided = ELEMENT_SLOTS): CompiledConfig {
  const key = `${unique ? 'unique' : 'many'} ${decided}`;
  const cached = withElements.get(key);
  if (cached) return cached;
  const base = JSON.parse(env.SW_CONFIG) as SiteConfigInput;
  const classes = pickClasses(html, unique);
  const contents = [
    { kind: 'text', body: 'Changed at the edge' },
    { kind: 'keep', body: '', style: { color: '#c00' } },
    { kind: 'keep', body: '', addClass: 'sw-bench' },
  ] as const;
  const slots = classes.map((name, i) => ({ name: `el-${i}`, selector: `.${name}`, pages: ['*'] }));
  const elsewhere = { id: 'el-elsewhere', name: 'Elsewhere', condition: { 'geo.country': 'ZZ' } };
  const campaigns = slots.map((slot, i) => ({
    id: `el-${i}`,
    name: `Element ${i}`,
    status: 'live' as const,
    priority: 10_000 + i,
    ...(i < decided ? {} : { audience: elsewhere.id }),
    slots: [slot.name],
    variants: [{ id: 'v', name: 'V', content: { [slot.name]: contents[i % contents.length] } }],
  }));
  const parsed = parseSiteConfig({
    ...base,
    audiences: [...base.audiences, elsewhere],
    slots: [...base.slots, ...slots],
    campaigns: [...base.campaigns, ...campaigns],
  });
  if (!parsed.ok) throw new Error(parsed.errors.join('; '));
  const compiledWith = compileConfig(parsed.config);
  withElements.set(key, compiledWith);
  return compiledWith;
}

async function page(env: Env, path: string): Promise<string> {
  let html = pages.get(path);
  if (html === undefined) {
    html = await (await fetch(new URL(path, env.ORIGIN))).text();
    pages.set(path, html);
  }
  return html;
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    const mode = url.searchParams.get('mode') ?? 'baseline';
    const path = url.searchParams.get('path') ?? '/home';
    const n = Math.min(Math.max(Number(url.searchParams.get('n') ?? 20), 1), 2000);
    const pageUrl = new URL(`${path}?utm_source=newsletter`, url.origin);
    const pageRequest = new Request(pageUrl, { headers: request.headers });
    const html = await page(env, path);
    const pieces = Number(url.searchParams.get('pieces') ?? 0);
    const gzip = pieces > 0 && url.searchParams.get('gzip') === '1';
    const countChunks = url.searchParams.get('chunks') === '1';
    const plain = new TextEncoder().encode(html);
    const encoded = gzip ? await gzipOf(path, html) : null;
    /** The origin's body as the Worker gets it: decoded, when it was gzip-encoded (the pass-through does not decode). */
    const originBody = (decode = true): string | ReadableStream<Uint8Array> => {
      if (pieces <= 0) return html;
      if (!encoded) return inPieces(plain, pieces);
      return decode ? inPieces(encoded, pieces).pipeThrough(new DecompressionStream('gzip')) : inPieces(encoded, pieces);
    };
    /** Reads what the Worker answers: encoded again for the client when the origin's page was gzip. */
    const finish = async (body: ReadableStream<Uint8Array> | null, reencode = true): Promise<number> => {
      if (countChunks) return drain(body);
      if (body && encoded && reencode) body = body.pipeThrough(new CompressionStream('gzip'));
      await new Response(body).arrayBuffer();
      return 0;
    };
    let chunks = 0;
    const live = { config: config(env), source: 'cached' as const };
    let gbContext: Awaited<ReturnType<typeof init>> | null = null;
    if (mode === 'growthbook') {
      gbPayload ??= JSON.parse(env.BENCH_GB_PAYLOAD);
      gbContext = await init(env as never, { payload: gbPayload as never });
      // GrowthBook fetches the origin itself: hand it the page from memory instead.
      gbContext.helpers.fetch = () => Promise.resolve(new Response(html, { headers: HTML_HEADERS })) as never;
    }
    const uniqueClasses = mode === 'elements-floor' ? pickClasses(html, true) : [];
    /** The early decision's work (page/decide.ts's decideVisit, then pageRewriter), without its I/O. */
    const prepare = (config = live.config) => {
      const now = Date.now();
      const visitor = identifyVisitor(pageRequest, pageUrl, config.consent);
      const context = requestContext(pageRequest, pageUrl, now);
      const page = {
        ...decideVisit({ ...live, config }, visitor, context, { url: pageUrl, now, debug: false, idHash: '' }),
        recommendations: { slots: {}, current: undefined },
        customerContacts: null,
        configWait: 0,
      };
      return { page, rewriter: pageRewriter(page, () => null) };
    };
    /** Reads a body's first chunk, then lets the rest go (what the first byte costs). */
    const firstChunk = async (body: ReadableStream<Uint8Array> | null) => {
      const reader = body!.getReader();
      await reader.read();
      await reader.cancel();
    };
    const once = async () => {
      switch (mode) {
        // The steps on the way to a page's first byte (issue 23, item 3; ttfb-steps.mjs).
        case 'visit': {
          const now = Date.now();
          identifyVisitor(pageRequest, pageUrl, live.config.consent);
          requestContext(pageRequest, pageUrl, now);
          return;
        }
        case 'prepare':
          prepare();
          return;
        case 'respond': {
          const { page, rewriter } = prepare();
          await personalize(new Response(html, { headers: HTML_HEADERS }), page, rewriter, 0).body?.cancel();
          return;
        }
        case 'first-passthrough':
          return firstChunk(new Response(html, { headers: HTML_HEADERS }).body);
        case 'first-floor':
          return firstChunk(noopRewriter().transform(new Response(html, { headers: HTML_HEADERS })).body);
        case 'first-response': {
          // personalize() around the no-op rewriter: Slotwise's headers and cookies, none of its handlers.
          const { page } = prepare();
          return firstChunk(personalize(new Response(html, { headers: HTML_HEADERS }), page, noopRewriter(), 0).body);
        }
        case 'first-slotwise': {
          const { page, rewriter } = prepare();
          return firstChunk(personalize(new Response(html, { headers: HTML_HEADERS }), page, rewriter, 0).body);
        }
        case 'tick':
          return;
        case 'baseline':
          chunks = await finish(new Response(originBody(false), { headers: HTML_HEADERS }).body, false);
          return;
        case 'floor':
          // The same body through workers/rewriter-floor.js's no-op rewriter.
          chunks = await finish(noopRewriter().transform(new Response(originBody(), { headers: HTML_HEADERS })).body);
          return;
        case 'decide': {
          const now = Date.now();
          const visitor = identifyVisitor(pageRequest, pageUrl, live.config.consent);
          decideSlots(live.config, { visitorId: visitor.id, profile: visitor.profile, context: requestContext(pageRequest, pageUrl, now), now });
          return;
        }
        case 'elements-floor': {
          // The same changes and marks made by the smallest handler: what HTMLRewriter charges for them.
          const rewriter = noopRewriter();
          uniqueClasses.forEach((c, i) =>
            rewriter.on(`.${c}`, {
              element(el) {
                el.setAttribute('data-slot', `el-${i}`);
                if (i % 3 === 0) el.setInnerContent('Changed at the edge');
                else if (i % 3 === 1) el.setAttribute('style', 'color: #c00');
                else el.setAttribute('class', `${c} sw-bench`);
                el.setAttribute('data-sw-v', `el-${i}:v`);
                el.setAttribute('data-sw-u', '');
              },
            }),
          );
          await rewriter.transform(new Response(html, { headers: HTML_HEADERS })).text();
          return;
        }
        case 'elements':
        case 'elements-some':
        case 'elements-many':
        case 'slotwise': {
          // What the Worker does per page: decidePage's work (page/decide.ts), pageRewriter, then personalize() (page/handle.ts).
          const config = mode === 'slotwise' ? live.config : configWithElements(env, html, mode !== 'elements-many', mode === 'elements-some' ? SOME_DECIDED : ELEMENT_SLOTS);
          const { page, rewriter } = prepare(config);
          const response = personalize(new Response(originBody(), { headers: HTML_HEADERS }), page, rewriter, 0);
          chunks = await finish(response.body);
          return;
        }
        case 'growthbook': {
          // As handleRequest does per request (workers/growthbook.js): init, then the edge app.
          const ctx = await init(env as never, { payload: gbPayload as never });
          ctx.helpers.fetch = gbContext!.helpers.fetch!;
          const response = (await edgeApp<Request, Response>(ctx, pageRequest)) as Response;
          await response.text();
          return;
        }
        default:
          throw new Error(`unknown mode ${mode}`);
      }
    };
    await once(); // warm: lazy compiles, caches
    if (countChunks) return Response.json({ mode, path, pieces, gzip, chunks });
    await tick();
    const started = performance.now();
    for (let i = 0; i < n; i++) await once();
    await tick();
    const ms = performance.now() - started;
    return Response.json({ mode, path, n, ms, perRequestUs: (ms * 1000) / n });
  },
};
