/**
 * What keeps editors from losing work or publishing what they have not seen (issue 17): the
 * draft's changes credited to who made them, publishing only the reviewed draft revision,
 * restores that keep the replaced draft, presence; and results that outlive the live config.
 */
import type { SiteConfigInput } from '@slotwise/core';
import type { CampaignDetail, CampaignSummary } from '@slotwise/core/stats';
import { beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../packages/core/src/testing.ts';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { call, html, htmlPage, stubOrigin, resetPublishedState } from '../harness.ts';
import { resetIdentity, signInAs } from '../identity-harness.ts';

const PASSWORD = 'test-admin-password';
const SITE = 'https://shop.test';
const KEY = { authorization: `Bearer ${PASSWORD}` };
const JSON_TYPE = { 'content-type': 'application/json' };
let siteId = '';
let n = 0;

const api = (path: string, init: RequestInit = {}) => call(`/__sw/admin${path}`, init);
const post = (path: string, body: unknown = {}, headers: Record<string, string> = KEY) =>
  api(path, { method: 'POST', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
const put = (config: unknown, headers: Record<string, string> = KEY) => api('/draft', { method: 'PUT', headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(config) });
const json = async <T>(r: Response | Promise<Response>) => (await (await r).json()) as T;

/** A signed-in publisher named `name` (an account made with the admin key the first time). */
async function session(name: string): Promise<Record<string, string>> {
  const added = await post('/accounts', { name, role: 'publisher', password: `password-of-${name}` });
  expect([201, 409]).toContain(added.status);
  return { cookie: await signInAs(name, `password-of-${name}`), origin: SITE };
}

type Campaign = SiteConfigInput['campaigns'][number];
const campaign = (id: string, over: Partial<Campaign> = {}): Campaign => ({
  id,
  name: `Campaign ${id}`,
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'a', name: 'Variant A', content: { hero: { kind: 'text', body: `Hello ${id}` } } }],
  ...over,
});
const config = (...campaigns: Campaign[]) => testConfig({ site: { id: siteId }, campaigns });

beforeEach(async () => {
  resetCollectLimits();
  siteId = `trust-${Date.now()}-${++n}`;
  await resetPublishedState();
  await resetIdentity();
  stubOrigin(() => html(htmlPage('<div data-slot="hero">Default hero</div>')));
});

type Changes = {
  revision: number;
  live: number | null;
  changes: { path: unknown[]; before: unknown; after: unknown; label: { thing: string; field: string }; by: { who: string; at: string } | null }[];
};

describe('the draft changes a publish would make', () => {
  it('lists each changed field against the live version, credited to who changed it and when', async () => {
    await put(config(campaign('fr-hero', { name: 'France hero' })));
    await post('/publish');
    const bob = await session('Bob');
    const maria = await session('Maria');
    const byBob = config(campaign('fr-hero', { name: 'France hero', holdoutPct: 20 }));
    expect((await put(byBob, bob)).status).toBe(200);
    const byMaria = config(campaign('fr-hero', { name: 'France hero', holdoutPct: 20, status: 'paused' }), campaign('de-hero', { name: 'Germany hero', status: 'draft' }));
    expect((await put(byMaria, maria)).status).toBe(200);

    const found = await json<Changes>(api('/draft/changes', { headers: KEY }));
    expect(found.live).toBe(1);
    expect(found.changes.map((c) => [c.label.thing, c.label.field, c.before, c.after, c.by?.who])).toEqual([
      ['France hero', 'status', 'live', 'paused', 'Maria'],
      ['France hero', 'control group', 0, 20, 'Bob'],
      ['Germany hero', '', undefined, expect.objectContaining({ id: 'de-hero' }), 'Maria'],
    ]);
    expect(Date.parse(found.changes[0]!.by!.at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('publishes only the draft revision the person reviewed: a save since then gets 409 and nothing is published', async () => {
    await put(config(campaign('a')));
    await post('/publish');
    await put(config(campaign('a', { name: 'Reviewed' })));
    const reviewed = await json<Changes>(api('/draft/changes', { headers: KEY }));
    // Someone saves after the review.
    await put(config(campaign('a', { name: 'Not reviewed' })));
    const refused = await post('/publish', { draftRevision: reviewed.revision });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/^draftRevision: the draft changed since you reviewed it/), revision: reviewed.revision + 1 });
    expect((await json<{ versions: unknown[] }>(api('/versions', { headers: KEY }))).versions).toHaveLength(1);

    const again = await json<Changes>(api('/draft/changes', { headers: KEY }));
    expect((await post('/publish', { draftRevision: again.revision })).status).toBe(200);
    expect(await post('/publish', { draftRevision: 'x' }).then((r) => r.status)).toBe(400);
  });
});

describe('restoring a version', () => {
  it('keeps a draft with unpublished changes, restorable; a draft equal to the live version is not kept', async () => {
    await put(config(campaign('a', { name: 'One' })));
    await post('/publish');
    await put(config(campaign('a', { name: 'Two' })));
    await post('/publish');
    // Restoring with nothing unpublished keeps nothing.
    expect(await json(post('/rollback', { version: 1 }))).toMatchObject({ keptDraft: false });
    const unpublished = config(campaign('a', { name: 'Work in progress' }));
    await put(unpublished);
    expect(await json(post('/rollback', { version: 2 }))).toMatchObject({ version: 4, keptDraft: true });
    const kept = await json<{ drafts: { id: number; reason: string; campaigns: number }[] }>(api('/drafts', { headers: KEY }));
    expect(kept.drafts).toEqual([expect.objectContaining({ reason: 'replaced by restoring version 2', campaigns: 1 })]);
    const restored = await json<{ draft: SiteConfigInput }>(api(`/drafts/${kept.drafts[0]!.id}`, { headers: KEY }));
    expect(restored.draft.campaigns[0]!.name).toBe('Work in progress');
    expect((await api('/drafts/999', { headers: KEY })).status).toBe(404);
  });
});

describe('presence', () => {
  it('tells each editor who else has the editor open', async () => {
    const bob = await session('Bob');
    const maria = await session('Maria');
    expect(await json(post('/presence', {}, bob))).toEqual({ you: 'Bob', editing: [], live: null, revision: 0 });
    const seen = await json<{ editing: { who: string; seenAt: string }[] }>(post('/presence', {}, maria));
    expect(seen.editing.map((p) => p.who)).toEqual(['Bob']);
    await api('/presence', { method: 'DELETE', headers: bob });
    expect((await json<{ editing: unknown[] }>(post('/presence', {}, maria))).editing).toEqual([]);
  });

  it('says what is live and which draft revision is saved, so an open editor learns of a publish or a save it did not make', async () => {
    const bob = await session('Bob');
    type Beat = { live: number | null; revision: number };
    expect(await json<Beat>(post('/presence', {}, bob))).toMatchObject({ live: null, revision: 0 });
    await put(config(campaign('fr-hero')));
    expect(await json<Beat>(post('/presence', {}, bob))).toMatchObject({ live: null, revision: 1 });
    await post('/publish');
    const published = await json<Beat>(post('/presence', {}, bob));
    expect(published.live).toBe(1);
    expect(published.revision).toBeGreaterThan(1);
  });
});

type Event = { id: string; type: string; ts: number; props?: Record<string, string | number> };
async function send(visitor: string, events: Event[], userAgent = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0'): Promise<void> {
  const r = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, cookie: `sw_consent=granted; sw_id=${`visitor-${visitor}-`.padEnd(22, '0')}` },
  });
  expect(r.status).toBe(202);
}
const exposure = (campaignId: string, id: string): Event => ({
  id: `evt-${siteId}-${id}`,
  type: 'exposure',
  ts: Date.now() - 1000,
  props: { campaign: campaignId, variant: 'a', slot: 'hero' },
});

describe('results outlive the live config', () => {
  it('a removed campaign stays listed, readable and exportable, with the versions it ran in', async () => {
    await put(
      config(
        campaign('keep'),
        campaign('gone', { name: 'Gone hero', priority: 2, slots: ['banner'], variants: [{ id: 'a', name: 'A', content: { banner: { kind: 'text', body: 'x' } } }] }),
      ),
    );
    await post('/publish');
    await send('ann', [exposure('gone', '1')]);
    await put(config(campaign('keep')));
    await post('/publish');
    const list = await json<{ campaigns: CampaignSummary[] }>(api('/results', { headers: KEY }));
    expect(list.campaigns.map((c) => [c.id, c.lifecycle, c.versions])).toEqual([
      ['keep', 'live', [1, 2]],
      ['gone', 'removed', [1]],
    ]);
    const detail = await api('/results/gone', { headers: KEY });
    expect(detail.status).toBe(200);
    expect((await detail.json()) as CampaignDetail).toMatchObject({ name: 'Gone hero', lifecycle: 'removed', arms: [expect.objectContaining({ id: 'a', exposed: 1 })] });
    const csv = await api('/results/gone/csv', { headers: KEY });
    expect(csv.status).toBe(200);
    expect(await csv.text()).toMatch(/^day,arm,exposed,converted,conversions,value\r\n\d{4}-\d\d-\d\d,a,1,0,0,0\r\n$/);
    // A campaign never exposed and never live is still unknown.
    expect((await api('/results/never', { headers: KEY })).status).toBe(404);
  });

  it('a campaign a restore took out is reported as rolled back', async () => {
    await put(config(campaign('base')));
    await post('/publish');
    await put(config(campaign('base'), campaign('tried', { priority: 2 })));
    await post('/publish');
    await send('bo', [exposure('tried', '2')]);
    await post('/rollback', { version: 1 });
    const list = await json<{ campaigns: CampaignSummary[] }>(api('/results', { headers: KEY }));
    expect(list.campaigns.find((c) => c.id === 'tried')).toMatchObject({ lifecycle: 'rolled-back', versions: [2], arms: [expect.objectContaining({ exposed: 1 })] });
  });

  it('says how many events were filtered as bot traffic', async () => {
    await put(config(campaign('base')));
    await post('/publish');
    await send('crawler', [exposure('base', '3'), exposure('base', '4')], 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)');
    await expect
      .poll(async () => (await json<{ filtered: { botEvents: number; botBatches: number } }>(api('/results', { headers: KEY }))).filtered)
      .toEqual({ botBatches: 1, botEvents: 2 });
  });
});
