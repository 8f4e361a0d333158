/**
 * Test support, imported only by *.test.ts (never by the app).
 * An in-memory Admin API for the store's tests, installed as `fetch`: the draft with its
 * revision (a save whose If-Match is stale gets 409, as the Worker answers), publishing with
 * the reviewed revision and the live base, rollback keeping a changed draft, and sessions.
 * Every request is recorded so a test can check what the editor sent.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { vi } from 'vitest';
import type { CatalogLoadReport, CatalogStatus, RecommendationPreview } from '../api.ts';
import { forgetEverything } from './auth.ts';
import { edit } from './draft.ts';

export interface Call {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

export function siteConfig(overrides: Partial<SiteConfigInput> = {}): SiteConfigInput {
  return {
    schema: 1,
    version: 0,
    site: { id: 'shop', name: 'Shop' },
    slots: [{ name: 'hero', pages: ['/'] }],
    audiences: [{ id: 'de', name: 'Germany', condition: { 'geo.country': 'DE' } }],
    campaigns: [],
    ...overrides,
  } as SiteConfigInput;
}

export class FakeAdminApi {
  draft: SiteConfigInput = siteConfig();
  revision = 1;
  live: number | null = null;
  versions: SiteConfigInput[] = [];
  /** Who published each version, and its note. */
  published: { by: string; note: string }[] = [];
  kept: { id: number; at: string; who: string; reason: string; draft: SiteConfigInput }[] = [];
  audit: { at: string; who: string; action: string; version: number | null; detail: string }[] = [];
  session: { signedIn: true; who: string; role: 'admin'; via: 'session' } | null = { signedIn: true, who: 'maria', role: 'admin', via: 'session' };
  calls: Call[] = [];
  /** What GET /slots/health answers: per element slot and UTC day, loads and misses. */
  health: { slots: { slot: string; days: { day: string; loads: number; missing: number }[] }[] } = { slots: [] };
  /** What GET /results answers with (its campaigns). */
  results: unknown[] = [];
  /** The product catalog's status, as GET /catalog/status answers it. */
  catalog: CatalogStatus = { items: 0, snapshot: null, feed: null, lastLoad: null, lastFeedPull: null };
  /** What POST /catalog/preview answers (the items a recommendation would show). */
  preview: RecommendationPreview = { strategy: 'trending', items: [], category: '', catalog: 0 };
  /** What a feed pull loads (PUT /catalog/feed?pull=1). */
  pull: CatalogLoadReport = { at: 0, source: 'feed', accepted: 0, rejected: 0, lines: [] };
  /** Answers the next request to `METHOD /path` with this status and body instead. */
  overrides = new Map<string, { status: number; body: Record<string, unknown> }>();

  get changed(): boolean {
    const live = this.live === null ? null : this.versions[this.live - 1]!;
    return JSON.stringify(live) !== JSON.stringify(this.draft);
  }

  /**
   * Someone else publishes (another person, or the Worker's automatic pause, as `auto-pause`):
   * the draft becomes what went live, as the Worker's publish makes it.
   */
  publishAs(by: string, note: string, change: (d: SiteConfigInput) => SiteConfigInput): number {
    this.draft = change(this.draft);
    this.revision++;
    return this.publish(this.draft, by, note);
  }

  /** Someone else saves the draft (another browser), as `who`. */
  saveAs(who: string, change: (d: SiteConfigInput) => SiteConfigInput): void {
    this.draft = change(this.draft);
    this.revision++;
    this.audit.unshift({ at: new Date().toISOString(), who, action: 'save-draft', version: null, detail: '' });
  }

  readonly fetch = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), 'http://editor.test');
    const method = init.method ?? 'GET';
    // With the query: a test can check what was asked (`?pull=1`).
    const path = url.pathname.replace(/^\/__sw\/admin/, '') + url.search;
    const body: unknown = typeof init.body === 'string' ? parseBody(init.body) : undefined;
    // Lower-case names, whatever form the client gave them in (hono/client sends a Headers).
    const headers = Object.fromEntries(new Headers(init.headers));
    this.calls.push({ method, path, body, headers });
    const override = this.overrides.get(`${method} ${path}`);
    if (override) {
      this.overrides.delete(`${method} ${path}`);
      return json(override.status, override.body);
    }
    return this.answer(method, path, body, headers, typeof init.body === 'string' ? init.body : '');
  };

  private answer(method: string, path: string, body: unknown, headers: Record<string, string>, raw: string): Response {
    const route = `${method} ${path}`;
    const b = (body ?? {}) as Record<string, unknown>;
    if (route === 'GET /session') return this.session ? json(200, this.session) : json(401, { error: 'sign in' });
    if (route === 'POST /session') {
      if (b.password !== 'right') return json(401, { error: 'no match' });
      this.session = { signedIn: true, who: String(b.name), role: 'admin', via: 'session' };
      return new Response(null, { status: 204 });
    }
    if (route === 'DELETE /session') {
      this.session = null;
      return new Response(null, { status: 204 });
    }
    if (route === 'POST /presence') return json(200, { you: 'maria', editing: [{ who: 'ana', seenAt: '' }], live: this.live, revision: this.revision });
    if (route === 'DELETE /presence') return new Response(null, { status: 204 });
    if (route === 'GET /catalog') return json(200, { slots: [], categories: [], segments: [], events: [], lists: [] });
    if (route === 'GET /results' || route === 'GET /results?view=fixed') return json(200, { campaigns: this.results });
    if (route === 'GET /library') return json(200, { items: [] });
    if (route === 'GET /slots/health') return json(200, this.health);
    if (route === 'GET /catalog/status') return json(200, this.catalog);
    if (route === 'POST /catalog/preview') return json(200, this.preview);
    if (route === 'PUT /catalog/feed?pull=1') {
      const feed = { url: String(b.url), everyHours: Number(b.everyHours) };
      this.catalog = { ...this.catalog, feed, items: this.catalog.items + this.pull.accepted, lastFeedPull: this.pull };
      return json(200, { feed, pulled: this.pull });
    }
    if (route === 'POST /catalog') return this.upload(raw);
    if (route === 'GET /audit?limit=50' || route === 'GET /audit') return json(200, { entries: this.audit });
    if (route === 'GET /draft') return json(200, { draft: this.draft, revision: this.revision, live: this.live, changed: this.changed });
    if (route === 'PUT /draft') {
      const base = Number(headers['if-match']);
      if (base !== this.revision) return json(409, { error: `draft: changed since revision ${base} (now ${this.revision})`, revision: this.revision });
      this.draft = body as SiteConfigInput;
      this.revision++;
      return json(200, { draft: this.draft, revision: this.revision, removed: [] });
    }
    if (route === 'GET /draft/changes') return json(200, { revision: this.revision, live: this.live, liveConfig: null, changes: [] });
    if (route === 'POST /publish') {
      if (b.draftRevision !== undefined && b.draftRevision !== this.revision)
        return json(409, { error: 'draftRevision: the draft changed since you reviewed it', revision: this.revision });
      if (b.baseVersion !== this.live) return json(409, { error: 'baseVersion: published meanwhile', live: this.live });
      return json(200, { version: this.publish(this.draft), publishedAt: new Date().toISOString() });
    }
    if (route === 'GET /versions')
      return json(200, {
        live: this.live,
        versions: this.versions.map((_, i) => ({ version: i + 1, publishedAt: '', by: 'maria', note: '', campaigns: 0, live: i + 1 === this.live })),
      });
    const version = /^GET \/versions\/(\d+)$/.exec(route);
    if (version) {
      const n = Number(version[1]);
      const { by, note } = this.published[n - 1]!;
      return json(200, { config: this.versions[n - 1], info: { version: n, publishedAt: '', by, note, campaigns: 0, live: n === this.live } });
    }
    if (route === 'POST /rollback') {
      const keptDraft = this.changed;
      if (keptDraft)
        this.kept.push({ id: this.kept.length + 1, at: new Date().toISOString(), who: 'maria', reason: `replaced by restoring version ${String(b.version)}`, draft: this.draft });
      const restored = this.versions[Number(b.version) - 1]!;
      const now = this.publish(restored);
      this.draft = restored;
      this.revision++;
      return json(200, { version: now, publishedAt: new Date().toISOString(), keptDraft });
    }
    if (route === 'GET /drafts') return json(200, { drafts: this.kept.map(({ draft, ...d }) => ({ ...d, campaigns: draft.campaigns.length })) });
    const kept = /^GET \/drafts\/(\d+)$/.exec(route);
    if (kept) return json(200, { draft: this.kept[Number(kept[1]) - 1]!.draft });
    return json(404, { error: `no route ${route}` });
  }

  /** A catalog upload, JSON Lines or a JSON array: lines without an id and a title are rejected. */
  private upload(text: string): Response {
    const lines: unknown[] = text.trimStart().startsWith('[')
      ? (JSON.parse(text) as unknown[])
      : text
          .split('\n')
          .filter((l) => l.trim())
          .map(parseBody);
    const report: CatalogLoadReport = { at: Date.now(), source: 'api', accepted: 0, rejected: 0, lines: [] };
    lines.forEach((item, i) => {
      if (typeof item === 'object' && item !== null && 'id' in item && 'title' in item) report.accepted++;
      else {
        report.rejected++;
        report.lines.push({ line: i + 1, reason: 'title: is required' });
      }
    });
    this.catalog = { ...this.catalog, items: this.catalog.items + report.accepted, lastLoad: report };
    return json(200, { ...report, items: this.catalog.items });
  }

  /** Publishes `config` as the next version (as if someone published it). */
  publish(config: SiteConfigInput, by = 'maria', note = ''): number {
    this.versions.push(structuredClone(config));
    this.published.push({ by, note });
    this.live = this.versions.length;
    return this.live;
  }

  /** The requests made to `METHOD /path`. */
  sent(route: string): Call[] {
    return this.calls.filter((c) => `${c.method} ${c.path}` === route);
  }
}

/** JSON bodies as objects; anything else (a catalog file) as the text sent. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** Puts `server` in front of an empty store, with timers the test controls (the autosave waits on them). */
export function serveFrom(server: FakeAdminApi): void {
  vi.stubGlobal('fetch', server.fetch);
  vi.useFakeTimers();
  forgetEverything();
}

/** Undoes serveFrom: real timers and globals again. */
export function stopServing(): void {
  vi.useRealTimers();
  vi.unstubAllGlobals();
}

/** An edit a test can make and recognise: the site's name. */
export const rename = (name: string) => edit((c) => ({ ...c, site: { ...c.site, name } }));
