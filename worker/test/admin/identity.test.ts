/**
 * Admin identity (docs/security.md, "Admin identity"): brute force is throttled per client
 * across isolates, failures are audited, sessions live on the server (sign-out and expiry end
 * them; the cookie is a random id), named accounts carry roles, and Cloudflare Access JWTs
 * sign people in when configured.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testConfig } from '../../../packages/core/src/testing.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/objects/admin-accounts.ts';
import { FIRST_LOCK_MS, FREE_FAILURES, clientOf, lockMs } from '../../src/objects/auth-throttle.ts';
import { call, html, htmlPage, stubOrigin, resetPublishedState } from '../harness.ts';
import { resetIdentity, signInAs } from '../identity-harness.ts';

const PASSWORD = 'test-admin-password';
const SITE = 'https://shop.test';
const JSON_TYPE = { 'content-type': 'application/json' };
const KEY = { authorization: `Bearer ${PASSWORD}` };
/** A thousand attempts take seconds on a loaded machine. */
const LONG = 60_000;
const CLIENTS = ['unknown', '203.0.113.7', '203.0.113.8', '2001:db8:1:2::/64'];

const admin = (path: string, init: RequestInit = {}, overrides = {}) => call(`/__sw/admin${path}`, init, overrides);
const send = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
  admin(path, { method, headers: { ...JSON_TYPE, ...headers }, body: JSON.stringify(body) });
/** A browser's change: the session cookie plus this origin. */
const asBrowser = (cookie: string) => ({ cookie, origin: SITE });
const signInAttempt = (name: string, password: string, headers: Record<string, string> = {}) => send('POST', '/session', { name, password }, headers);

async function auditEntries(): Promise<{ who: string; action: string; detail: string }[]> {
  return ((await (await admin('/audit', { headers: KEY })).json()) as { entries: { who: string; action: string; detail: string }[] }).entries;
}

/** Moves the Worker's clock (the Durable Objects take the time from the Worker's calls). */
function clockAt(ms: number): void {
  vi.spyOn(Date, 'now').mockReturnValue(ms);
}

/** The first admin (Maria, with ADMIN_PASSWORD) adds an account and returns the admin's cookie. */
async function team(...members: [name: string, role: string, password: string][]): Promise<string> {
  const cookie = await signInAs('Maria', PASSWORD);
  for (const [name, role, password] of members) expect((await send('POST', '/accounts', { name, role, password }, asBrowser(cookie))).status).toBe(201);
  return cookie;
}

beforeEach(async () => {
  await resetPublishedState();
  await resetIdentity(CLIENTS);
  stubOrigin(() => html(htmlPage('<div data-slot="hero">Default hero</div>')));
});
afterEach(() => vi.restoreAllMocks());

describe('brute force', () => {
  it(
    'locks a client out after repeated wrong passwords (1,000 in a row: 429 with Retry-After), and the right password works once the lock has passed',
    async () => {
      await team();
      const start = Date.now();
      clockAt(start);
      const statuses: number[] = [];
      for (let n = 0; n < 1000; n++) statuses.push((await signInAttempt('Maria', `guess-${n}`)).status);
      expect(statuses.slice(0, FREE_FAILURES - 1).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(FREE_FAILURES - 1).every((s) => s === 429)).toBe(true);

      // Locked: the right password is refused too, unchecked, with how long to wait.
      const locked = await signInAttempt('Maria', PASSWORD);
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('1');
      expect(await locked.json()).toMatchObject({ error: 'too many failed attempts from this client: try again in 1 second' });

      // The attempts made while locked did not extend it: after the first lock, the right password works.
      clockAt(start + FIRST_LOCK_MS + 1);
      expect((await signInAttempt('Maria', PASSWORD)).status).toBe(204);
    },
    LONG,
  );

  it('doubles the lock with each further failure, up to 15 minutes, and a success starts the count again', async () => {
    expect(lockMs(FREE_FAILURES - 1)).toBe(0);
    expect([FREE_FAILURES, FREE_FAILURES + 1, FREE_FAILURES + 2].map(lockMs)).toEqual([1000, 2000, 4000]);
    expect(lockMs(FREE_FAILURES + 40)).toBe(15 * 60_000);
    await team();
    let now = Date.now();
    clockAt(now);
    for (let n = 0; n < FREE_FAILURES; n++) await signInAttempt('Maria', 'wrong');
    now += FIRST_LOCK_MS + 1;
    clockAt(now);
    const second = await signInAttempt('Maria', 'wrong');
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('2');
    now += 2 * FIRST_LOCK_MS + 1;
    clockAt(now);
    expect((await signInAttempt('Maria', PASSWORD)).status).toBe(204);
    expect((await signInAttempt('Maria', 'wrong')).status).toBe(401);
  });

  it('counts per client: one address locked out does not lock out another', async () => {
    await team();
    for (let n = 0; n < FREE_FAILURES; n++) await signInAttempt('Maria', 'wrong', { 'cf-connecting-ip': '203.0.113.7' });
    expect((await signInAttempt('Maria', PASSWORD, { 'cf-connecting-ip': '203.0.113.7' })).status).toBe(429);
    expect((await signInAttempt('Maria', PASSWORD, { 'cf-connecting-ip': '203.0.113.8' })).status).toBe(204);
    // An IPv6 subscriber's whole /64 is one client, however many addresses it uses.
    expect(clientOf(new Request('https://x', { headers: { 'cf-connecting-ip': '2001:db8:1:2:aaaa::1' } }))).toBe('2001:db8:1:2::/64');
    expect(clientOf(new Request('https://x', { headers: { 'cf-connecting-ip': '2001:0db8:0001:0002:ffff:1:2:3' } }))).toBe('2001:db8:1:2::/64');
    expect(clientOf(new Request('https://x'))).toBe('unknown');
  });

  it(
    'throttles wrong Admin API bearer keys the same way',
    async () => {
      const start = Date.now();
      clockAt(start);
      const statuses: number[] = [];
      for (let n = 0; n < 1000; n++) statuses.push((await admin('/draft', { headers: { authorization: `Bearer guess-${n}` } })).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES - 1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - FREE_FAILURES + 1);
      expect((await admin('/draft', { headers: KEY })).status).toBe(429);
      clockAt(start + FIRST_LOCK_MS + 1);
      expect((await admin('/draft', { headers: KEY })).status).toBe(200);
    },
    LONG,
  );

  it(
    'throttles wrong Decide API keys the same way, and audits them',
    async () => {
      const decide = (key: string) => call('/__sw/decide', { method: 'POST', headers: { ...JSON_TYPE, authorization: `Bearer ${key}` }, body: '{}' });
      const start = Date.now();
      clockAt(start);
      const statuses: number[] = [];
      for (let n = 0; n < 1000; n++) statuses.push((await decide(`guess-${n}`)).status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(FREE_FAILURES - 1);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1000 - FREE_FAILURES + 1);
      const locked = await decide('test-decide-key');
      expect(locked.status).toBe(429);
      expect(locked.headers.get('retry-after')).toBe('1');
      clockAt(start + FIRST_LOCK_MS + 1);
      // Past the key check: no config is published, which the Decide API says with a 503.
      expect((await decide('test-decide-key')).status).toBe(503);
      vi.restoreAllMocks();
      const rejected = (await auditEntries()).filter((e) => e.action === 'key-rejected');
      expect(rejected).toEqual([{ who: 'decide key', action: 'key-rejected', detail: `client unknown (${FREE_FAILURES} attempts)`, at: expect.any(String), version: null }]);
    },
    LONG,
  );

  it('audits failed sign-ins with the name tried and the client, never the password', async () => {
    await team();
    const from = { 'cf-connecting-ip': '203.0.113.7' };
    for (const password of ['hunter2-guess', 'letmein-guess', 'swordfish-guess']) await signInAttempt('Mallory', password, from);
    await signInAttempt('Maria', 'not-her-password', from);
    const entries = await auditEntries();
    expect(entries.slice(0, 2).map((e) => [e.who, e.action, e.detail])).toEqual([
      ['Maria', 'sign-in-failed', 'client 203.0.113.7'],
      ['Mallory', 'sign-in-failed', 'client 203.0.113.7 (3 attempts)'],
    ]);
    const log = JSON.stringify(entries);
    for (const password of ['hunter2', 'letmein', 'swordfish', 'not-her-password']) expect(log).not.toContain(password);
  });
});

describe('sessions', () => {
  it('refuses the session cookie once signed out (401), everywhere', async () => {
    const cookie = await team();
    expect((await admin('/draft', { headers: { cookie } })).status).toBe(200);
    expect((await admin('/session', { method: 'DELETE', headers: { cookie } })).status).toBe(204);
    const reused = await admin('/draft', { headers: { cookie } });
    expect(reused.status).toBe(401);
    expect(await reused.json()).toEqual({ error: 'session: expired or ended; sign in again' });
    expect((await auditEntries())[0]).toMatchObject({ who: 'Maria', action: 'sign-out' });
  });

  it('refuses a forged token with a far-future expiry, even one signed the way sessions used to be', async () => {
    await team();
    // Before: `<expiry>.<name>.<HMAC keyed from ADMIN_PASSWORD>` was the whole session.
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(`slotwise-session:${PASSWORD}`), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const signed = `${Date.UTC(2100, 0, 1)}.${btoa('Maria').replace(/=+$/, '')}`;
    const mac = [...new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(signed)))].map((b) => b.toString(16).padStart(2, '0')).join('');
    expect((await admin('/draft', { headers: { cookie: `sw_admin=${signed}.${mac}` } })).status).toBe(401);
    expect((await admin('/draft', { headers: { cookie: `sw_admin=${'x'.repeat(43)}` } })).status).toBe(401);
  });

  it('the cookie holds only randomness: with the same random bytes, two accounts with different passwords get the same cookie', async () => {
    const adminCookie = await team(['Ana', 'editor', 'password-of-ana'], ['Ben', 'editor', 'ben-has-another-one']);
    await admin('/session', { method: 'DELETE', headers: { cookie: adminCookie } });
    vi.spyOn(crypto, 'getRandomValues').mockImplementation((array) => {
      new Uint8Array(array.buffer, array.byteOffset, array.byteLength).fill(7);
      return array;
    });
    const ana = await signInAs('Ana', 'password-of-ana');
    await admin('/session', { method: 'DELETE', headers: { cookie: ana } });
    const ben = await signInAs('Ben', 'ben-has-another-one');
    expect(ana).toBe(ben);
    // base64url of 32 bytes of 7: nothing in it but the random bytes.
    expect(ana).toContain(`sw_admin=${'BwcH'.repeat(10)}Bwc;`);
  });

  it('ends a session after 30 idle minutes, and after 12 hours however busy', async () => {
    const start = Date.now();
    clockAt(start);
    const cookie = await team();
    clockAt(start + SESSION_IDLE_MS - 60_000);
    expect((await admin('/draft', { headers: { cookie } })).status).toBe(200);
    clockAt(start + 2 * SESSION_IDLE_MS - 120_000);
    expect((await admin('/draft', { headers: { cookie } })).status).toBe(200);
    clockAt(start + 3 * SESSION_IDLE_MS);
    expect((await admin('/draft', { headers: { cookie } })).status).toBe(401);

    clockAt(start);
    const busy = await signInAs('Maria', PASSWORD);
    for (let t = start; t < start + SESSION_MAX_MS; t += SESSION_IDLE_MS / 2) {
      clockAt(t);
      expect((await admin('/draft', { headers: { cookie: busy } })).status).toBe(200);
    }
    clockAt(start + SESSION_MAX_MS + 1);
    expect((await admin('/draft', { headers: { cookie: busy } })).status).toBe(401);
  });

  it("an admin can end another account's sessions; a password reset ends them too", async () => {
    const maria = await team(['Ana', 'editor', 'password-of-ana']);
    const ana = await signInAs('Ana', 'password-of-ana');
    const ended = await admin('/accounts/Ana/sessions', { method: 'DELETE', headers: asBrowser(maria) });
    expect(await ended.json()).toEqual({ name: 'Ana', ended: 1 });
    expect((await admin('/draft', { headers: { cookie: ana } })).status).toBe(401);

    const again = await signInAs('Ana', 'password-of-ana');
    expect((await send('PATCH', '/accounts/Ana', { password: 'a-new-password' }, asBrowser(maria))).status).toBe(200);
    expect((await admin('/draft', { headers: { cookie: again } })).status).toBe(401);
    expect((await signInAttempt('Ana', 'password-of-ana')).status).toBe(401);
    await signInAs('Ana', 'a-new-password');
  });
});

describe('accounts and roles', () => {
  it('ADMIN_PASSWORD makes the first admin only while there is no account; then it signs nobody in, and stays the bearer key', async () => {
    const maria = await signInAs('Maria', PASSWORD);
    expect(await (await admin('/session', { headers: { cookie: maria } })).json()).toEqual({ signedIn: true, via: 'session', who: 'Maria', role: 'admin' });
    expect((await signInAttempt('Mallory', PASSWORD)).status).toBe(401);
    // The name is the account's, whatever case it is typed in.
    await signInAs('maria', PASSWORD);
    expect(await (await admin('/session', { headers: KEY })).json()).toEqual({ signedIn: true, via: 'bearer', who: 'api key', role: 'admin' });
  });

  it('answers a wrong password and an unknown name alike', async () => {
    await team();
    const unknown = await signInAttempt('Nobody', 'whatever-it-is');
    const wrong = await signInAttempt('Maria', 'whatever-it-is');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    expect(await unknown.json()).toEqual(await wrong.json());
  });

  it('a viewer reads the draft, results and versions, but cannot save the draft (403 with the reason)', async () => {
    const maria = await team(['Vic', 'viewer', 'viewer-password']);
    const vic = await signInAs('Vic', 'viewer-password');
    for (const path of ['/draft', '/results', '/versions', '/audit']) expect((await admin(path, { headers: { cookie: vic } })).status).toBe(200);
    const saved = await send('PUT', '/draft', testConfig(), asBrowser(vic));
    expect(saved.status).toBe(403);
    expect(await saved.json()).toMatchObject({ error: 'role: Vic is a viewer; PUT /draft needs the editor role', role: 'viewer', needed: 'editor' });
    expect((await admin('/accounts', { headers: { cookie: vic } })).status).toBe(403);
    expect((await send('PUT', '/draft', testConfig(), asBrowser(maria))).status).toBe(200);
  });

  it('an editor saves the draft but cannot publish or roll back; a publisher can, and the audit and the version name them', async () => {
    const maria = await team(['Eddie', 'editor', 'editor-password'], ['Pat', 'publisher', 'publisher-password']);
    const eddie = await signInAs('Eddie', 'editor-password');
    expect((await send('PUT', '/draft', testConfig(), asBrowser(eddie))).status).toBe(200);
    const refused = await send('POST', '/publish', {}, asBrowser(eddie));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'role: Eddie is an editor; POST /publish needs the publisher role' });
    expect((await send('POST', '/rollback', { version: 1 }, asBrowser(eddie))).status).toBe(403);
    expect((await send('POST', '/accounts', { name: 'Sneaky', role: 'admin', password: 'sneaky-password' }, asBrowser(eddie))).status).toBe(403);

    const pat = await signInAs('Pat', 'publisher-password');
    expect((await send('POST', '/publish', { note: 'by Pat' }, asBrowser(pat))).status).toBe(200);
    const versions = (await (await admin('/versions', { headers: { cookie: maria } })).json()) as { versions: { by: string }[] };
    expect(versions.versions[0]!.by).toBe('Pat');
    expect((await auditEntries())[0]).toMatchObject({ who: 'Pat', action: 'publish', detail: 'by Pat' });
  });

  it('an admin adds, changes, resets and removes accounts, audited; the last admin stays an admin', async () => {
    const maria = await team();
    const add = (body: unknown) => send('POST', '/accounts', body, asBrowser(maria));
    expect((await add({ name: 'Ana', role: 'editor', password: 'password-of-ana' })).status).toBe(201);
    expect((await add({ name: 'ana', role: 'viewer', password: 'password-of-ana' })).status).toBe(409);
    expect(await (await add({ name: 'Bo', role: 'owner', password: 'long-enough' })).json()).toEqual({ error: 'role: must be one of viewer, editor, publisher, admin' });
    expect(await (await add({ name: 'Bo', role: 'viewer', password: 'short' })).json()).toEqual({ error: 'password: must be at least 8 characters' });
    expect((await add({ name: '<script>', role: 'viewer', password: 'long-enough' })).status).toBe(400);

    expect(await (await send('PATCH', '/accounts/Ana', { role: 'publisher' }, asBrowser(maria))).json()).toEqual({ name: 'Ana', role: 'publisher' });
    const listed = (await (await admin('/accounts', { headers: { cookie: maria } })).json()) as { accounts: { name: string; role: string; sessions: number }[] };
    expect(listed.accounts.map((a) => [a.name, a.role, a.sessions])).toEqual([
      ['Maria', 'admin', 1],
      ['Ana', 'publisher', 0],
    ]);
    expect(JSON.stringify(listed)).not.toMatch(/salt|hash|password-of-ana/);

    expect((await send('PATCH', '/accounts/Maria', { role: 'editor' }, asBrowser(maria))).status).toBe(409);
    expect((await admin('/accounts/Maria', { method: 'DELETE', headers: asBrowser(maria) })).status).toBe(409);
    expect((await admin('/accounts/Ana', { method: 'DELETE', headers: asBrowser(maria) })).status).toBe(204);
    expect((await admin('/accounts/Ana', { method: 'DELETE', headers: asBrowser(maria) })).status).toBe(404);
    expect((await signInAttempt('Ana', 'password-of-ana')).status).toBe(401);

    const actions = (await auditEntries()).filter((e) => e.action.startsWith('account-')).map((e) => [e.who, e.action, e.detail]);
    expect(actions).toEqual([
      ['Maria', 'account-removed', 'Ana'],
      ['Maria', 'account-changed', 'Ana: role publisher'],
      ['Maria', 'account-added', 'Ana (editor)'],
      ['Maria', 'account-added', 'Maria (admin): the first account, made with ADMIN_PASSWORD'],
    ]);
  });

  it("a role change counts on the account's very next request", async () => {
    const maria = await team(['Ana', 'publisher', 'password-of-ana']);
    const ana = await signInAs('Ana', 'password-of-ana');
    await send('PUT', '/draft', testConfig(), asBrowser(ana));
    await send('PATCH', '/accounts/Ana', { role: 'viewer' }, asBrowser(maria));
    expect((await send('POST', '/publish', {}, asBrowser(ana))).status).toBe(403);
  });
});

describe('API tokens', () => {
  it('a person makes a token for their scripts: it acts as them with their role, is named in the audit log, and stops working when revoked', async () => {
    const maria = await team(['Ana', 'editor', 'password-of-ana']);
    const ana = await signInAs('Ana', 'password-of-ana');
    const made = await send('POST', '/tokens', { label: 'CRM sync' }, asBrowser(ana));
    expect(made.status).toBe(201);
    const { id, token } = (await made.json()) as { id: string; token: string };
    expect(token).toMatch(/^swt_[A-Za-z0-9_-]{43}$/);
    const script = { authorization: `Bearer ${token}` };
    expect(await (await admin('/session', { headers: script })).json()).toEqual({ signedIn: true, via: 'token', who: 'Ana', role: 'editor' });
    expect((await send('PUT', '/draft', testConfig(), script)).status).toBe(200);
    expect((await auditEntries())[0]).toMatchObject({ who: 'Ana', action: 'save-draft' });
    expect((await send('POST', '/publish', {}, script)).status).toBe(403);
    const listed = (await (await admin('/tokens', { headers: { cookie: ana } })).json()) as { tokens: { id: string; label: string; lastUsed: string | null }[] };
    expect(listed.tokens).toMatchObject([{ id, label: 'CRM sync' }]);
    expect(JSON.stringify(listed)).not.toContain(token.slice(4));
    // Someone else cannot revoke it by id; Ana can.
    expect((await admin(`/tokens/${id}`, { method: 'DELETE', headers: asBrowser(maria) })).status).toBe(404);
    expect((await admin(`/tokens/${id}`, { method: 'DELETE', headers: asBrowser(ana) })).status).toBe(204);
    const revoked = await admin('/draft', { headers: script });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ error: 'authorization: unknown or revoked API token' });
  });

  it('a password reset or removing the account revokes its tokens; the ADMIN_PASSWORD key has none', async () => {
    const maria = await team(['Ana', 'editor', 'password-of-ana']);
    const make = async () => ((await (await send('POST', '/tokens', { label: 'script' }, asBrowser(await signInAs('Ana', 'password-of-ana')))).json()) as { token: string }).token;
    const first = await make();
    await send('PATCH', '/accounts/Ana', { password: 'password-of-ana' }, asBrowser(maria));
    expect((await admin('/draft', { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
    const second = await make();
    await admin('/accounts/Ana', { method: 'DELETE', headers: asBrowser(maria) });
    expect((await admin('/draft', { headers: { authorization: `Bearer ${second}` } })).status).toBe(401);
    expect((await send('POST', '/tokens', { label: 'x' }, KEY)).status).toBe(403);
  });
});

describe('Cloudflare Access', () => {
  const ACCESS = {
    ACCESS_TEAM_DOMAIN: 'acme',
    ACCESS_AUD: 'aud-slotwise',
    ACCESS_ROLES: JSON.stringify({ 'lee@acme.test': 'admin', marketing: 'editor', '*@acme.test': 'viewer' }),
  };
  const ISS = 'https://acme.cloudflareaccess.com';
  let keys: CryptoKeyPair;
  let other: CryptoKeyPair;
  const kid = `kid-${crypto.randomUUID()}`;

  const b64url = (bytes: Uint8Array) =>
    btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
  const part = (value: unknown) => b64url(new TextEncoder().encode(JSON.stringify(value)));
  async function jwt(claims: Record<string, unknown>, signer = keys.privateKey, header: Record<string, unknown> = { alg: 'RS256', kid }): Promise<string> {
    const signed = `${part(header)}.${part(claims)}`;
    const signature = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', signer, new TextEncoder().encode(signed)));
    return `${signed}.${b64url(signature)}`;
  }
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: Record<string, unknown> = {}) => ({ aud: ['aud-slotwise'], iss: ISS, email: 'sam@acme.test', exp: now() + 3600, iat: now(), ...extra });
  const withJwt = (token: string, init: Record<string, string> = {}) => ({ headers: { 'cf-access-jwt-assertion': token, ...init } });

  beforeEach(async () => {
    const rsa = { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
    keys ??= (await crypto.subtle.generateKey(rsa, true, ['sign', 'verify'])) as CryptoKeyPair;
    other ??= (await crypto.subtle.generateKey(rsa, true, ['sign', 'verify'])) as CryptoKeyPair;
    const jwk = (await crypto.subtle.exportKey('jwk', keys.publicKey)) as JsonWebKey;
    vi.restoreAllMocks();
    stubOrigin((request) => {
      if (request.url === `${ISS}/cdn-cgi/access/certs`) return Response.json({ keys: [{ ...jwk, kid, use: 'sig' }] });
      return html(htmlPage('<div data-slot="hero">Default hero</div>'));
    });
  });

  it('signs in the person a genuine token names, with the role ACCESS_ROLES gives their email, domain or group', async () => {
    const lee = await admin('/session', withJwt(await jwt(claims({ email: 'lee@acme.test' }))), ACCESS);
    expect(await lee.json()).toEqual({ signedIn: true, via: 'access', who: 'lee@acme.test', role: 'admin' });
    // No sign-in request happens behind Access: the editor's session check turns on edit mode for its frame.
    expect(lee.headers.get('set-cookie')).toMatch(/^sw_edit=1; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict/);
    const sam = await admin('/session', withJwt(await jwt(claims())), ACCESS);
    expect(await sam.json()).toMatchObject({ who: 'sam@acme.test', role: 'viewer' });
    const marketer = await admin('/session', withJwt(await jwt(claims({ groups: ['marketing'] }))), ACCESS);
    expect(await marketer.json()).toMatchObject({ role: 'editor' });
    // The role is enforced like an account's, and the change is audited under the email.
    const saved = await call(
      '/__sw/admin/draft',
      { method: 'PUT', ...withJwt(await jwt(claims({ groups: ['marketing'] })), { ...JSON_TYPE, origin: SITE }), body: JSON.stringify(testConfig()) },
      ACCESS,
    );
    expect(saved.status).toBe(200);
    const published = await call(
      '/__sw/admin/publish',
      { method: 'POST', ...withJwt(await jwt(claims({ groups: ['marketing'] })), { ...JSON_TYPE, origin: SITE }), body: '{}' },
      ACCESS,
    );
    expect(published.status).toBe(403);
    expect((await auditEntries())[0]).toMatchObject({ who: 'sam@acme.test', action: 'save-draft' });
  });

  it.each([
    ['signed with another key', async () => jwt(claims(), other.privateKey), /signature is not genuine/],
    ['expired', async () => jwt(claims({ exp: now() - 3600 })), /expired/],
    ['for another application (aud)', async () => jwt(claims({ aud: ['someone-else'] })), /another application/],
    ['from another team (iss)', async () => jwt(claims({ iss: 'https://evil.cloudflareaccess.com' })), /another team/],
    ['signed with "none"', async () => `${part({ alg: 'none', kid })}.${part(claims())}.`, /RS256/],
    ['naming a key the team does not publish', async () => jwt(claims(), keys.privateKey, { alg: 'RS256', kid: 'unknown-kid' }), /key the team does not publish/],
    ['not a JWT', async () => 'garbage', /not a JWT/],
  ])('refuses a token %s (401 with the reason)', async (_, make, reason) => {
    const response = await admin('/draft', withJwt(await make()), ACCESS);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toMatch(reason);
  });

  it('refuses a genuine token whose person has no role (403)', async () => {
    const response = await admin('/draft', withJwt(await jwt(claims({ email: 'visitor@elsewhere.test' }))), ACCESS);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toMatch(/visitor@elsewhere.test has no Slotwise role/);
  });

  it('ignores the header when Access is not configured (a client cannot sign itself in with it)', async () => {
    expect((await admin('/draft', withJwt(await jwt(claims({ email: 'lee@acme.test' }))))).status).toBe(401);
  });
});
