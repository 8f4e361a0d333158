/**
 * The Admin API as the editor and scripts use it: sign-in, the draft (validated and sanitized
 * on the server), publish → the next page shows it, versions kept, rollback as a new version.
 */
import { createExecutionContext, runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SiteConfigInput } from '@slotwise/core';
import { testConfig } from '../../../packages/core/src/testing.ts';
import { sameSecret } from '../../src/http/secrets.ts';
import worker from '../../src/index.ts';
import { LIVE_POINTER_KEY, SNAPSHOT_PREFIX } from '../../src/config/keys.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { call, env, html, htmlPage, putSnapshot, signBytes, slot, stubOrigin, resetPublishedState } from '../harness.ts';
import { resetIdentity } from '../identity-harness.ts';

const PASSWORD = 'test-admin-password';
const SITE = 'https://shop.test';
const KEY = { authorization: `Bearer ${PASSWORD}` };
const JSON_TYPE = { 'content-type': 'application/json' };

function hero(body: string, kind: 'html' | 'text' = 'html'): SiteConfigInput {
  return testConfig({
    campaigns: [
      {
        id: 'welcome',
        name: 'Welcome',
        status: 'live',
        priority: 1,
        slots: ['hero'],
        variants: [{ id: 'a', name: 'A', content: { hero: { kind, body } } }],
      },
    ],
  });
}

const api = (path: string, init: RequestInit = {}) => call(`/__sw/admin${path}`, init);
async function listVersionsFor(): Promise<{ version: number }[]> {
  return ((await (await api('/versions', { headers: KEY })).json()) as { versions: { version: number }[] }).versions;
}
const put = (config: unknown, headers: Record<string, string> = KEY) => api('/draft', { method: 'PUT', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(config) });
const post = (path: string, body: unknown = {}, headers: Record<string, string> = KEY) =>
  api(path, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });

async function signIn(): Promise<string> {
  const response = await post('/session', { name: 'Maria', password: PASSWORD }, {});
  expect(response.status).toBe(204);
  return response.headers
    .getAll('set-cookie')
    .map((c) => c.split(';', 1)[0])
    .join('; ');
}

beforeEach(async () => {
  await resetPublishedState();
  await resetIdentity();
  stubOrigin(() => html(htmlPage('<div data-slot="hero">Default hero</div>')));
});
afterEach(() => vi.restoreAllMocks());

describe('signing in', () => {
  it('a right password gives an HttpOnly, SameSite=Strict session; a wrong one a 401 with the reason', async () => {
    const wrong = await post('/session', { name: 'Maria', password: 'guess' }, {});
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'name or password: not right' });

    const ok = await post('/session', { name: 'Maria', password: PASSWORD }, {});
    const cookies = ok.headers.getAll('set-cookie');
    expect(cookies).toHaveLength(2);
    for (const cookie of cookies) expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    // A random session id (admin-identity.test.ts proves it holds nothing derived from the password).
    expect(cookies[0]).toMatch(/^sw_admin=[A-Za-z0-9_-]{43}; Path=\/__sw\/; Max-Age=43200/);
    expect(cookies[1]).toMatch(/^sw_edit=1; Path=\/;/);

    const session = cookies.map((c) => c.split(';', 1)[0]).join('; ');
    expect((await api('/session', { headers: { cookie: session } })).status).toBe(200);
    expect((await api('/draft', { headers: { cookie: session } })).status).toBe(200);
  });

  it('refuses a missing, forged or expired session, and a wrong key', async () => {
    expect(await (await api('/draft')).json()).toEqual({ error: 'not signed in' });
    // The format sessions had before they were server-side: an expiry, a name and an HMAC.
    const forged = `sw_admin=${Date.now() + 3_600_000}.ZWRpdG9y.${'0'.repeat(64)}`;
    const response = await api('/draft', { headers: { cookie: forged } });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: 'session: expired or ended; sign in again' });
    expect((await api('/draft', { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    // A well-formed id the server never issued (expiry and sign-out: admin-identity.test.ts).
    expect((await api('/draft', { headers: { cookie: `sw_admin=${'A'.repeat(43)}` } })).status).toBe(401);
  });

  it('offers no CORS to other origins', async () => {
    const preflight = await api('/draft', { method: 'OPTIONS', headers: { origin: 'https://evil.test', 'access-control-request-method': 'PUT' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    const read = await api('/draft', { headers: { ...KEY, origin: 'https://evil.test' } });
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is closed (503) when no password is configured', async () => {
    const response = await call('/__sw/admin/draft', { headers: KEY }, { ADMIN_PASSWORD: '' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/set the ADMIN_PASSWORD secret/);
  });

  it('accepts a change made with the session cookie only from this origin', async () => {
    const cookie = await signIn();
    expect((await put(hero('Hi'), { cookie })).status).toBe(403);
    expect((await put(hero('Hi'), { cookie, origin: 'https://evil.test' })).status).toBe(403);
    expect((await put(hero('Hi'), { cookie, origin: SITE })).status).toBe(200);
  });

  it('signing out ends both cookies', async () => {
    const response = await api('/session', { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.headers.getAll('set-cookie').every((c) => /Max-Age=0/.test(c))).toBe(true);
  });
});

describe('the draft', () => {
  it('is the live config until something is saved, then the saved one', async () => {
    const empty = (await (await api('/draft', { headers: KEY })).json()) as { draft: SiteConfigInput; live: number | null };
    expect(empty).toMatchObject({ live: null, changed: true, draft: { schema: 1, campaigns: [] } });
    expect((await put(hero('Hello'))).status).toBe(200);
    const saved = (await (await api('/draft', { headers: KEY })).json()) as { draft: SiteConfigInput };
    expect(saved.draft.campaigns[0]?.variants[0]?.content.hero?.body).toBe('Hello');
  });

  it('refuses an invalid config whole with every problem named, and keeps the previous draft', async () => {
    await put(hero('Kept'));
    const bad = hero('x');
    bad.campaigns[0]!.slots = ['nowhere'];
    bad.campaigns[0]!.priority = 0;
    const response = await put(bad);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: string; issues: string[] };
    expect(body.error).toMatch(/^campaigns\[0\]\.priority: /);
    expect(body.issues.length).toBeGreaterThanOrEqual(1);
    const { draft } = (await (await api('/draft', { headers: KEY })).json()) as { draft: SiteConfigInput };
    expect(draft.campaigns[0]?.variants[0]?.content.hero?.body).toBe('Kept');
  });

  it.each([
    ['not JSON', '{', 'body: not valid JSON'],
    ['an array', '[]', 'body: must be a JSON object'],
  ])('answers a body that is %s with a 400 saying so', async (_, body, error) => {
    const response = await api('/draft', { method: 'PUT', headers: { ...JSON_TYPE, ...KEY }, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error });
  });

  it('refuses other content types and oversized bodies', async () => {
    expect((await api('/draft', { method: 'PUT', headers: { ...KEY, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
    const huge = JSON.stringify({ pad: 'x'.repeat(1024 * 1024) });
    expect((await api('/draft', { method: 'PUT', headers: { ...KEY, ...JSON_TYPE }, body: huge })).status).toBe(413);
  });
});

describe('sanitizing on the server', () => {
  const attacks: [string, string, string][] = [
    ['a script', '<p>Hi</p><script>steal()</script>', '<script>'],
    ['an event handler', '<a href="/x" onclick="steal()">go</a>', 'onclick="steal()" on <a>'],
    ['a javascript: URL', '<a href="javascript:steal()">go</a>', 'href="javascript:steal()" on <a>'],
    ['a data: image', '<img src="data:text/html;base64,PHNjcmlwdD4=">', 'src="data:text/html;base64,PHNjcmlwdD4=" on <img>'],
    ['an iframe with srcdoc', '<iframe srcdoc="<script>steal()</script>"></iframe>', '<iframe>'],
    ['a style with expression()', '<style>p{width:expression(steal())}</style><p>x</p>', '<style>'],
    ['an inline style with url(javascript:)', '<p style="background:url(javascript:steal())">x</p>', 'style="background:url(javascript:steal())" on <p>'],
    ['SVG with script', '<svg><script>steal()</script></svg>', '<svg>'],
    ['a URL a token could turn into javascript:', '<a href="{{utm.source}}">go</a>', 'href="{{utm.source}}" on <a>'],
  ];

  it.each(attacks)('removes %s on save and says so', async (_, body, removedPart) => {
    const response = await put(hero(body));
    expect(response.status).toBe(200);
    const { draft, removed } = (await response.json()) as { draft: SiteConfigInput; removed: { path: string; removed: string[] }[] };
    const stored = draft.campaigns[0]!.variants[0]!.content.hero!.body;
    expect(stored).not.toMatch(/script|onclick|javascript:|data:|srcdoc|expression|\{\{utm/i);
    expect(removed).toEqual([{ path: 'campaigns[0].variants[0].content.hero.body', removed: expect.arrayContaining([removedPart]) }]);
  });

  it('keeps formatting, links, images and tokens in safe places; leaves text variants alone', async () => {
    const rich =
      '<h2>Hi {{profile.topCategory | friend}}</h2><p><strong>New</strong> <a href="/shoes?ref={{utm.source}}" target="_blank">shoes</a><img src="/img/a.jpg" alt="A"></p>';
    const { draft, removed } = (await (await put(hero(rich))).json()) as { draft: SiteConfigInput; removed: unknown[] };
    const expected = rich.replace('target="_blank"', 'target="_blank" rel="noopener noreferrer"').replace('alt="A">', 'alt="A" />');
    expect(draft.campaigns[0]!.variants[0]!.content.hero!.body).toBe(expected);
    expect(removed).toEqual([{ path: 'campaigns[0].variants[0].content.hero.body', removed: [] }]);
    const text = '<script>not parsed</script>';
    const saved = (await (await put(hero(text, 'text'))).json()) as { draft: SiteConfigInput };
    expect(saved.draft.campaigns[0]!.variants[0]!.content.hero!.body).toBe(text);
  });

  it('drops slot URL attributes with a script scheme', async () => {
    const config = hero('x');
    config.campaigns[0]!.variants[0]!.content.hero!.attrs = { href: ' JaVaScRiPt:steal()', title: 'ok' };
    const { draft, removed } = (await (await put(config)).json()) as { draft: SiteConfigInput; removed: { path: string }[] };
    expect(draft.campaigns[0]!.variants[0]!.content.hero!.attrs).toEqual({ title: 'ok' });
    expect(removed.map((r) => r.path)).toContain('campaigns[0].variants[0].content.hero.attrs.href');
  });

  it('previews sanitizing without storing anything', async () => {
    const response = await post('/sanitize', { html: '<b onmouseover="x()">bold</b>' });
    expect(await response.json()).toEqual({ html: '<b>bold</b>', removed: ['onmouseover="x()" on <b>'] });
    expect(await (await api('/draft', { headers: KEY })).json()).toMatchObject({ revision: 0, draft: { campaigns: [] } });
  });
});

describe('publishing, versions and rollback', () => {
  it('publishes the draft as the next version, and the next page request shows it', async () => {
    await put(hero('Version one'));
    const first = await post('/publish', { note: 'first' });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ version: 1, publishedAt: expect.any(String) });
    expect(await env.CONFIG.get(LIVE_POINTER_KEY)).toBe('1');
    const page = await (await call('/')).text();
    expect(slot(page, 'hero')).toEqual({ html: 'Version one', mark: 'welcome:a' });

    await put(hero('Version two'));
    expect(await (await post('/publish')).json()).toMatchObject({ version: 2 });
    expect(slot(await (await call('/')).text(), 'hero').html).toBe('Version two');
    expect(await (await api('/draft', { headers: KEY })).json()).toMatchObject({ live: 2, changed: false });
  });

  it('keeps every version and restores any as a new, higher version', async () => {
    for (const body of ['One', 'Two', 'Three']) {
      await put(hero(body));
      await post('/publish', { note: `v ${body}` });
    }
    const list = (await (await api('/versions', { headers: KEY })).json()) as { live: number; versions: { version: number; note: string; live: boolean }[] };
    expect(list.live).toBe(3);
    expect(list.versions.map((v) => [v.version, v.note, v.live])).toEqual([
      [3, 'v Three', true],
      [2, 'v Two', false],
      [1, 'v One', false],
    ]);

    const old = (await (await api('/versions/1', { headers: KEY })).json()) as { config: SiteConfigInput };
    expect(old.config.campaigns[0]!.variants[0]!.content.hero!.body).toBe('One');

    const restored = await post('/rollback', { version: 1 });
    expect(await restored.json()).toMatchObject({ version: 4 });
    expect(slot(await (await call('/')).text(), 'hero').html).toBe('One');
    const draft = (await (await api('/draft', { headers: KEY })).json()) as { draft: SiteConfigInput; changed: boolean };
    expect(draft.changed).toBe(false);
    expect((await env.CONFIG.list({ prefix: SNAPSHOT_PREFIX })).keys).toHaveLength(4);
  });

  it('of two publishes made from the same live version, exactly one wins; the other gets 409', async () => {
    await put(hero('Base'));
    await post('/publish');
    await put(hero('Next'));
    const [a, b] = await Promise.all([post('/publish', { baseVersion: 1 }), post('/publish', { baseVersion: 1 })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const loser = (await (a.status === 409 ? a : b).json()) as { error: string; live: number };
    expect(loser).toEqual({ error: 'baseVersion: version 2 was published meanwhile; review it, then publish again', live: 2 });
    expect((await listVersionsFor()).map((v) => v.version)).toEqual([2, 1]);
  });

  it('refuses to overwrite a draft someone else saved since it was loaded (If-Match: revision)', async () => {
    const loaded = (await (await api('/draft', { headers: KEY })).json()) as { revision: number };
    expect((await put(hero('Mine'), { ...KEY, 'if-match': String(loaded.revision) })).status).toBe(200);
    const stale = await put(hero('Theirs'), { ...KEY, 'if-match': String(loaded.revision) });
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ error: expect.stringMatching(/^draft: changed since revision \d+/) });
  });

  it('records who did what and when in the audit log', async () => {
    const signIn = await post('/session', { name: 'Maria', password: PASSWORD }, {});
    const cookie = signIn.headers
      .getAll('set-cookie')
      .map((c) => c.split(';', 1)[0])
      .join('; ');
    await put(hero('Audite'), { cookie, origin: SITE });
    await put(hero('Audited'), { cookie, origin: SITE }); // autosaves as Maria types: one row
    await post('/publish', { note: 'spring sale' }, { cookie, origin: SITE });
    await post('/rollback', { version: 1 });
    await put(hero('After'), { cookie, origin: SITE }); // after a publish and someone else's rollback: a new row
    const { entries } = (await (await api('/audit', { headers: KEY })).json()) as {
      entries: { who: string; action: string; version: number | null; detail: string; at: string }[];
    };
    expect(entries.map((e) => [e.who, e.action, e.version, e.detail])).toEqual([
      ['Maria', 'save-draft', null, '1 campaigns, 1 audiences'],
      ['api key', 'rollback', 2, 'restored version 1'],
      ['Maria', 'publish', 1, 'spring sale'],
      ['Maria', 'save-draft', null, '1 campaigns, 1 audiences'],
      ['Maria', 'sign-in', null, ''],
      ['Maria', 'account-added', null, 'Maria (admin): the first account, made with ADMIN_PASSWORD'],
    ]);
    expect(Date.parse(entries[0]!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers unknown versions with 404 and a bad version with 400', async () => {
    expect((await api('/versions/9', { headers: KEY })).status).toBe(404);
    expect((await post('/rollback', { version: 9 })).status).toBe(404);
    expect((await post('/rollback', { version: 'latest' })).status).toBe(400);
  });
});

describe('editing the live site', () => {
  it('serves a page framed by the signed-in editor unpersonalized; the same page opened normally is personalized', async () => {
    await put(hero('Personal'));
    await post('/publish');
    const framed = await call('/', { headers: { cookie: 'sw_edit=1', 'sec-fetch-dest': 'iframe' } });
    expect(framed.headers.get('x-slotwise-bypass')).toBe('editing');
    expect(slot(await framed.text(), 'hero').html).toBe('Default hero');
    const normal = await call('/', { headers: { cookie: 'sw_edit=1', 'sec-fetch-dest': 'document' } });
    expect(slot(await normal.text(), 'hero').html).toBe('Personal');
  });

  it('lists the slots, segments, event types and the categories the pages declare', async () => {
    await put(hero('x'));
    await post('/publish');
    stubOrigin(() => html(htmlPage('<div data-slot="hero">d</div>', '<meta name="sw:category" content="Trail Shoes">')));
    await (await call('/shoes')).text();
    // The category is written in the background, after the page has streamed.
    const catalog = await vi.waitFor(async () => {
      const answer = (await (await api('/catalog', { headers: KEY })).json()) as Record<string, unknown[]>;
      expect(answer.categories).toContain('trail shoes');
      return answer;
    });
    expect(catalog.slots).toEqual([{ name: 'hero', pages: ['/'] }, { name: 'promo', pages: ['/', '/shoes/*'] }, { name: 'banner' }]);
    expect(catalog.segments).toContainEqual({ id: 'cart_abandoner', description: expect.any(String) });
    expect(catalog.events).toContain('add_to_cart');
  });

  it('reads the catalog and the event summary where the live site counts, while the draft renames the site', async () => {
    await put(hero('x'));
    await post('/publish');
    stubOrigin(() => html(htmlPage('<div data-slot="hero">d</div>', '<meta name="sw:category" content="Trail Shoes">')));
    await (await call('/shoes')).text();
    await vi.waitFor(async () => {
      expect(((await (await api('/catalog', { headers: KEY })).json()) as { categories: string[] }).categories).toContain('trail shoes');
    });
    const before = await (await api('/events/summary', { headers: KEY })).json();
    const renamed = hero('x');
    expect((await put({ ...renamed, site: { ...renamed.site, id: 'renamed-site' } })).status).toBe(200);
    // Nothing is counted under the draft's new id until it is published.
    expect(((await (await api('/catalog', { headers: KEY })).json()) as { categories: string[] }).categories).toContain('trail shoes');
    expect(await (await api('/events/summary', { headers: KEY })).json()).toEqual(before);
  });
});

describe('signed snapshots and every write path (issue 7)', () => {
  const ATTACKS = [
    '<script>steal()</script>',
    '<a href="/x" onclick="steal()">go</a>',
    '<a href="javascript:steal()">go</a>',
    '<img src="data:text/html;base64,PHNjcmlwdD4=">',
    '<iframe srcdoc="<script>steal()</script>"></iframe>',
    '<style>p{width:expression(steal())}</style>',
    '<p style="background:url(javascript:steal())">x</p>',
    '<svg><script>steal()</script></svg>',
    '<svg onload="steal()"><use href="data:image/svg+xml,x"/></svg>',
    '<math><mi xlink:href="javascript:steal()">x</mi></math>',
  ].join('');
  const DANGER = /<script|<style|<svg|<iframe|<math|onclick|onload|javascript:|data:|srcdoc|expression/i;

  /** Stores a draft as-is in the publisher, as if it had been written before sanitizing existed. */
  async function storeRawDraft(config: SiteConfigInput): Promise<void> {
    await runInDurableObject(env.PUBLISHER.get(env.PUBLISHER.idFromName('site')), (_, state) => {
      state.storage.sql.exec("INSERT INTO state (key, value) VALUES ('draft', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", JSON.stringify(config));
    });
  }

  it('publish sanitizes a draft that was stored unsanitized, and the page never shows it', async () => {
    await storeRawDraft(hero(`<p>Hi</p>${ATTACKS}`));
    expect((await post('/publish')).status).toBe(200);
    const published = JSON.parse((await env.CONFIG.get('config/1')) ?? '{}') as SiteConfigInput;
    expect(published.campaigns[0]!.variants[0]!.content.hero!.body).not.toMatch(DANGER);
    const page = slot(await (await call('/')).text(), 'hero');
    expect(page.mark).toBe('welcome:a');
    expect(page.html).toContain('<p>Hi</p>');
    expect(page.html).not.toMatch(DANGER);
  });

  it('rollback sanitizes a signed snapshot that holds unsafe HTML', async () => {
    const unsafe = JSON.stringify({ ...hero(`<p>Old</p>${ATTACKS}`), version: 1 });
    await putSnapshot(1, unsafe);
    await env.CONFIG.put(LIVE_POINTER_KEY, '1');
    const restored = await post('/rollback', { version: 1 });
    expect(await restored.json()).toMatchObject({ version: 2 });
    const page = slot(await (await call('/')).text(), 'hero');
    expect(page.html).toContain('<p>Old</p>');
    expect(page.html).not.toMatch(DANGER);
  });

  it('renders a text variant escaped, whatever it holds', async () => {
    await put(hero(`<img src=x onerror=steal()>${ATTACKS}`, 'text'));
    await post('/publish');
    const page = slot(await (await call('/')).text(), 'hero');
    expect(page.html).not.toMatch(/<[a-z]/i);
    expect(page.html).toContain('&lt;img src=x onerror=steal()&gt;');
  });

  it('signs what it publishes, and refuses to restore or build on a snapshot whose signature fails', async () => {
    await put(hero('Genuine'));
    await post('/publish');
    const { value, metadata } = await env.CONFIG.getWithMetadata<{ sig: string }>('config/1');
    expect(metadata?.sig).toBe(await signBytes(new TextEncoder().encode(value ?? '')));
    vi.spyOn(console, 'error').mockImplementation(() => {});
    // Someone with KV access swaps the content but cannot sign it.
    await env.CONFIG.put('config/1', (value ?? '').replace('Genuine', '<script>steal()</script>'), { metadata });
    expect((await api('/versions/1', { headers: KEY })).status).toBe(404);
    expect((await post('/rollback', { version: 1 })).status).toBe(404);
    resetConfigCache();
    expect(slot(await (await call('/')).text(), 'hero').html).toBe('Default hero');
  });

  it('marks the session cookies Secure on https only', async () => {
    const secure = await post('/session', { name: 'Maria', password: PASSWORD }, {});
    for (const cookie of secure.headers.getAll('set-cookie')) expect(cookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    const plain = await worker.fetch(
      new Request('http://shop.test/__sw/admin/session', { method: 'POST', headers: JSON_TYPE, body: JSON.stringify({ name: 'Maria', password: PASSWORD }) }),
      env,
      createExecutionContext(),
    );
    expect(plain.status).toBe(204);
    for (const cookie of plain.headers.getAll('set-cookie')) {
      expect(cookie).toMatch(/; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toMatch(/Secure/);
    }
  });

  it('refuses a key differing only in its last character or its length (compared as fixed-length digests, in constant time)', async () => {
    expect(await sameSecret(PASSWORD, PASSWORD)).toBe(true);
    for (const guess of [`${PASSWORD.slice(0, -1)}X`, `${PASSWORD}x`, PASSWORD.slice(0, -1), '', `${PASSWORD}\u0000`]) {
      expect(await sameSecret(guess, PASSWORD)).toBe(false);
      if (!guess.includes('\u0000')) expect((await api('/draft', { headers: { authorization: `Bearer ${guess}` } })).status).toBe(401);
    }
  });

  it('a page rendered while versions are published never mixes slot contents from two versions', async () => {
    const both = (tag: string): SiteConfigInput =>
      testConfig({
        campaigns: [
          {
            id: 'pair',
            name: 'Pair',
            status: 'live',
            priority: 1,
            slots: ['hero', 'banner'],
            variants: [{ id: 'a', name: 'A', content: { hero: { kind: 'text', body: `hero ${tag}` }, banner: { kind: 'text', body: `banner ${tag}` } } }],
          },
        ],
      });
    stubOrigin(() => html(htmlPage('<div data-slot="banner">b</div><div data-slot="hero">h</div>')));
    await put(both('v1'));
    await post('/publish');
    const pages: Promise<Response>[] = [];
    for (let i = 2; i <= 5; i++) {
      await put(both(`v${i}`));
      const publishing = post('/publish');
      for (let j = 0; j < 5; j++) pages.push(call('/', {}, { CONFIG_TTL_MS: '0' }));
      await publishing;
    }
    for (const response of await Promise.all(pages)) {
      const version = /^v(\d+);/.exec(response.headers.get('x-slotwise') ?? '')?.[1];
      const page = await response.text();
      expect(slot(page, 'hero').html).toBe(`hero v${version}`);
      expect(slot(page, 'banner').html).toBe(`banner v${version}`);
    }
  });
});
