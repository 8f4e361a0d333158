import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conflict, draft, edit, flushSave, loadDraft, resolveConflict, revision, saveState } from './draft.ts';
import { notices } from './notices.ts';
import { signedIn, who } from './session.ts';
import { FakeAdminApi, rename, serveFrom, stopServing } from './testing.ts';

let server: FakeAdminApi;
beforeEach(async () => {
  server = new FakeAdminApi();
  serveFrom(server);
  signedIn({ signedIn: true, who: 'maria', role: 'admin', via: 'session' });
  await loadDraft();
});
afterEach(stopServing);

describe('editing the draft', () => {
  it('is pending at once, then saved after a short pause with the revision it was read at', async () => {
    rename('Northwind');
    expect(saveState.value).toBe('pending');
    expect(server.sent('PUT /draft')).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    await flushSave();
    expect(saveState.value).toBe('saved');
    expect(server.sent('PUT /draft')[0]!.headers['if-match']).toBe('1');
    expect(server.draft.site.name).toBe('Northwind');
    expect(revision.value).toBe(2);
  });

  it('does not save a draft that fails validation, and says it is invalid', async () => {
    edit((c) => ({ ...c, campaigns: [{ id: 'x', name: 'X', status: 'live', priority: 1, slots: ['nowhere'], variants: [] }] as unknown as typeof c.campaigns }));
    expect(saveState.value).toBe('invalid');
    await vi.advanceTimersByTimeAsync(2000);
    expect(server.sent('PUT /draft')).toHaveLength(0);
  });

  it('a session that ended (401) signs the person out', async () => {
    server.overrides.set('PUT /draft', { status: 401, body: { error: 'sign in' } });
    rename('Northwind');
    await flushSave();
    expect(saveState.value).toBe('error');
    expect(who.value).toBeNull();
  });
});

describe('someone else saved meanwhile (409)', () => {
  it('keeps my edits on top of theirs when we changed different fields, and saves both', async () => {
    server.saveAs('ana', (d) => ({ ...d, audiences: [...d.audiences, { id: 'fr', name: 'France', condition: { 'geo.country': 'FR' } }] }));
    rename('Mine');
    await flushSave();
    expect(saveState.value).toBe('saved');
    expect(server.draft.site.name).toBe('Mine');
    expect(server.draft.audiences.map((a) => a.id)).toEqual(['de', 'fr']);
    expect(draft.value).toEqual(server.draft);
    expect(notices.value.map((n) => n.text).join(' ')).toContain('ana saved changes to the draft meanwhile');
  });

  it('waits for a choice when we changed the same field; choosing mine saves mine', async () => {
    server.saveAs('ana', (d) => ({ ...d, site: { ...d.site, name: 'Theirs' } }));
    rename('Mine');
    await flushSave();
    expect(saveState.value).toBe('conflict');
    expect(conflict.value?.by).toBe('ana');
    expect(conflict.value?.conflicts.map((c) => c.path)).toEqual([['site', 'name']]);
    expect(server.draft.site.name).toBe('Theirs');
    await resolveConflict([true]);
    expect(saveState.value).toBe('saved');
    expect(conflict.value).toBeNull();
    expect(server.draft.site.name).toBe('Mine');
  });

  it('choosing theirs keeps theirs, and my other edits still', async () => {
    server.saveAs('ana', (d) => ({ ...d, site: { ...d.site, name: 'Theirs' } }));
    edit((c) => ({ ...c, site: { ...c.site, name: 'Mine' }, slots: [...c.slots, { name: 'promo' }] }));
    await flushSave();
    await resolveConflict([false]);
    expect(server.draft.site.name).toBe('Theirs');
    expect(server.draft.slots.map((s) => s.name)).toEqual(['hero', 'promo']);
  });
});
