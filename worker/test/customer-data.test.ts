/**
 * Customer data from a CRM: ID lists (hashed into the config, matched at the edge for visitors
 * who were identified) and traits (for the Decide API), with the same checks as any Admin API
 * write — and identifying a visitor never moves them to another experiment arm.
 */
import { type SiteConfigInput, idHash } from '@slotwise/core';
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../src/config-store.ts';
import { siteConfig } from './fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from './harness.ts';

const ADMIN = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
const DECIDE = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const admin = (path: string, method: string, body?: unknown) => call(`/__sw/admin${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const VIP: SiteConfigInput['campaigns'][number] = {
  id: 'vip', name: 'VIP', status: 'live', priority: 1, audience: 'vips', slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'Hello, VIP' } } }],
};
let version = 900;

beforeEach(async () => {
  resetConfigCache();
  await runInDurableObject(env.PUBLISHER.get(env.PUBLISHER.idFromName('site')), (_, state) => {
    state.storage.sql.exec('DELETE FROM state');
  });
  await publish(siteConfig(++version));
  stubOrigin(() => html(htmlPage('<section data-slot="hero">Default hero</section><div data-slot="promo">Default promo</div>')));
});
afterEach(() => vi.restoreAllMocks());

async function publishWithList(): Promise<void> {
  expect((await admin('/lists/vip-customers', 'PUT', { ids: ['cust-1', 'cust-2', 'cust-2'] })).status).toBe(200);
  const { draft } = await (await admin('/draft', 'GET')).json() as { draft: SiteConfigInput };
  const next = { ...draft, audiences: [...draft.audiences, { id: 'vips', name: 'VIP customers', condition: { 'user.idHash': { $inGroup: 'vip-customers' } } }], campaigns: [...draft.campaigns, VIP] };
  expect((await admin('/draft', 'PUT', next)).status).toBe(200);
  expect((await admin('/publish', 'POST', {})).status).toBe(200);
  resetConfigCache();
}

describe('ID lists', () => {
  it('are stored hashed in the draft, and personalize identified visitors in them at the edge', async () => {
    const saved = await admin('/lists/vip-customers', 'PUT', { ids: ['cust-1', 'cust-2'] });
    expect(await saved.json()).toMatchObject({ name: 'vip-customers', size: 2, live: false });
    const { draft } = await (await admin('/draft', 'GET')).json() as { draft: SiteConfigInput };
    expect(draft.savedGroups?.['vip-customers']).toEqual([idHash('cust-1'), idHash('cust-2')].sort());
    expect(JSON.stringify(draft)).not.toContain('cust-1');

    await publishWithList();
    const page = (cookie: string) => call('/', { headers: { cookie } }).then((r) => r.text());
    const consent = 'sw_consent=granted; sw_id=visitor-list-000000001';
    expect(slot(await page(`${consent}; sw_uid=cust-1`), 'hero').mark).toBe('vip:v');
    expect(slot(await page(`${consent}; sw_uid=cust-9`), 'hero').mark).toBeNull();
    expect(slot(await page(consent), 'hero').mark).toBeNull();
    // Without consent the stored id is not used.
    expect(slot(await page('sw_uid=cust-1'), 'hero').mark).toBeNull();
    // The browser's per-page config carries the list, hashed, never the ids.
    const client = await (await call('/__sw/config?path=/')).text();
    expect(client).toContain(idHash('cust-1'));
    expect(client).not.toContain('cust-1');
  });

  it('can be added to and removed from, listed, and not deleted while an audience uses them', async () => {
    await admin('/lists/vip-customers', 'PUT', { ids: ['a-1', 'a-2'] });
    expect(await (await admin('/lists/vip-customers', 'PUT', { ids: ['a-3'], mode: 'add' })).json()).toMatchObject({ size: 3 });
    expect(await (await admin('/lists/vip-customers', 'PUT', { ids: ['a-1'], mode: 'remove' })).json()).toMatchObject({ size: 2 });
    expect(await (await admin('/lists', 'GET')).json()).toEqual({ lists: [{ name: 'vip-customers', size: 2 }] });
    expect((await (await admin('/catalog', 'GET')).json() as { lists: string[] }).lists).toEqual(['vip-customers']);
    await publishWithList();
    const used = await admin('/lists/vip-customers', 'DELETE');
    expect(used.status).toBe(409);
    expect(((await used.json()) as { error: string }).error).toMatch(/used by audience "vips"/);
    expect((await admin('/lists/nope', 'DELETE')).status).toBe(404);
  });

  it('refuse bad input with the field named, and need the key', async () => {
    expect((await admin('/lists/bad name!', 'PUT', { ids: [] })).status).toBe(400);
    const badIds = await admin('/lists/ok', 'PUT', { ids: ['fine', 'has space', ''] });
    expect(badIds.status).toBe(400);
    expect(((await badIds.json()) as { error: string }).error).toMatch(/^ids\.1: must be 1-128 printable ASCII/);
    expect((await call('/__sw/admin/lists/ok', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"ids":[]}' })).status).toBe(401);
    expect((await call('/__sw/admin/lists/ok', { method: 'PUT', headers: { ...ADMIN, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });
});

describe('traits', () => {
  it('are stored per user id and used by the Decide API', async () => {
    expect(await (await admin('/traits', 'PUT', { items: [{ id: 'cust-7', traits: { tier: 'gold', ltv: 1200 } }, { id: 'cust-8', traits: { tier: 'silver' } }] })).json()).toEqual({ stored: 2 });
    expect(await (await admin('/traits/cust-7', 'GET')).json()).toEqual({ id: 'cust-7', traits: { tier: 'gold', ltv: 1200 } });
    await publish(siteConfig(++version, {
      audiences: [{ id: 'gold', name: 'Gold tier', condition: { 'traits.tier': 'gold' } }],
      campaigns: [{ ...VIP, id: 'gold-offer', audience: 'gold' }],
    }));
    resetConfigCache();
    const decide = async (userId: string) => ((await (await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify({ userId }) })).json()) as { slots: Record<string, { campaign: string }> }).slots.hero?.campaign;
    expect(await decide('cust-7')).toBe('gold-offer');
    expect(await decide('cust-8')).toBeUndefined();
    expect((await admin('/traits/cust-7', 'DELETE')).status).toBe(204);
    expect(await decide('cust-7')).toBeUndefined();
    const bad = await admin('/traits', 'PUT', { items: [{ id: 'x', traits: { 'bad-name': 1 } }] });
    expect(bad.status).toBe(400);
  });
});

describe('identify', () => {
  it('never changes a visitor’s experiment arm', async () => {
    for (let n = 0; n < 20; n++) {
      const cookie = `sw_consent=granted; sw_id=visitor-arm-${String(n).padStart(12, '0')}`;
      const before = slot(await (await call('/', { headers: { cookie } })).text(), 'promo').mark;
      const after = slot(await (await call('/', { headers: { cookie: `${cookie}; sw_uid=customer-${n}` } })).text(), 'promo').mark;
      expect(after).toBe(before);
    }
  });
});
