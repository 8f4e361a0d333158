import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedSinceLive, liveVersion, loadDraft } from './draft.ts';
import { notices } from './notices.ts';
import { publishDraft, reviewDraft } from './publish.ts';
import { FakeAdminApi, rename, serveFrom, stopServing } from './testing.ts';

let server: FakeAdminApi;
beforeEach(async () => {
  server = new FakeAdminApi();
  serveFrom(server);
  await loadDraft();
});
afterEach(stopServing);

describe('publishing', () => {
  it('saves what is typed before the review, and publishes the reviewed revision', async () => {
    rename('Northwind');
    const review = await reviewDraft();
    expect(server.draft.site.name).toBe('Northwind');
    expect(review.draft.site.name).toBe('Northwind');
    const outcome = await publishDraft('  renamed  ', review);
    expect(outcome).toEqual({ ok: true, version: 1 });
    expect(server.sent('POST /publish')[0]!.body).toEqual({ note: 'renamed', baseVersion: null, draftRevision: review.changes.revision });
    expect(liveVersion.value).toBe(1);
    expect(changedSinceLive.value).toBe(false);
    expect(notices.value.at(-1)?.text).toMatch(/^Version 1 is live/);
  });

  it('a draft changed after the review is refused (409) and the fresh review comes back', async () => {
    const review = await reviewDraft();
    server.saveAs('ana', (d) => ({ ...d, site: { ...d.site, name: 'Theirs' } }));
    const outcome = await publishDraft('', review);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.error).toMatch(/changed while you were reviewing/);
    expect(outcome.review?.changes.revision).toBe(server.revision);
    expect(outcome.review?.draft.site.name).toBe('Theirs');
    expect(server.live).toBeNull();
  });

  it('someone else published meanwhile (409): the draft is kept and the live version is the new one', async () => {
    const review = await reviewDraft();
    server.overrides.set('POST /publish', { status: 409, body: { error: 'baseVersion: published meanwhile', live: 3 } });
    rename('Mine');
    const outcome = await publishDraft('', review);
    expect(outcome).toEqual({ ok: false, error: expect.stringMatching(/Someone else published version 3/) });
    expect(liveVersion.value).toBe(3);
    expect(changedSinceLive.value).toBe(true);
  });

  it('does not review a draft the server would not save', async () => {
    server.overrides.set('PUT /draft', { status: 500, body: { error: 'disk full' } });
    rename('Northwind');
    await expect(reviewDraft()).rejects.toThrow('the draft could not be saved: disk full');
    expect(server.sent('GET /draft/changes')).toHaveLength(0);
  });
});
