/**
 * The Admin API client (api.ts) against a stubbed fetch: what it sends (paths, queries, headers,
 * bodies, credentials) and how it reads answers (a refusal as ApiError with the Worker's reason,
 * 204 as nothing, a network failure as status 0). The type checks at the end run in `tsc -b`:
 * the answers are the Worker's own types (AdminApp), never `any`.
 */
import type { SiteConfigInput } from '@slotwise/core';
import type { CampaignSummary } from '@slotwise/core/stats';
import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { type AnswerOf, ApiError, api } from './api.ts';
import { siteConfig } from './store/testing.ts';

/** Compiles only when `T` is not `any` (an `any` answer needs an argument, which no call gives). */
const notAny = <T>(..._: 0 extends 1 & T ? ['is any'] : []) => {};

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  credentials: RequestCredentials | undefined;
}

/** Answers every request with `answer` and records what was sent. */
function serve(answer: () => Response): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init: RequestInit = {}) => {
    sent.push({
      url: String(input),
      method: init.method ?? 'GET',
      headers: Object.fromEntries(new Headers(init.headers)),
      body: typeof init.body === 'string' ? init.body : undefined,
      credentials: init.credentials,
    });
    return answer();
  });
  return sent;
}

const json = (status: number, body: unknown) => () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reading answers', () => {
  it('a refusal becomes an ApiError with the status, the Worker’s reason, its issues and its body', async () => {
    serve(json(400, { error: 'campaigns[0].id: required', issues: ['campaigns[0].id: required', 'slots: empty'], revision: 4 }));
    const error = await api.saveDraft(siteConfig(), 3).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(400);
    expect((error as ApiError).message).toBe('campaigns[0].id: required');
    expect((error as ApiError).issues).toEqual(['campaigns[0].id: required', 'slots: empty']);
    expect((error as ApiError).body.revision).toBe(4);
  });

  it('a refusal without issues lists its reason as the one issue', async () => {
    serve(json(409, { error: 'draft: changed since revision 3 (now 4)' }));
    const error = (await api.publish('', null, 3).catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.issues]).toEqual([409, ['draft: changed since revision 3 (now 4)']]);
  });

  it('an error page that is not JSON (a proxy’s) is named by its status', async () => {
    serve(() => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }));
    const error = (await api.draft().catch((e: unknown) => e)) as ApiError;
    expect([error.status, error.message, error.body]).toEqual([502, 'HTTP 502', {}]);
  });

  it('a Worker that does not answer is status 0 with what to do', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')));
    const error = (await api.session().catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect([error.status, error.message]).toEqual([0, 'The Worker did not answer. Check that it is running, then try again.']);
  });

  it('a 204 resolves to nothing', async () => {
    serve(() => new Response(null, { status: 204 }));
    expect(await api.signOut()).toBeUndefined();
  });

  it('a 2xx resolves to the JSON the Worker sent', async () => {
    serve(json(200, { version: 7, publishedAt: '2026-12-06T10:00:00.000Z' }));
    expect(await api.publish('spring', 6, 12)).toEqual({ version: 7, publishedAt: '2026-12-06T10:00:00.000Z' });
  });
});

describe('what is sent', () => {
  it('saving the draft sends it as JSON with If-Match: its revision, with the session cookie', async () => {
    const sent = serve(json(200, { draft: siteConfig(), revision: 4, removed: [] }));
    await api.saveDraft(siteConfig({ site: { id: 'shop', name: 'Renamed' } }), 3);
    expect(sent).toEqual([
      {
        url: '/__sw/admin/draft',
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'if-match': '3' },
        body: JSON.stringify(siteConfig({ site: { id: 'shop', name: 'Renamed' } })),
        credentials: 'same-origin',
      },
    ]);
  });

  it('a catalog file goes as its own text with its own type, not as JSON', async () => {
    const sent = serve(json(200, { at: 1, source: 'api', accepted: 2, rejected: 0, lines: [], items: 2 }));
    const lines = '{"id":"a","title":"A"}\n{"id":"b","title":"B"}\n';
    await api.uploadCatalog(lines, 'application/jsonl');
    expect(sent[0]).toMatchObject({ url: '/__sw/admin/catalog', method: 'POST', headers: { 'content-type': 'application/jsonl' }, body: lines, credentials: 'same-origin' });
  });

  it('paths carry encoded names and the queries the routes read', async () => {
    const sent = serve(json(200, {}));
    await api.campaignResults('spring sale', 'fixed');
    await api.results();
    await api.changeAccount('ana maria', { role: 'editor' });
    await api.keptDraft(2);
    await api.version(5);
    await api.audit();
    await api.setCatalogFeed('https://shop.example/feed.jsonl', 6);
    expect(sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      'GET /__sw/admin/results/spring%20sale?view=fixed',
      'GET /__sw/admin/results',
      'PATCH /__sw/admin/accounts/ana%20maria',
      'GET /__sw/admin/drafts/2',
      'GET /__sw/admin/versions/5',
      'GET /__sw/admin/audit?limit=50',
      'PUT /__sw/admin/catalog/feed?pull=1',
    ]);
    expect(sent[2]!.body).toBe('{"role":"editor"}');
  });

  it('the results CSV link is the route the Worker serves it on, with the name encoded', () => {
    expect(api.resultsCsvPath('spring sale')).toBe('/__sw/admin/results/spring%20sale/csv');
  });
});

describe('the answers’ types come from the Worker’s app', () => {
  it('no route answers `any`', () => {
    // One by one: the union of every answer at once is more than tsc will expand.
    notAny<AnswerOf<'programme'>>();
    notAny<AnswerOf<'results'>>();
    notAny<AnswerOf<'campaignResults'>>();
    notAny<AnswerOf<'library'>>();
    notAny<AnswerOf<'saveLibrary'>>();
    notAny<AnswerOf<'session'>>();
    notAny<AnswerOf<'signIn'>>();
    notAny<AnswerOf<'signOut'>>();
    notAny<AnswerOf<'draft'>>();
    notAny<AnswerOf<'saveDraft'>>();
    notAny<AnswerOf<'publish'>>();
    notAny<AnswerOf<'draftChanges'>>();
    notAny<AnswerOf<'version'>>();
    notAny<AnswerOf<'keptDrafts'>>();
    notAny<AnswerOf<'keptDraft'>>();
    notAny<AnswerOf<'presence'>>();
    notAny<AnswerOf<'leave'>>();
    notAny<AnswerOf<'versions'>>();
    notAny<AnswerOf<'rollback'>>();
    notAny<AnswerOf<'audit'>>();
    notAny<AnswerOf<'catalog'>>();
    notAny<AnswerOf<'slotHealth'>>();
    notAny<AnswerOf<'catalogStatus'>>();
    notAny<AnswerOf<'uploadCatalog'>>();
    notAny<AnswerOf<'setCatalogFeed'>>();
    notAny<AnswerOf<'previewRecommendation'>>();
    notAny<AnswerOf<'sanitize'>>();
    notAny<AnswerOf<'accounts'>>();
    notAny<AnswerOf<'addAccount'>>();
    notAny<AnswerOf<'changeAccount'>>();
    notAny<AnswerOf<'removeAccount'>>();
    notAny<AnswerOf<'endSessions'>>();
  });

  it('answers are core’s types as the Worker sends them', () => {
    expectTypeOf<AnswerOf<'draft'>['draft']>().toExtend<SiteConfigInput>();
    expectTypeOf<Omit<AnswerOf<'draft'>, 'draft'>>().toEqualTypeOf<{ revision: number; live: number | null; changed: boolean }>();
    expectTypeOf<AnswerOf<'publish'>>().toEqualTypeOf<{ version: number; publishedAt: string }>();
    expectTypeOf<AnswerOf<'results'>['campaigns'][number]>().toExtend<CampaignSummary>();
    expectTypeOf<AnswerOf<'catalogStatus'>['items']>().toEqualTypeOf<number>();
    expectTypeOf<AnswerOf<'signOut'>>().toEqualTypeOf<undefined>();
  });

  it('requests are checked against the routes’ inputs', () => {
    expectTypeOf(api.saveDraft).parameter(0).toExtend<SiteConfigInput>();
    expectTypeOf(api.previewRecommendation).parameter(0).toHaveProperty('recommend');
  });
});
