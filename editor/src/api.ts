/**
 * The Admin API as the editor calls it (docs/admin-api.md). Same origin, session cookie; a
 * refusal becomes an ApiError carrying the server's reason, so screens can show it as is.
 * Paths, inputs and answers are typed by the Worker's own app (`AdminApp`, through Hono's typed
 * client): a route that changes what it sends breaks the editor's typecheck, not the editor.
 */
import type { ResultsView } from '@slotwise/core/stats';
import type { LibraryItem, Role } from '@slotwise/core/protocol';
import { type ClientResponse, type InferRequestType, hc } from 'hono/client';
import type { JSONValue } from 'hono/utils/types';
import type { AdminApp } from '../../worker/src/admin/app.ts';

export type { AuditEntry, LibraryItem, Removal, VersionInfo } from '@slotwise/core/protocol';
export type { RejectedLine } from '@slotwise/core/recommend';
/** Roles, each with everything the one before may do (core roles.ts; enforced in worker/src/admin/roles.ts). */
export type { Account, Role } from '@slotwise/core/protocol';
/** What a publish would change, field by field (GET /draft/changes): core's shape, as the Worker sends it. */
export type { DraftChange, DraftChanges } from '@slotwise/core';

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

const BASE = '/__sw/admin';

const admin = hc<AdminApp>(BASE, { init: { credentials: 'same-origin' } });

/** What a route answers when it succeeds: its JSON, or nothing for a 204. */
type Answer<R> = R extends ClientResponse<infer T, number, infer F> ? (F extends 'json' ? FromJson<T> : undefined) : never;

/**
 * Hono types a JSON answer with each optional field `| undefined`. JSON has no undefined: a field
 * is there or not, which is what core's types say under `exactOptionalPropertyTypes`. This takes
 * the `| undefined` back out, so the Worker's answers are core's own types again.
 */
type FromJson<T> = [JSONValue] extends [T]
  ? T // any JSON (a condition's value): nothing to take out, and no end to expanding it
  : T extends string | number | boolean | null
    ? T
    : T extends readonly unknown[]
      ? { [K in keyof T]: FromJson<T[K]> }
      : { [K in keyof T]: FromJson<Exclude<T[K], undefined>> };

/** Sends one request; anything but a 2xx becomes an ApiError with the Worker's reason. */
async function call<R extends ClientResponse<unknown, number, string>>(request: () => Promise<R>): Promise<Answer<R>> {
  let response: R;
  try {
    response = await request();
  } catch {
    throw new ApiError(0, 'The Worker did not answer. Check that it is running, then try again.', {});
  }
  if (response.status === 204) return undefined as Answer<R>;
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // A non-JSON answer (a proxy's error page) is reported by its status below.
  }
  if (!response.ok) throw new ApiError(response.status, typeof json.error === 'string' ? json.error : `HTTP ${response.status}`, json);
  // The Worker's app says what a 2xx carries (AdminApp); the bytes are its answer.
  return json as Answer<R>;
}

/** `view`: always-valid intervals (`sequential`, the default) or fixed-horizon ones. */
const viewQuery = (view: ResultsView) => (view === 'fixed' ? { view } : {});

/** The visitor a preview is for: what recommendations read of a profile, and the page. */
export type RecommendationPreviewRequest = InferRequestType<typeof admin.catalog.preview.$post>['json'];

export const api = {
  programme: () => call(() => admin.programme.$get()),
  results: (view: ResultsView = 'sequential') => call(() => admin.results.$get({ query: viewQuery(view) })),
  campaignResults: (id: string, view: ResultsView = 'sequential') =>
    call(() => admin.results[':campaign'].$get({ param: { campaign: encodeURIComponent(id) }, query: viewQuery(view) })),
  /** The campaign's daily results as CSV, for a download link: the path as the Worker's app types it. */
  resultsCsvPath: (id: string) => BASE + admin.results[':campaign'].csv.$path({ param: { campaign: encodeURIComponent(id) } }),
  library: () => call(() => admin.library.$get()),
  saveLibrary: (items: LibraryItem[]) => call(() => admin.library.$put({ json: { items } })),
  session: () => call(() => admin.session.$get()),
  signIn: (name: string, password: string) => call(() => admin.session.$post({ json: { name, password } })),
  signOut: () => call(() => admin.session.$delete()),
  draft: () => call(() => admin.draft.$get()),
  // `If-Match`: the revision this draft was made from; a save over someone else's is refused (409).
  saveDraft: (draft: InferRequestType<typeof admin.draft.$put>['json'], revision: number) =>
    call(() => admin.draft.$put({ json: draft }, { headers: { 'if-match': String(revision) } })),
  publish: (note: string, baseVersion: number | null, draftRevision: number) => call(() => admin.publish.$post({ json: { note, baseVersion, draftRevision } })),
  draftChanges: () => call(() => admin.draft.changes.$get()),
  version: (version: number) => call(() => admin.versions[':version{[0-9]+}'].$get({ param: { version: String(version) } })),
  keptDrafts: () => call(() => admin.drafts.$get()),
  keptDraft: (id: number) => call(() => admin.drafts[':id{[0-9]+}'].$get({ param: { id: String(id) } })),
  presence: () => call(() => admin.presence.$post({}, { headers: { 'content-type': 'application/json' }, init: { body: '{}' } })),
  leave: () => call(() => admin.presence.$delete()),
  versions: () => call(() => admin.versions.$get()),
  rollback: (version: number) => call(() => admin.rollback.$post({ json: { version } })),
  audit: () => call(() => admin.audit.$get({ query: { limit: '50' } })),
  catalog: () => call(() => admin.catalog.$get()),
  slotHealth: () => call(() => admin.slots.health.$get()),
  catalogStatus: () => call(() => admin.catalog.status.$get()),
  // A catalog file goes as it is (a JSON array or JSON Lines), with its own type.
  uploadCatalog: (text: string, type: 'application/json' | 'application/jsonl') => call(() => admin.catalog.$post({}, { headers: { 'content-type': type }, init: { body: text } })),
  setCatalogFeed: (url: string, everyHours: number) => call(() => admin.catalog.feed.$put({ json: { url, everyHours }, query: { pull: '1' } })),
  previewRecommendation: (request: RecommendationPreviewRequest) => call(() => admin.catalog.preview.$post({ json: request })),
  sanitize: (html: string) => call(() => admin.sanitize.$post({ json: { html } })),
  accounts: () => call(() => admin.accounts.$get()),
  addAccount: (name: string, role: Role, password: string) => call(() => admin.accounts.$post({ json: { name, role, password } })),
  changeAccount: (name: string, change: { role?: Role; password?: string }) =>
    call(() => admin.accounts[':name'].$patch({ param: { name: encodeURIComponent(name) }, json: change })),
  removeAccount: (name: string) => call(() => admin.accounts[':name'].$delete({ param: { name: encodeURIComponent(name) } })),
  endSessions: (name: string) => call(() => admin.accounts[':name'].sessions.$delete({ param: { name: encodeURIComponent(name) } })),
};

/** What `api.<name>()` resolves to: the Worker's answer, as its app types it. */
export type AnswerOf<K extends keyof typeof api> = Awaited<ReturnType<(typeof api)[K]>>;

export type Session = AnswerOf<'session'>;
export type DraftState = AnswerOf<'draft'>;
export type Catalog = AnswerOf<'catalog'>;
/** The product catalog's state (GET /catalog/status): what recommendations are filled from. */
export type CatalogStatus = AnswerOf<'catalogStatus'>;
export type CatalogFeed = NonNullable<CatalogStatus['feed']>;
/** One load of products: an upload (`api`) or a feed pull (`feed`); `at` in ms since the epoch. */
export type CatalogLoadReport = NonNullable<CatalogStatus['lastLoad']>;
/** What an upload did (POST /catalog): its report and the catalog's size after it. */
export type CatalogUploadReport = AnswerOf<'uploadCatalog'>;
/** The products a recommendation shows a visitor (POST /catalog/preview). */
export type RecommendationPreview = AnswerOf<'previewRecommendation'>;
/** One campaign's results; a campaign with recommendation variants adds what their clicks did, per arm. */
export type CampaignResultsDetail = AnswerOf<'campaignResults'>;
/** Per element slot and UTC day: page loads where its pattern matched, and those where its selector found nothing (GET /slots/health). */
export type SlotHealthReport = AnswerOf<'slotHealth'>;
export type KeptDraft = AnswerOf<'keptDrafts'>['drafts'][number];
