/**
 * Known customer data from a CRM, under the Admin API (docs/admin-api.md, "Customer data"):
 * - **ID lists** (`/lists/:name`): segment membership by the site's own user id. Stored in the
 *   draft's `savedGroups` as keyed hashes (core's listHash with the ID_HASH_KEY secret), never
 *   the ids, and live with the next publish. The config stays on the server: browsers get no
 *   list, nor any campaign gated by one (api/client-config.ts). Audiences test
 *   `{"user.idHash": {"$inGroup": "<name>"}}` for visitors whose signed id (page/identity.ts) hashes
 *   into the list. Each list records its hash scheme (`savedGroupHashes`): a list without one was
 *   hashed with the first, unkeyed scheme and cannot be re-keyed without the ids, so it matches
 *   nobody, `GET /lists` says so, and it can only be replaced whole.
 * - **Traits** (`/traits`): attributes per user id, in KV under the id's fingerprint, for the
 *   Decide API (`traits.*` in conditions). The edge decides without lookups, so pages use lists.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { LIST_HASH, isUserId, listHash } from '@slotwise/core/identity';
import { Hono } from 'hono';
import * as v from 'valibot';
import { checkConfig, publisher, readDraft } from './store.ts';
import type { Env } from '../env.ts';
import { traitsKey } from '../config/traits.ts';
import { HttpError } from '../http/errors.ts';
import { ID_RULE, isId } from '@slotwise/core';
import { parseOr400 } from '../http/json-body.ts';
import { adminJson, jsonBody } from './body.ts';

type Vars = { Bindings: Env; Variables: { who: string } };

export const MAX_LIST_IDS = 100_000;
export const MAX_TRAITS = 50;

const UserId = v.pipe(
  v.string(),
  v.check((id: string) => isUserId(id), 'must be 1-128 printable ASCII characters'),
);
const TraitsSchema = v.pipe(
  v.record(
    v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'trait names are letters, digits and "_"')),
    v.union([v.pipe(v.string(), v.maxLength(500)), v.pipe(v.number(), v.finite()), v.boolean()]),
  ),
  v.check((t) => Object.keys(t).length <= MAX_TRAITS, `at most ${MAX_TRAITS} traits`),
);
const ListBody = v.object({ ids: v.pipe(v.array(UserId), v.maxLength(MAX_LIST_IDS)), mode: v.optional(v.picklist(['replace', 'add', 'remove']), 'replace') });
const TraitsBatch = v.object({ items: v.pipe(v.array(v.object({ id: UserId, traits: TraitsSchema })), v.minLength(1), v.maxLength(1000)) });

/** A body's schema output, or a 400 naming its first ten problems. */
const parsedBody = async <S extends v.GenericSchema>(schema: S, c: { req: { raw: Request } }) => parseOr400(schema, await adminJson(c), 10);

/** Saves a changed draft (sanitized and validated like any draft), returning its revision. */
async function saveDraft(env: Env, draft: SiteConfigInput, who: string): Promise<number> {
  const site = publisher(env);
  const checked = checkConfig(draft, (await site.live()) ?? 0);
  if (!checked.ok) throw new HttpError(409, `draft: ${checked.errors[0]}`);
  const saved = await site.saveDraft(checked.config, null, who);
  return saved.revision;
}

const REUPLOAD = 'hashed with the old unkeyed scheme: it matches nobody until uploaded again whole (PUT with mode "replace")';

export const customerData = new Hono<Vars>()
  .get('/lists', async (c) => {
    const { draft } = await readDraft(c.env);
    return c.json({
      lists: Object.entries(draft.savedGroups ?? {}).map(([name, ids]) => {
        const hash = draft.savedGroupHashes?.[name];
        return hash ? { name, size: ids.length, hash } : { name, size: ids.length, hash: 'unkeyed', note: REUPLOAD };
      }),
    });
  })
  .put('/lists/:name', async (c) => {
    const name = c.req.param('name');
    if (!isId(name)) throw new HttpError(400, `name: ${ID_RULE}`);
    const body = await parsedBody(ListBody, c);
    const key = c.env.ID_HASH_KEY;
    if (!key) throw new HttpError(503, 'ID lists need the ID_HASH_KEY secret: set it with `wrangler secret put ID_HASH_KEY`');
    const { draft } = await readDraft(c.env);
    const exists = draft.savedGroups !== undefined && Object.hasOwn(draft.savedGroups, name);
    if (exists && body.mode !== 'replace' && draft.savedGroupHashes?.[name] !== LIST_HASH) throw new HttpError(409, `list: "${name}" was ${REUPLOAD}`);
    const current = new Set((exists ? draft.savedGroups![name]! : []).map(String));
    const hashes = await Promise.all(body.ids.map((id) => listHash(key, id)));
    const next = body.mode === 'replace' ? new Set(hashes) : current;
    if (body.mode === 'add') for (const h of hashes) next.add(h);
    if (body.mode === 'remove') for (const h of hashes) next.delete(h);
    if (next.size > MAX_LIST_IDS) throw new HttpError(400, `ids: a list holds at most ${MAX_LIST_IDS} ids`);
    const revision = await saveDraft(
      c.env,
      {
        ...draft,
        savedGroups: { ...draft.savedGroups, [name]: [...next].sort() },
        savedGroupHashes: { ...draft.savedGroupHashes, [name]: LIST_HASH },
      },
      c.get('who'),
    );
    return c.json({ name, size: next.size, revision, live: false, note: 'saved in the draft: live with the next publish' });
  })
  .delete('/lists/:name', async (c) => {
    const name = c.req.param('name');
    const { draft } = await readDraft(c.env);
    if (!draft.savedGroups || !Object.hasOwn(draft.savedGroups, name)) throw new HttpError(404, `list: "${name}" does not exist`);
    const users = draft.audiences.filter((a) => JSON.stringify(a.condition).includes(JSON.stringify(name)));
    if (users.length) throw new HttpError(409, `list: "${name}" is used by audience "${users[0]!.id}"; change the audience first`);
    const { [name]: _, ...rest } = draft.savedGroups;
    const { [name]: __, ...hashes } = draft.savedGroupHashes ?? {};
    const revision = await saveDraft(c.env, { ...draft, savedGroups: rest, savedGroupHashes: hashes }, c.get('who'));
    return c.json({ name, deleted: true, revision });
  })
  .put('/traits', jsonBody<v.InferInput<typeof TraitsBatch>>(), async (c) => {
    const body = parseOr400(TraitsBatch, c.req.valid('json'), 10);
    await Promise.all(body.items.map((item) => c.env.CONFIG.put(traitsKey(item.id), JSON.stringify(item.traits))));
    return c.json({ stored: body.items.length });
  })
  .put('/traits/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUserId(id)) throw new HttpError(400, 'id: must be 1-128 printable ASCII characters');
    const body = await parsedBody(v.object({ traits: TraitsSchema }), c);
    await c.env.CONFIG.put(traitsKey(id), JSON.stringify(body.traits));
    return c.json({ stored: 1 });
  })
  .get('/traits/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUserId(id)) throw new HttpError(400, 'id: must be 1-128 printable ASCII characters');
    const stored = await c.env.CONFIG.get(traitsKey(id));
    if (stored === null) throw new HttpError(404, 'traits: none stored for this id');
    return c.json({ id, traits: JSON.parse(stored) as unknown });
  })
  .delete('/traits/:id', async (c) => {
    const id = c.req.param('id');
    if (!isUserId(id)) throw new HttpError(400, 'id: must be 1-128 printable ASCII characters');
    await c.env.CONFIG.delete(traitsKey(id));
    return c.body(null, 204);
  });
