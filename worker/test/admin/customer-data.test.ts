/**
 * Customer data from a CRM: ID lists (hashed with the Worker's key into the config, matched at
 * the edge for visitors whose id the site signed) and traits (for the Decide API), with the same
 * checks as any Admin API write — and identifying a visitor never moves them to another
 * experiment arm. Issue 16, item 6: no list or list-gated content reaches a browser, and a
 * hand-written `sw_uid` unlocks nothing.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { idHash, listHash, signUserId, userCookieValue } from '@slotwise/core/identity';
import { runInDurableObject } from 'cloudflare:test';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const ADMIN = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
/** The `sw_uid` cookie as `identify` stores it when the site's backend signed the id with IDENTITY_SECRET. */
const signed = async (id: string, secret = env.IDENTITY_SECRET ?? '') => `sw_uid=${userCookieValue(id, await signUserId(secret, id))}`;
const DECIDE = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const admin = (path: string, method: string, body?: unknown) =>
  call(`/__sw/admin${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const VIP: SiteConfigInput['campaigns'][number] = {
  id: 'vip',
  name: 'VIP',
  status: 'live',
  priority: 1,
  audience: 'vips',
  slots: ['hero'],
  variants: [{ id: 'v', name: 'V', content: { hero: { kind: 'text', body: 'Hello, VIP (list-gated)' } } }],
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
  const { draft } = (await (await admin('/draft', 'GET')).json()) as { draft: SiteConfigInput };
  const next = {
    ...draft,
    audiences: [...draft.audiences, { id: 'vips', name: 'VIP customers', condition: { 'user.idHash': { $inGroup: 'vip-customers' } } }],
    campaigns: [...draft.campaigns, VIP],
  };
  expect((await admin('/draft', 'PUT', next)).status).toBe(200);
  expect((await admin('/publish', 'POST', {})).status).toBe(200);
  resetConfigCache();
}

const page = (cookie: string, overrides = {}) => call('/', { headers: { cookie } }, overrides).then((r) => r.text());
const CONSENT = 'sw_consent=granted; sw_id=visitor-list-000000001';

describe('ID lists', () => {
  it('are stored with a keyed hash in the draft, and personalize visitors with a signed id in them at the edge', async () => {
    const saved = await admin('/lists/vip-customers', 'PUT', { ids: ['cust-1', 'cust-2'] });
    expect(await saved.json()).toMatchObject({ name: 'vip-customers', size: 2, live: false });
    const { draft } = (await (await admin('/draft', 'GET')).json()) as { draft: SiteConfigInput };
    const key = env.ID_HASH_KEY ?? '';
    expect(draft.savedGroups?.['vip-customers']).toEqual([await listHash(key, 'cust-1'), await listHash(key, 'cust-2')].sort());
    expect(draft.savedGroupHashes).toEqual({ 'vip-customers': 'hmac-sha256-128' });
    // Not the unkeyed hash anyone can compute for guessed ids; another key gives other hashes.
    expect(draft.savedGroups?.['vip-customers']).not.toContain(idHash('cust-1'));
    expect(await listHash('another-key', 'cust-1')).not.toBe(await listHash(key, 'cust-1'));
    expect(JSON.stringify(draft)).not.toContain('cust-1');

    await publishWithList();
    expect(slot(await page(`${CONSENT}; ${await signed('cust-1')}`), 'hero').mark).toBe('vip:v');
    expect(slot(await page(`${CONSENT}; ${await signed('cust-9')}`), 'hero').mark).toBeNull();
    expect(slot(await page(CONSENT), 'hero').mark).toBeNull();
    // Without consent the stored id is not used.
    expect(slot(await page(await signed('cust-1')), 'hero').mark).toBeNull();
  });

  it('a hand-written or forged sw_uid unlocks nothing; only the site’s signature does', async () => {
    await publishWithList();
    const forged = [
      'sw_uid=cust-1', // the first cookie format: the id alone
      `sw_uid=${userCookieValue('cust-1', '0'.repeat(64))}`,
      await signed('cust-1', 'a-guessed-secret'),
      `sw_uid=${userCookieValue('cust-1', await signUserId(env.IDENTITY_SECRET ?? '', 'cust-2'))}`, // cust-2's signature
    ];
    for (const cookie of forged) {
      const html = await page(`${CONSENT}; ${cookie}`);
      expect(slot(html, 'hero').mark).toBeNull();
      expect(html).not.toContain('list-gated');
    }
    expect(await page(`${CONSENT}; ${await signed('cust-1')}`)).toContain('Hello, VIP (list-gated)');
    // Without IDENTITY_SECRET the Worker trusts no id at all.
    expect(slot(await page(`${CONSENT}; ${await signed('cust-1')}`, { IDENTITY_SECRET: '' }), 'hero').mark).toBeNull();
  });

  it('never reach a browser: /__sw/config carries no list, no hash and no list-gated campaign or text', async () => {
    await publishWithList();
    const { draft } = (await (await admin('/draft', 'GET')).json()) as { draft: SiteConfigInput };
    const client = await (await call('/__sw/config?path=/')).text();
    expect(client).not.toContain('savedGroups');
    expect(client).not.toContain('vip-customers');
    for (const hash of draft.savedGroups?.['vip-customers'] ?? []) expect(client).not.toContain(String(hash));
    expect(client).not.toContain('list-gated');
    expect(client).not.toContain('"vip"');
  });

  it('of the first, unkeyed scheme match nobody, are reported, and can only be replaced whole', async () => {
    // A draft saved before keyed hashes: FNV hashes and no scheme marker.
    const { draft } = (await (await admin('/draft', 'GET')).json()) as { draft: SiteConfigInput };
    const legacy = { ...draft, savedGroups: { 'vip-customers': [idHash('cust-1')] } };
    expect((await admin('/draft', 'PUT', legacy)).status).toBe(200);
    expect(await (await admin('/lists', 'GET')).json()).toEqual({
      lists: [{ name: 'vip-customers', size: 1, hash: 'unkeyed', note: expect.stringMatching(/uploaded again whole/) }],
    });
    const added = await admin('/lists/vip-customers', 'PUT', { ids: ['cust-2'], mode: 'add' });
    expect(added.status).toBe(409);
    expect(((await added.json()) as { error: string }).error).toMatch(/old unkeyed scheme/);
    // Published as it is, the old list matches nobody, the signed customer in it included.
    const next = {
      ...legacy,
      audiences: [...legacy.audiences, { id: 'vips', name: 'VIP customers', condition: { 'user.idHash': { $inGroup: 'vip-customers' } } }],
      campaigns: [...legacy.campaigns, VIP],
    };
    expect((await admin('/draft', 'PUT', next)).status).toBe(200);
    expect((await admin('/publish', 'POST', {})).status).toBe(200);
    resetConfigCache();
    expect(slot(await page(`${CONSENT}; ${await signed('cust-1')}`), 'hero').mark).toBeNull();
    // Uploaded again, it is keyed and works.
    expect((await admin('/lists/vip-customers', 'PUT', { ids: ['cust-1'] })).status).toBe(200);
    expect(await (await admin('/lists', 'GET')).json()).toEqual({ lists: [{ name: 'vip-customers', size: 1, hash: 'hmac-sha256-128' }] });
    expect((await admin('/publish', 'POST', {})).status).toBe(200);
    resetConfigCache();
    expect(slot(await page(`${CONSENT}; ${await signed('cust-1')}`), 'hero').mark).toBe('vip:v');
  });

  it('cannot be uploaded without ID_HASH_KEY, and say how to set it', async () => {
    const response = await call('/__sw/admin/lists/vip-customers', { method: 'PUT', headers: ADMIN, body: JSON.stringify({ ids: ['cust-1'] }) }, { ID_HASH_KEY: '' });
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: string }).error).toMatch(/wrangler secret put ID_HASH_KEY/);
  });

  it('apply in the Decide API to a trusted userId, or to a userCookie only when signed', async () => {
    await publishWithList();
    const decide = async (body: Record<string, unknown>) => {
      const response = await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify(body) });
      return ((await response.json()) as { slots: Record<string, { campaign: string }> }).slots.hero?.campaign;
    };
    expect(await decide({ userId: 'cust-1' })).toBe('vip');
    expect(await decide({ userCookie: (await signed('cust-1')).slice('sw_uid='.length) })).toBe('vip');
    expect(await decide({ userCookie: 'cust-1' })).toBeUndefined();
    expect(await decide({ userCookie: userCookieValue('cust-1', '0'.repeat(64)) })).toBeUndefined();
    const both = await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify({ userId: 'cust-1', userCookie: 'x' }) });
    expect(both.status).toBe(400);
  });

  it('can be added to and removed from, listed, and not deleted while an audience uses them', async () => {
    await admin('/lists/vip-customers', 'PUT', { ids: ['a-1', 'a-2'] });
    expect(await (await admin('/lists/vip-customers', 'PUT', { ids: ['a-3'], mode: 'add' })).json()).toMatchObject({ size: 3 });
    expect(await (await admin('/lists/vip-customers', 'PUT', { ids: ['a-1'], mode: 'remove' })).json()).toMatchObject({ size: 2 });
    expect(await (await admin('/lists', 'GET')).json()).toEqual({ lists: [{ name: 'vip-customers', size: 2, hash: 'hmac-sha256-128' }] });
    expect(((await (await admin('/catalog', 'GET')).json()) as { lists: string[] }).lists).toEqual(['vip-customers']);
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
    expect(
      await (
        await admin('/traits', 'PUT', {
          items: [
            { id: 'cust-7', traits: { tier: 'gold', ltv: 1200 } },
            { id: 'cust-8', traits: { tier: 'silver' } },
          ],
        })
      ).json(),
    ).toEqual({ stored: 2 });
    expect(await (await admin('/traits/cust-7', 'GET')).json()).toEqual({ id: 'cust-7', traits: { tier: 'gold', ltv: 1200 } });
    await publish(
      siteConfig(++version, {
        audiences: [{ id: 'gold', name: 'Gold tier', condition: { 'traits.tier': 'gold' } }],
        campaigns: [{ ...VIP, id: 'gold-offer', audience: 'gold' }],
      }),
    );
    resetConfigCache();
    const decide = async (userId: string) =>
      ((await (await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify({ userId }) })).json()) as { slots: Record<string, { campaign: string }> }).slots
        .hero?.campaign;
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
      const after = slot(await (await call('/', { headers: { cookie: `${cookie}; ${await signed(`customer-${n}`)}` } })).text(), 'promo').mark;
      expect(after).toBe(before);
    }
  });
});
