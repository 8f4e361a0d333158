/**
 * The Admin API under /__sw/admin/ (docs/admin-api.md): sign-in, the draft, publishing,
 * versions and rollback, sanitizing, the catalog the editor's pickers offer, and accounts.
 * Each route needs a role (admin/roles.ts). JSON in and
 * out; every refusal is a 4xx naming the reason; nothing here is ever cached.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { SEGMENTS } from '@slotwise/core/profile';
import { type LibraryItem, SESSION_COOKIE, STANDARD_EVENTS, readCookie } from '@slotwise/core/protocol';
import { Hono, type Context } from 'hono';
import { type Identity, SESSION_SECONDS, auditFailure, authenticate, newSessionId, sessionCookies, sessionIdHash } from './auth.ts';
import { accounts } from '../objects/admin-accounts.ts';
import { accountsApi } from './accounts.ts';
import { tokensApi } from './tokens.ts';
import { type Role, hasRole, roleNeeded } from './roles.ts';
import { checkSignIn } from './sign-in.ts';
import { beginAttempt } from '../objects/auth-throttle.ts';
import { checkLibrary } from './library.ts';
import { checkConfig, listVersions, publisher, readDraft, readSnapshot, versionInfo } from './store.ts';
import { resetConfigCache } from '../config/live.ts';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { adminBodyLimit, jsonObjectBody, queryOf } from './body.ts';
import { customerData } from './customer-data.ts';
import { programmeApi } from './programme.ts';
import { siteEvents } from '../objects/site-events.ts';
import { pipelineApi } from './pipeline.ts';
import { readLive, resultsApi } from './results.ts';
import { draftChanges } from './draft-changes.ts';
import { sanitizeContentHtml } from './sanitize.ts';
import { catalogApi, catalogSite } from './catalog.ts';
import { catalogStore } from '../catalog/load.ts';

type AdminEnv = { Bindings: Env; Variables: { via: Identity['via']; who: string; role: Role } };
type AdminContext = Context<AdminEnv>;

const isHttps = (c: AdminContext) => new URL(c.req.url).protocol === 'https:';

/**
 * Where the site's events are: under the live config's site id, which pages and /collect
 * write with (the draft's may have been renamed since), or the draft's before a first publish.
 */
async function siteStore(c: AdminContext, draft?: SiteConfigInput) {
  const live = await readLive(c.env, c.executionCtx);
  return siteEvents(c.env, live?.siteId ?? (draft ?? (await readDraft(c.env)).draft).site.id);
}

/** Mounted at /__sw/admin by the Worker's app (app.ts), whose error handler renders every refusal. */
export const adminApi = new Hono<AdminEnv>()
  .use('*', async (c, next) => {
    await next();
    c.header('cache-control', 'no-store');
  })
  .post('/session', adminBodyLimit, jsonObjectBody<{ name: string; password: string }>(), async (c) => {
    const body = c.req.valid('json');
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 60) : '';
    if (!name) throw new HttpError(400, 'name: required; sign in with your account name');
    if (typeof body.password !== 'string' || !body.password) throw new HttpError(400, 'password: required');
    if (!c.env.ADMIN_PASSWORD && (await accounts(c.env).count()) === 0) throw new HttpError(503, 'the Admin API is not configured: set the ADMIN_PASSWORD secret');
    const now = Date.now();
    const attempt = await beginAttempt(c.env, 'admin', c.req.raw, now);
    if (attempt.locked) throw attempt.locked;
    const account = await checkSignIn(c.env, name, body.password, now);
    if (!account) {
      await auditFailure(c.env, c.req.raw, 'sign-in-failed', name);
      throw await attempt.failed('name or password: not right');
    }
    await attempt.succeeded();
    const id = newSessionId();
    await accounts(c.env).startSession(await sessionIdHash(id), account.name, now);
    await publisher(c.env).noteSignIn(account.name);
    for (const cookie of sessionCookies(id, SESSION_SECONDS, isHttps(c))) c.header('set-cookie', cookie, { append: true });
    return c.body(null, 204);
  })
  // Signing out ends the session on the server too: the cookie's id is worthless afterwards.
  .delete('/session', async (c) => {
    const id = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    if (id) {
      const hash = await sessionIdHash(id);
      const session = await accounts(c.env).useSession(hash, Date.now());
      await accounts(c.env).endSession(hash);
      if (session) await publisher(c.env).noteAuth(session.name, 'sign-out', '');
    }
    for (const cookie of sessionCookies('', 0, isHttps(c))) c.header('set-cookie', cookie, { append: true });
    return c.body(null, 204);
  })
  // Everything below needs a signed-in person or the key, with the role the route needs. A
  // change made from a browser (session or Access) must come from this origin: SameSite=Strict
  // already stops other sites, this stops other same-site origins too.
  .use('*', async (c, next) => {
    const auth = await authenticate(c.req.raw, c.env, Date.now());
    const changes = c.req.method !== 'GET' && c.req.method !== 'HEAD';
    if (changes && (auth.via === 'session' || auth.via === 'access') && c.req.header('origin') !== new URL(c.req.url).origin) {
      throw new HttpError(403, 'origin: changes must come from the editor on this site');
    }
    const path = new URL(c.req.url).pathname.slice('/__sw/admin'.length);
    const needed = roleNeeded(c.req.method, path);
    if (!hasRole(auth.role, needed)) {
      throw new HttpError(403, `role: ${auth.name} is ${/^[ae]/.test(auth.role) ? 'an' : 'a'} ${auth.role}; ${c.req.method} ${path} needs the ${needed} role`, {
        details: { role: auth.role, needed },
      });
    }
    c.set('via', auth.via);
    c.set('who', auth.name);
    c.set('role', auth.role);
    await next();
  })
  // Bodies are read only once the caller is known to be allowed (1 MiB at most: admin/body.ts);
  // a catalog upload has its own policy (admin/catalog.ts: JSON Lines stream, a JSON array to 32 MiB).
  .use('*', (c, next) => (c.req.method === 'POST' && c.req.path === '/__sw/admin/catalog' ? next() : adminBodyLimit(c, next)))
  .get('/session', (c) => {
    // Behind Access there is no sign-in request: the editor's first call sets the edit-mode cookie.
    if (c.get('via') === 'access') c.header('set-cookie', sessionCookies('', SESSION_SECONDS, isHttps(c))[1]!);
    return c.json({ signedIn: true, via: c.get('via'), who: c.get('who'), role: c.get('role') });
  })
  .get('/draft', async (c) => c.json(await readDraft(c.env)))
  .get('/draft/changes', async (c) => c.json(await draftChanges(c.env)))
  /** Drafts a restore replaced while they had unpublished changes, newest first. */
  .get('/drafts', async (c) => c.json({ drafts: await publisher(c.env).keptDrafts() }))
  .get('/drafts/:id{[0-9]+}', async (c) => {
    const json = await publisher(c.env).keptDraft(Number(c.req.param('id')));
    if (json === null) throw new HttpError(404, `draft: no kept draft ${c.req.param('id')}`);
    // Kept as it was saved, and every saved draft passed checkConfig.
    return c.json({ draft: JSON.parse(json) as SiteConfigInput });
  })
  /** The editor says it is open every 15 s; the answer is who else is editing now, and what is live and saved. */
  .post('/presence', async (c) => {
    const who = c.get('who');
    const { editing, live, revision } = await publisher(c.env).heartbeat(who);
    return c.json({ you: who, editing: editing.filter((p) => p.who !== who), live, revision });
  })
  .delete('/presence', async (c) => {
    await publisher(c.env).leave(c.get('who'));
    return c.body(null, 204);
  })
  .put('/draft', jsonObjectBody<SiteConfigInput>(), async (c) => {
    const body = c.req.valid('json');
    const site = publisher(c.env);
    const checked = checkConfig(body, (await site.live()) ?? 0);
    if (!checked.ok) throw new HttpError(400, checked.errors[0] ?? 'config: invalid', { issues: checked.errors });
    // `If-Match: <revision>` (the revision GET /draft gave) refuses to overwrite someone else's save.
    const ifMatch = c.req.header('if-match');
    const base = ifMatch === undefined ? null : Number(ifMatch.replace(/"/g, ''));
    if (base !== null && !Number.isSafeInteger(base)) throw new HttpError(400, 'if-match: must be the draft revision number');
    const saved = await site.saveDraft(checked.config, base, c.get('who'));
    if (!saved.ok)
      throw new HttpError(409, `draft: changed since revision ${base} (now ${saved.revision}); reload it and apply your change again`, { details: { revision: saved.revision } });
    return c.json({ draft: checked.config, revision: saved.revision, removed: checked.removed });
  })
  .post('/publish', jsonObjectBody<{ note?: string; baseVersion?: number | null; draftRevision?: number }>(), async (c) => {
    const body = c.req.valid('json');
    const note = typeof body.note === 'string' ? body.note : '';
    const base = body.baseVersion;
    if (base !== undefined && base !== null && !Number.isSafeInteger(base))
      throw new HttpError(400, 'baseVersion: must be the live version number the draft was made from, or null');
    const seen = body.draftRevision;
    if (seen !== undefined && !Number.isSafeInteger(seen)) throw new HttpError(400, 'draftRevision: must be the draft revision whose changes you reviewed');
    const { draft, revision } = await readDraft(c.env);
    const changedSince = (now: number) =>
      new HttpError(409, `draftRevision: the draft changed since you reviewed it (revision ${String(seen)}, now ${now}); review the changes, then publish again`, {
        details: { revision: now },
      });
    if (seen !== undefined && seen !== revision) throw changedSince(revision);
    const checked = checkConfig(draft, 0);
    if (!checked.ok) throw new HttpError(409, `draft: cannot be published: ${checked.errors[0]}`, { issues: checked.errors });
    const result = await publisher(c.env).publish(
      checked.config,
      base as number | null | undefined,
      c.get('who'),
      note,
      'publish',
      seen === undefined ? {} : { draftRevision: seen as number },
    );
    if (!result.ok && result.conflict.revision !== undefined) throw changedSince(result.conflict.revision);
    if (!result.ok)
      throw new HttpError(409, `baseVersion: version ${result.conflict.live} was published meanwhile; review it, then publish again`, { details: { live: result.conflict.live } });
    // This isolate serves the new version from its next request; others within a second.
    resetConfigCache();
    return c.json({ version: result.version, publishedAt: result.publishedAt });
  })
  .get('/versions', async (c) => c.json(await listVersions(c.env)))
  .get('/versions/:version{[0-9]+}', async (c) => {
    const version = Number(c.req.param('version'));
    const snapshot = await readSnapshot(c.env, version);
    if (!snapshot) throw new HttpError(404, `version: ${version} was never published`);
    return c.json({ config: snapshot.config, info: versionInfo(version, snapshot.meta, await publisher(c.env).live()) });
  })
  .post('/rollback', jsonObjectBody<{ version: number }>(), async (c) => {
    const body = c.req.valid('json');
    const version = body.version;
    if (typeof version !== 'number' || !Number.isSafeInteger(version)) throw new HttpError(400, 'version: must be a version number');
    const snapshot = await readSnapshot(c.env, version);
    if (!snapshot) throw new HttpError(404, `version: ${version} was never published`);
    const checked = checkConfig(snapshot.config, 0);
    if (!checked.ok) throw new HttpError(409, `version: ${version} no longer passes the checks: ${checked.errors[0]}`, { issues: checked.errors });
    // A draft with unpublished changes is kept (GET /drafts), so restoring never loses work.
    const current = await readDraft(c.env);
    const keepDraft = current.changed && current.revision > 0 ? `replaced by restoring version ${version}` : undefined;
    const result = await publisher(c.env).publish(checked.config, undefined, c.get('who'), `restored version ${version}`, 'rollback', keepDraft ? { keepDraft } : {});
    if (!result.ok) throw new HttpError(409, 'version: the live version changed meanwhile; try again');
    resetConfigCache();
    return c.json({ version: result.version, publishedAt: result.publishedAt, keptDraft: keepDraft !== undefined });
  })
  .get('/audit', queryOf<{ limit?: string }>(), async (c) => {
    const limit = Number(c.req.query('limit') ?? 100);
    return c.json({ entries: await publisher(c.env).audit(Number.isFinite(limit) ? limit : 100) });
  })
  .post('/sanitize', jsonObjectBody<{ html: string }>(), async (c) => {
    const body = c.req.valid('json');
    if (typeof body.html !== 'string') throw new HttpError(400, 'html: must be a string');
    const { html, removed, problems } = sanitizeContentHtml(body.html);
    if (problems.length > 0) throw new HttpError(400, `html: ${problems[0]}`, { issues: problems.map((problem) => `html: ${problem}`) });
    return c.json({ html, removed });
  })
  .get('/catalog', async (c) => {
    const { draft } = await readDraft(c.env);
    const store = await siteStore(c, draft);
    const [seen, products] = await Promise.all([
      store.catalog().catch(() => ({ categories: [] as string[], events: [] as string[] })),
      catalogSite(c.env, c.executionCtx)
        .then((site) => catalogStore(c.env, site).status())
        .catch(() => null),
    ]);
    return c.json({
      slots: draft.slots.map((s) => ({ name: s.name, ...(s.pages ? { pages: s.pages } : {}), ...(s.selector ? { selector: s.selector, match: s.match ?? 'one' } : {}) })),
      categories: seen.categories,
      segments: SEGMENTS as readonly (typeof SEGMENTS)[number][],
      lists: Object.keys(draft.savedGroups ?? {}),
      events: [...new Set([...STANDARD_EVENTS, ...seen.events])],
      // What visitors' browsers really sent: a goal on any other name would never convert.
      seenEvents: seen.events,
      // The product catalog recommendations fill from (admin/catalog.ts): items, feed, last loads.
      products,
    });
  })
  // Selector health of element slots (objects/slot-health.ts): loads and misses per slot and UTC day.
  .get('/slots/health', async (c) => c.json(await (await siteStore(c)).slotHealth()))
  .route('/', pipelineApi)
  // Stored only after checkLibrary passed (PUT /library).
  .get('/library', async (c) => c.json({ items: JSON.parse(await publisher(c.env).library()) as LibraryItem[] }))
  .put('/library', jsonObjectBody<{ items: LibraryItem[] }>(), async (c) => {
    const body = c.req.valid('json');
    const checked = checkLibrary(body.items);
    if (!checked.ok) throw new HttpError(400, checked.errors[0] ?? 'items: invalid', { issues: checked.errors });
    await publisher(c.env).saveLibrary(JSON.stringify(checked.items), checked.items.length, c.get('who'));
    return c.json({ items: checked.items, removed: checked.removed });
  })
  .route('/catalog', catalogApi)
  .route('/results', resultsApi)
  .route('/programme', programmeApi)
  .route('/accounts', accountsApi)
  .route('/tokens', tokensApi)
  .route('/', customerData)
  // After every route: a path the Admin API does not have (behind sign-in, like the rest).
  .all('*', (c) => {
    throw new HttpError(404, `unknown Admin API route ${c.req.method} ${new URL(c.req.url).pathname}`);
  });

/** The Admin API's routes with their inputs and answers: the editor's typed client is built from it (editor/src/api.ts). */
export type AdminApp = typeof adminApi;
