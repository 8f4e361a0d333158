/**
 * The Worker under faults (issue 7): a failing config store, a failing or slow origin, odd
 * encodings and charsets, hostile markup, huge and dripping pages, loops, and request input that
 * must never reach the page unescaped. Whatever happens, the visitor gets the origin's page, or
 * the page with exactly the real slots replaced.
 */
import { createExecutionContext } from 'cloudflare:test';
import type { Decisions } from '@slotwise/core/decide';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LIVE_POINTER_KEY } from '../../src/config/keys.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import type { Env } from '../../src/env.ts';
import worker from '../../src/index.ts';
import { slotRewriter } from '../../src/page/rewrite.ts';
import { HOME, siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const NEWSLETTER = '/?utm_source=newsletter';
const GRANTED = 'sw_consent=granted; sw_id=visitor-aaaaaaaaaaaa';
const encoder = new TextEncoder();

beforeEach(async () => {
  resetConfigCache();
  await publish(siteConfig());
  stubOrigin(() => html(htmlPage(HOME)));
});
afterEach(() => vi.restoreAllMocks());

const bytesOf = async (message: Request | Response) => new Uint8Array(await message.arrayBuffer());

/** A body that arrives as the given chunks, each after a macrotask, then closes. */
function dripping(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream({
    async pull(controller) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

function kvWith(parts: Partial<KVNamespace>): KVNamespace {
  return parts as KVNamespace;
}

describe('a failing config store (1)', () => {
  it('serves the origin page unchanged, marked config-rejected, with no 5xx, when the pointer exists but the snapshot does not', async () => {
    await env.CONFIG.put(LIVE_POINTER_KEY, '41');
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const response = await call(NEWSLETTER);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-slotwise-bypass')).toBe('config-rejected');
    expect(await response.text()).toBe(htmlPage(HOME));
  });

  it('serves the origin page unchanged when reading the snapshot throws or hangs on a cold isolate', async () => {
    stubOrigin(() => html(htmlPage(HOME)));
    const pointer = (async () => '1') as unknown as KVNamespace['get'];
    const cases: KVNamespace[] = [
      kvWith({ get: pointer, getWithMetadata: (() => Promise.reject(new Error('KV 500'))) as KVNamespace['getWithMetadata'] }),
      kvWith({ get: pointer, getWithMetadata: (() => new Promise(() => {})) as KVNamespace['getWithMetadata'] }),
      kvWith({
        get: (() => {
          throw new Error('binding broken');
        }) as KVNamespace['get'],
      }),
    ];
    for (const CONFIG of cases) {
      resetConfigCache();
      const response = await call(NEWSLETTER, {}, { CONFIG, CONFIG_BUDGET_MS: '5' }, 'skip');
      expect(response.status).toBe(200);
      expect(response.headers.get('x-slotwise-bypass')).toBe('config-unavailable');
      expect(await response.text()).toBe(htmlPage(HOME));
    }
  });
});

describe('a failing origin (3)', () => {
  it('passes 5xx answers through exactly as sent, with nothing of Slotwise added', async () => {
    const body = new Uint8Array([...encoder.encode('<html><body><div data-slot="hero">down</div>'), 0xff, 0xfe]);
    for (const status of [500, 502, 503, 504]) {
      stubOrigin(() => new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '7', 'cache-control': 'no-store' } }));
      const response = await call(NEWSLETTER, { headers: { cookie: GRANTED } });
      expect(response.status).toBe(status);
      expect(await bytesOf(response)).toEqual(body);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect([...response.headers.keys()].filter((name) => name.startsWith('x-slotwise') || name === 'server-timing' || name === 'set-cookie')).toEqual([]);
    }
  });

  it('answers 502 without detail when the origin resets or times out', async () => {
    const failures = [new TypeError('Network connection lost.'), new DOMException('The operation was aborted due to timeout', 'TimeoutError'), new Error('internal error')];
    vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const failure of failures) {
      vi.spyOn(globalThis, 'fetch').mockRejectedValue(failure);
      const response = await call(NEWSLETTER);
      expect(response.status).toBe(502);
      expect(response.headers.get('x-slotwise-bypass')).toBe('origin-unreachable');
      expect(await response.text()).toBe('Bad gateway: the origin did not answer.\n');
    }
  });
});

describe('exceptions while rendering (4)', () => {
  const decisions = (slots: Decisions['slots']): Decisions => ({ slots, attributes: {}, trace: [] }) as unknown as Decisions;
  const page = '<html><head></head><body><div data-slot="a">A default</div><div data-slot="b">B default</div><div data-slot="c">C default</div></body></html>';

  it('a slot whose content throws keeps its default; the slots around it still render', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const exploding = {
      kind: 'html',
      get body(): string {
        throw new Error('render failed');
      },
    };
    const rewriter = slotRewriter({
      decisions: decisions({
        a: { slot: 'a', campaign: 'x', variant: '1', content: { kind: 'html', body: 'A new' } },
        b: { slot: 'b', campaign: 'x', variant: '1', content: exploding },
        c: { slot: 'c', campaign: 'y', variant: '2', content: { kind: 'text', body: 'C <new>' } },
      } as unknown as Decisions['slots']),
      tagData: {},
      nonce: () => null,
    });
    const out = await rewriter.transform(new Response(page, { headers: { 'content-type': 'text/html' } })).text();
    expect(slot(out, 'a')).toEqual({ html: 'A new', mark: 'x:1' });
    expect(slot(out, 'b')).toEqual({ html: 'B default', mark: null });
    expect(slot(out, 'c')).toEqual({ html: 'C &lt;new&gt;', mark: 'y:2' });
  });

  it('a throwing hook elsewhere in the stream is skipped: the page still arrives whole, slots rendered', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    stubOrigin(() => html(htmlPage(HOME, '<meta name="sw:category" content="shoes">')));
    const broken = {
      get EVENTS(): Env['EVENTS'] {
        throw new Error('store binding broken');
      },
    };
    const response = await call(NEWSLETTER, {}, broken);
    const text = await response.text();
    expect(text.endsWith('<p>Footer</p></body></html>')).toBe(true);
    expect(slot(text, 'hero').mark).toBe('welcome:w');
  });

  it('an exception before streaming leaves the origin response unchanged', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    stubOrigin(() => html(htmlPage(HOME), { headers: { etag: '"o"', 'content-length': String(htmlPage(HOME).length) } }));
    const broken = {} as Partial<Env>;
    Object.defineProperty(broken, 'CONFIG_TTL_MS', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    const response = await call(NEWSLETTER, {}, broken);
    expect(response.headers.get('x-slotwise-bypass')).toBe('error');
    expect(response.headers.get('etag')).toBe('"o"');
    expect(await response.text()).toBe(htmlPage(HOME));
  });
});

describe('responses passed through byte for byte (5)', () => {
  // Bytes that any decode/re-encode (as UTF-8 text) would change.
  const raw = new Uint8Array([...encoder.encode('<html><body><div data-slot="hero">x</div>'), 0xc3, 0x28, 0xff, 0x00, 0xe9]);

  it('HEAD, POST, PUT, 206 and 304 answers keep their exact bytes and headers', async () => {
    const cases: [RequestInit, () => Response][] = [
      [{ method: 'HEAD' }, () => new Response(null, { headers: { 'content-type': 'text/html', 'content-length': '999', etag: '"h"' } })],
      [{ method: 'POST', body: 'q=1' }, () => new Response(raw, { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"p"' } })],
      [{ method: 'PUT', body: raw }, () => new Response(raw, { headers: { 'content-type': 'text/html', etag: '"u"' } })],
      [
        { headers: { range: 'bytes=0-9' } },
        () => new Response(raw.slice(0, 10), { status: 206, headers: { 'content-type': 'text/html', 'content-range': `bytes 0-9/${raw.length}`, 'content-length': '10' } }),
      ],
      [{ headers: { 'if-none-match': '"v"' } }, () => new Response(null, { status: 304, headers: { etag: '"v"', 'content-type': 'text/html' } })],
    ];
    for (const [init, make] of cases) {
      const expected = make();
      const seen = stubOrigin(make);
      const response = await call(NEWSLETTER, { ...init, headers: { cookie: GRANTED, ...init.headers } });
      expect(response.status).toBe(expected.status);
      expect([...response.headers]).toEqual([...expected.headers]);
      expect(await bytesOf(response)).toEqual(await bytesOf(expected));
      if (init.body) expect(await bytesOf(seen[0]!)).toEqual(typeof init.body === 'string' ? encoder.encode(init.body) : raw);
    }
  });
});

describe('content encodings (6)', () => {
  // workerd hands the Worker a decoded body with the origin's Content-Encoding header kept, and
  // encodes the answer again on the way out; so the stub answers the same way.
  const page = htmlPage(HOME);

  it('personalizes gzip, br and identity pages once, keeping the encoding and dropping the stale length', async () => {
    for (const encoding of ['gzip', 'br', 'identity', null]) {
      for (const length of [true, false]) {
        const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
        if (encoding) headers['content-encoding'] = encoding;
        if (length) headers['content-length'] = String(encoding === 'gzip' || encoding === 'br' ? 123 : page.length);
        stubOrigin(() => new Response(page, { headers }));
        const response = await call(NEWSLETTER);
        expect(response.headers.get('content-encoding')).toBe(encoding);
        expect(response.headers.get('content-length')).toBeNull();
        const text = await response.text();
        expect(text.match(/Hello reader/g)).toHaveLength(1);
        expect(text.endsWith('<p>Footer</p></body></html>')).toBe(true);
      }
    }
  });

  it('passes pages in encodings workerd does not decode through untouched, saying why', async () => {
    const compressed = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 1, 2, 3, 0xff]);
    for (const encoding of ['zstd', 'deflate', 'gzip, br', 'compress']) {
      stubOrigin(() => new Response(compressed, { headers: { 'content-type': 'text/html', 'content-encoding': encoding, 'content-length': '8' } }));
      const response = await call(NEWSLETTER);
      expect(response.headers.get('content-encoding')).toBe(encoding);
      expect(response.headers.get('content-length')).toBe('8');
      expect(response.headers.get('x-slotwise-bypass')).toBe('encoding');
      expect(await bytesOf(response)).toEqual(compressed);
    }
  });
});

describe('streaming (7)', () => {
  it('streams: the first slot reaches the client while the origin has not finished', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let originDone = false;
    stubOrigin(
      () =>
        new Response(
          new ReadableStream({
            async start(controller) {
              controller.enqueue(encoder.encode(`<!doctype html><html><head></head><body><section data-slot="hero">Default</section>${'<p>filler</p>'.repeat(2_000)}`));
              await held;
              controller.enqueue(encoder.encode('<div data-slot="promo">late</div></body></html>'));
              originDone = true;
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/html' } },
        ),
    );
    const response = await call(NEWSLETTER, {}, {}, 'skip');
    const reader = response.body!.getReader();
    let received = '';
    const decoder = new TextDecoder();
    while (!received.includes('Hello reader')) {
      const { value, done } = await Promise.race([reader.read(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the Worker buffered the page')), 2_000))]);
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(received).toContain('data-sw-v="welcome:w"');
    expect(originDone).toBe(false);
    release();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      received += decoder.decode(value, { stream: true });
    }
    expect(originDone).toBe(true);
    expect(slot(received, 'promo').mark).toMatch(/^promo-ab:/);
  });

  it('replaces every slot exactly once in a 20 MB page', async () => {
    const filler = `<p>${'lorem ipsum '.repeat(80)}</p>`;
    const chunk = encoder.encode(filler.repeat(64)); // ~62 KB
    const chunks = Math.ceil((20 * 1024 * 1024) / chunk.byteLength) + 2;
    stubOrigin(() => {
      let i = 0;
      return new Response(
        new ReadableStream({
          pull(controller) {
            if (i === 0) controller.enqueue(encoder.encode('<!doctype html><html><head></head><body><div data-slot="banner">b</div><section data-slot="hero">h</section>'));
            else if (i === Math.floor(chunks / 2)) controller.enqueue(encoder.encode('<div data-slot="promo">p</div>'));
            else if (i > chunks) {
              controller.enqueue(encoder.encode('<footer>end</footer></body></html>'));
              controller.close();
              return;
            } else controller.enqueue(chunk);
            i++;
          },
        }),
        { headers: { 'content-type': 'text/html' } },
      );
    });
    const response = await call(NEWSLETTER, { cf: { country: 'DE' } }, { DEV_OVERRIDES: '' });
    const text = await response.text();
    expect(encoder.encode(text).byteLength).toBeGreaterThan(20 * 1024 * 1024);
    expect(text.match(/data-sw-v=/g)).toHaveLength(3);
    expect(text.match(/Hello reader/g)).toHaveLength(1);
    expect(text.match(/Versand/g)).toHaveLength(1);
    expect(text.match(/<p>lorem/g)).toHaveLength((chunks - 1) * 64);
    expect(text.endsWith('<footer>end</footer></body></html>')).toBe(true);
  });

  it('replaces every slot exactly once when the origin drips a few bytes at a time, splitting every marker', async () => {
    const page = htmlPage(`${HOME}<div data-slot="hero">second hero</div>`);
    const bytes = encoder.encode(page);
    for (const size of [1, 2, 3, 7]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.slice(i, i + size));
      stubOrigin(() => new Response(dripping(chunks), { headers: { 'content-type': 'text/html' } }));
      const text = await (await call(NEWSLETTER)).text();
      expect(text.match(/Hello reader/g)).toHaveLength(2);
      // No consent: the experiment's best-known variant, not the control (issue 17).
      expect(text.match(/data-sw-v="promo-ab:a"/g)).toHaveLength(1);
      expect(text.match(/\/__sw\/sw\.js/g)).toHaveLength(1);
      expect(text).toContain('<p>Footer</p>');
    }
  });
});

describe('other charsets (8)', () => {
  // 「あ」 in Shift_JIS, "é" in windows-1252: neither is valid UTF-8.
  const page = (head: string, body: number[]) =>
    new Uint8Array([...encoder.encode(`<html><head>${head}</head><body><div data-slot="hero">`), ...body, ...encoder.encode('</div><div data-slot="promo">p</div></body></html>')]);

  it('passes a page whose Content-Type names another charset through byte for byte, saying why', async () => {
    for (const [charset, body] of [
      ['Shift_JIS', [0x82, 0xa0]],
      ['windows-1252', [0xe9]],
      ['"iso-8859-1"', [0xe9]],
    ] as const) {
      const bytes = page('', [...body]);
      stubOrigin(() => new Response(bytes, { headers: { 'content-type': `text/html; charset=${charset}` } }));
      const response = await call(NEWSLETTER, { headers: { cookie: GRANTED } });
      expect(response.headers.get('x-slotwise-bypass')).toBe('charset');
      expect(await bytesOf(response)).toEqual(bytes);
    }
  });

  it('leaves the slots of a page that declares another charset in a <meta> alone, so no UTF-8 lands in it', async () => {
    const japanese = siteConfig(2);
    japanese.campaigns[0]!.variants[0]!.content = { hero: { kind: 'text', body: 'ようこそ' } };
    await publish(japanese);
    resetConfigCache();
    for (const meta of ['<meta charset="shift_jis">', '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">', '<META CHARSET=Shift_JIS>']) {
      const bytes = page(meta, [0x82, 0xa0]);
      stubOrigin(() => new Response(bytes, { headers: { 'content-type': 'text/html' } }));
      const out = await bytesOf(await call(NEWSLETTER));
      const ascii = new TextDecoder('latin1').decode(out);
      expect(ascii).not.toContain('data-sw-v');
      // The origin's own bytes, unchanged around the (ASCII) SDK tag.
      const withoutTag = ascii.replace(/<script async src="\/__sw\/sw\.js"[^>]*><\/script>/, '');
      expect(withoutTag).toBe(new TextDecoder('latin1').decode(bytes));
    }
  });

  it('still personalizes a page whose <meta> says UTF-8', async () => {
    stubOrigin(() => html(htmlPage(HOME).replace('<meta charset="utf-8">', '<meta charset="UTF-8"><meta http-equiv="content-type" content="text/html; charset=utf-8">')));
    expect(slot(await (await call(NEWSLETTER)).text(), 'hero').mark).toBe('welcome:w');
  });
});

describe('hostile markup (9)', () => {
  const render = async () => (await call(NEWSLETTER, { cf: { country: 'DE' } }, { DEV_OVERRIDES: '' })).text();

  it('changes only real slots: not inside script, style, template, textarea, title, noscript text or comments', async () => {
    const decoys = [
      `<script>document.write('<div data-slot="hero">s</div>')</script>`,
      `<style>/* <div data-slot="hero">c</div> */</style>`,
      `<template><div data-slot="hero">tpl</div><template><div data-slot="banner">nested tpl</div></template></template>`,
      `<textarea><div data-slot="hero">ta</div></textarea>`,
      `<!-- <div data-slot="hero">comment</div> -->`,
      `<title><div data-slot="hero">t</div></title>`,
    ].join('');
    stubOrigin(() => html(htmlPage(`${decoys}<section data-slot="hero">real</section>`)));
    const page = await render();
    expect(page).toContain(decoys);
    expect(page.match(/Hello reader/g)).toHaveLength(1);
    expect(slot(page.slice(page.lastIndexOf('<section')), 'hero').mark).toBe('welcome:w');
  });

  it('a <template> inside a replaced slot does not stop later slots from rendering', async () => {
    stubOrigin(() => html(htmlPage('<section data-slot="hero"><template><p>t</p></template>default</section><div data-slot="banner">b</div>')));
    const page = await render();
    expect(slot(page, 'hero').mark).toBe('welcome:w');
    expect(slot(page, 'banner')).toEqual({ html: 'Versand &lt;kostenlos&gt;', mark: 'ship-de:de' });
  });

  it('replaces duplicate slots each once, and a nested slot with its parent', async () => {
    stubOrigin(() => html(htmlPage('<div data-slot="hero">one</div><div data-slot="hero">two</div><div data-slot="banner">outer <div data-slot="hero">inner</div> tail</div>')));
    const page = await render();
    expect(page.match(/Hello reader/g)).toHaveLength(2);
    expect(page.match(/Versand &lt;kostenlos&gt;/g)).toHaveLength(1);
    expect(page).not.toContain('inner');
    expect(page).not.toMatch(/one|two/);
  });

  it('survives malformed HTML without an exception, keeping every byte after the slots', async () => {
    const malformed = [
      '<div data-slot="hero"><p>unclosed <b>bold</div><div data-slot="promo">no end',
      '<div data-slot="hero" data-slot="banner">dup attr</div></span></div></div>',
      '<div data-slot=hero>unquoted</div><div data-slot="">empty</div><div data-slot>bare</div>',
      '<div data-slot="hero"<p>broken tag',
      '</body></html><div data-slot="banner">after the end</div>',
      `<div data-slot="${'x'.repeat(10_000)}">long name</div><div data-slot="__proto__">proto</div><div data-slot="constructor">c</div>`,
    ];
    for (const body of malformed) {
      stubOrigin(() => html(`<!doctype html><html><head></head><body>${body}`));
      const response = await call(NEWSLETTER, { cf: { country: 'DE' } }, { DEV_OVERRIDES: '' });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-slotwise-bypass')).toBeNull();
      const page = await response.text();
      expect(page).not.toContain('[object');
      expect(page).not.toMatch(/data-slot="(__proto__|constructor)" data-sw-v/);
    }
  });
});

describe('loops (10)', () => {
  it('a request the Worker sends to itself is caught on the second pass and never reaches an origin', async () => {
    let passes = 0;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
      passes += 1;
      if (passes > 3) throw new Error('looping');
      // ORIGIN points back at this Worker: the forwarded request arrives here again.
      return worker.fetch(new Request(input as RequestInfo, init as RequestInit) as Request<unknown, IncomingRequestCfProperties>, env, createExecutionContext());
    });
    const response = await call('/', {}, { ORIGIN: 'https://shop.test' });
    expect(passes).toBe(1);
    expect(response.status).toBe(508);
    expect(response.headers.get('x-slotwise-bypass')).toBe('loop');
  });
});

describe('request input never reaches the page unescaped (13)', () => {
  const XSS = '"><script>alert(1)</script><img src=x onerror=alert(2)>';

  it('escapes headers, query values and cookies in content and attributes', async () => {
    await publish(
      siteConfig(5, {
        campaigns: [
          {
            id: 'echo',
            name: 'Echo',
            status: 'live',
            priority: 1,
            slots: ['hero'],
            variants: [
              {
                id: 'e',
                name: 'E',
                content: {
                  hero: {
                    kind: 'html',
                    body: '<p>{{page.referrer}}|{{page.url}}|{{page.query.q}}|{{locale.language}}|{{device.browser}}|{{utm.campaign}}</p>',
                    attrs: { title: '{{page.query.q}}', href: '/go?r={{page.referrer}}' },
                  },
                },
              },
            ],
          },
        ],
      }),
    );
    resetConfigCache();
    const q = encodeURIComponent(XSS);
    const response = await call(`/?q=${q}&utm_campaign=${q}&sw_country=${q}`, {
      headers: {
        referer: `https://evil.test/${XSS}`,
        'accept-language': XSS,
        'user-agent': XSS,
        cookie: `${GRANTED}; sw_dev_country=${XSS.replace(/;/g, '')}; sw_p=${XSS.replace(/;/g, '')}`,
        'x-slotwise-debug': 'test-debug-token',
      },
    });
    const page = await response.text();
    // Quoted attribute values may hold anything once their quotes are escaped; outside them no markup may appear.
    expect(page).toContain('title="&quot;><script>alert(1)</script>');
    const outsideValues = page.replace(/="[^"]*"/g, '=""');
    expect(outsideValues).not.toContain('<script>alert');
    expect(outsideValues).not.toContain('<img src=x');
    expect(page).toContain('data-sw-v="echo:e"');
    // The debug panel shows the trace, escaped as well.
    expect(page).toContain('id="sw-debug"');
    expect(response.headers.get('set-cookie') ?? '').not.toContain('<script>');
  });

  it('ignores visitor ids offered in headers: bucketing and the id cookie come from sw_id alone', async () => {
    const spoof = 'visitor-spoofed-000001';
    const spoofHeaders = { 'x-visitor-id': spoof, 'x-sw-id': spoof, 'x-slotwise-visitor': spoof, 'cf-visitor-id': spoof };
    const fresh = await call('/', { headers: { cookie: 'sw_consent=granted', ...spoofHeaders } });
    const minted = /^sw_id=([^;]+)/.exec(fresh.headers.get('set-cookie') ?? '')?.[1];
    expect(minted).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(minted).not.toBe(spoof);
    // With a real id, the arm follows the cookie whatever the headers claim.
    const arms = new Set<string | null>();
    for (let i = 0; i < 40; i++) {
      const other = `visitor-${String(i).padStart(12, '0')}`;
      const response = await call('/', { headers: { cookie: GRANTED, 'x-visitor-id': other, 'x-sw-id': other } });
      arms.add(slot(await response.text(), 'promo').mark);
    }
    expect(arms.size).toBe(1);
  });
});
