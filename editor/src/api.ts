/**
 * The Admin API as the editor calls it (docs/admin-api.md). Same origin, session cookie; a
 * refusal becomes an ApiError carrying the server's reason, so screens can show it as is.
 */
import type { CatalogItem, DraftChanges, Recommend, SiteConfigInput, Strategy } from '@slotwise/core';
import type { RecentItems } from '@slotwise/core/profile';
import type { RejectedLine } from '@slotwise/core/recommend';
import type { CampaignDetail, CampaignSummary, RecoArmResult, ResultsView } from '@slotwise/core/stats';
import type { Account, AdminSession, AuditEntry, LibraryItem, ProgrammeView, Removal, Role, VersionInfo } from '@slotwise/core/protocol';

export type { AuditEntry, LibraryItem, Removal, RejectedLine, VersionInfo };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
  get issues(): string[] {
    return Array.isArray(this.body.issues) ? (this.body.issues as string[]) : [this.message];
  }
}

export const BASE = '/__sw/admin';

/** A body sent as it is (a catalog file), not as JSON. */
export class RawBody {
  constructor(
    readonly text: string,
    readonly type: string,
  ) {}
}

async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const init: RequestInit = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (body instanceof RawBody) {
    init.body = body.text;
    (init.headers as Record<string, string>)['content-type'] = body.type;
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(`${BASE}${path}`, init);
  } catch {
    throw new ApiError(0, 'The Worker did not answer. Check that it is running, then try again.', {});
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // A non-JSON answer (a proxy's error page) is reported by its status below.
  }
  if (!response.ok) throw new ApiError(response.status, typeof json.error === 'string' ? json.error : `HTTP ${response.status}`, json);
  return json as T;
}

/** Roles, each with everything the one before may do (core roles.ts; enforced in worker/src/admin/roles.ts). */
export type { Account, Role } from '@slotwise/core/protocol';
export type Session = AdminSession;

export interface DraftState {
  draft: SiteConfigInput;
  revision: number;
  live: number | null;
  changed: boolean;
}
export interface Catalog {
  slots: { name: string; pages?: string[] }[];
  categories: string[];
  segments: { id: string; description: string }[];
  events: string[];
  lists: string[];
  /** Event types visitors' browsers have actually sent (absent from older Workers). */
  seenEvents?: string[];
}

/**
 * The product catalog's state (GET /catalog/status): what recommendations are filled from. The
 * Worker's shapes (worker/src/objects/catalog-store.ts), as the Admin API sends them.
 */
export interface CatalogFeed {
  url: string;
  everyHours: number;
}
/** One load of products: an upload (`api`) or a feed pull (`feed`); `at` in ms since the epoch. */
export interface CatalogLoadReport {
  at: number;
  source: 'api' | 'feed';
  accepted: number;
  rejected: number;
  /** The first rejected lines, with why. */
  lines: RejectedLine[];
  /** Why the load stopped (a feed that did not answer, a body that is not JSON). */
  error?: string;
}
export interface CatalogStatus {
  items: number;
  feed: CatalogFeed | null;
  lastLoad: CatalogLoadReport | null;
  lastFeedPull: CatalogLoadReport | null;
}
/** What an upload did (POST /catalog): its report and the catalog's size after it. */
export type CatalogUploadReport = CatalogLoadReport & { items: number };
/** The products a recommendation shows a visitor (POST /catalog/preview). */
export interface RecommendationPreview {
  strategy: Strategy;
  items: CatalogItem[];
  category: string;
  /** Products in the catalog (0: nothing loaded yet). */
  catalog: number;
}
/** The visitor a preview is for: what recommendations read of a profile, and the page. */
export interface RecommendationPreviewRequest {
  recommend: Recommend;
  interests: Record<string, number>;
  items?: RecentItems;
  /** The page's path: its product is the one "leave out the product on this page" means. */
  path: string;
}

/** One campaign's results; a campaign with recommendation variants adds what their clicks did, per arm. */
export type CampaignResultsDetail = CampaignDetail & { recommendations?: RecoArmResult[] };

/** What a publish would change, field by field (GET /draft/changes): core's shape, as the Worker sends it. */
export type { DraftChange, DraftChanges } from '@slotwise/core';
/** Per element slot and UTC day: page loads where its pattern matched, and those where its selector found nothing (GET /slots/health). */
export interface SlotHealthReport {
  slots: { slot: string; days: { day: string; loads: number; missing: number }[] }[];
}
export interface KeptDraft {
  id: number;
  at: string;
  who: string;
  reason: string;
  campaigns: number;
}

export const api = {
  programme: () => call<ProgrammeView>('GET', '/programme'),
  /** `view`: always-valid intervals (`sequential`, the default) or fixed-horizon ones. */
  results: (view: ResultsView = 'sequential') =>
    call<{ campaigns: CampaignSummary[]; filtered?: { botBatches: number; botEvents: number } }>('GET', `/results${view === 'fixed' ? '?view=fixed' : ''}`),
  campaignResults: (id: string, view: ResultsView = 'sequential') =>
    call<CampaignResultsDetail>('GET', `/results/${encodeURIComponent(id)}${view === 'fixed' ? '?view=fixed' : ''}`),
  library: () => call<{ items: LibraryItem[] }>('GET', '/library'),
  saveLibrary: (items: LibraryItem[]) => call<{ items: LibraryItem[]; removed: Removal[] }>('PUT', '/library', { items }),
  session: () => call<Session>('GET', '/session'),
  signIn: (name: string, password: string) => call<void>('POST', '/session', { name, password }),
  signOut: () => call<void>('DELETE', '/session'),
  draft: () => call<DraftState>('GET', '/draft'),
  saveDraft: (draft: SiteConfigInput, revision: number) =>
    call<{ draft: SiteConfigInput; revision: number; removed: Removal[] }>('PUT', '/draft', draft, { 'if-match': String(revision) }),
  publish: (note: string, baseVersion: number | null, draftRevision: number) =>
    call<{ version: number; publishedAt: string }>('POST', '/publish', { note, baseVersion, draftRevision }),
  draftChanges: () => call<DraftChanges>('GET', '/draft/changes'),
  version: (version: number) => call<{ config: SiteConfigInput; info: VersionInfo }>('GET', `/versions/${version}`),
  keptDrafts: () => call<{ drafts: KeptDraft[] }>('GET', '/drafts'),
  keptDraft: (id: number) => call<{ draft: SiteConfigInput }>('GET', `/drafts/${id}`),
  presence: () => call<{ you: string; editing: { who: string; seenAt: string }[] }>('POST', '/presence', {}),
  leave: () => call<void>('DELETE', '/presence'),
  versions: () => call<{ live: number | null; versions: VersionInfo[] }>('GET', '/versions'),
  rollback: (version: number) => call<{ version: number; publishedAt: string; keptDraft?: boolean }>('POST', '/rollback', { version }),
  audit: () => call<{ entries: AuditEntry[] }>('GET', '/audit?limit=50'),
  catalog: () => call<Catalog>('GET', '/catalog'),
  slotHealth: () => call<SlotHealthReport>('GET', '/slots/health'),
  catalogStatus: () => call<CatalogStatus>('GET', '/catalog/status'),
  uploadCatalog: (text: string, type: 'application/json' | 'application/jsonl') => call<CatalogUploadReport>('POST', '/catalog', new RawBody(text, type)),
  setCatalogFeed: (url: string, everyHours: number) => call<{ feed: CatalogFeed; pulled?: CatalogLoadReport }>('PUT', '/catalog/feed?pull=1', { url, everyHours }),
  previewRecommendation: (request: RecommendationPreviewRequest) => call<RecommendationPreview>('POST', '/catalog/preview', request),
  sanitize: (html: string) => call<{ html: string; removed: string[] }>('POST', '/sanitize', { html }),
  accounts: () => call<{ accounts: Account[]; roles: Role[] }>('GET', '/accounts'),
  addAccount: (name: string, role: Role, password: string) => call<{ name: string; role: Role }>('POST', '/accounts', { name, role, password }),
  changeAccount: (name: string, change: { role?: Role; password?: string }) => call<{ name: string }>('PATCH', `/accounts/${encodeURIComponent(name)}`, change),
  removeAccount: (name: string) => call<void>('DELETE', `/accounts/${encodeURIComponent(name)}`),
  endSessions: (name: string) => call<{ name: string; ended: number }>('DELETE', `/accounts/${encodeURIComponent(name)}/sessions`),
};
