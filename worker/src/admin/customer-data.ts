/**
 * Known customer data from a CRM, under the Admin API (docs/admin-api.md, "Customer data"):
 * - **ID lists** (`/lists/:name`): segment membership by the site's own user id. Stored in the
 *   draft's `savedGroups` as keyed hashes (core's listHash with the ID_HASH_KEY secret), never
 *   the ids, and live with the next publish. The config stays on the server: browsers get no
 *   list, nor any campaign gated by one (client-config.ts). Audiences test
 *   `{"user.idHash": {"$inGroup": "<name>"}}` for visitors whose signed id (identity.ts) hashes
 *   into the list. Each list records its hash scheme (`savedGroupHashes`): a list without one was
 *   hashed with the first, unkeyed scheme and cannot be re-keyed without the ids, so it matches
 *   nobody, `GET /lists` says so, and it can only be replaced whole.
 * - **Traits** (`/traits`): attributes per user id, in KV under the id's fingerprint, for the
 *   Decide API (`traits.*` in conditions). The edge decides without lookups, so pages use lists.
 */
import { LIST_HASH, type SiteConfigInput, idHash, isUserId, listHash } from '@slotwise/core';
import { Hono } from 'hono';
import * as v from 'valibot';
import { checkConfig, publisher, readDraft } from './store.ts';
import type { Env } from '../env.ts';
import { describeIssues, readJsonBody } from '../http/json-body.ts';

type Vars = { Bindings: Env; Variables: { who: string } };

export const MAX_LIST_IDS = 100_000;
export const MAX_TRAITS = 50;
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const traitsKey = (userId: string) => `traits/${idHash(userId)}`;

const UserId = v.pipe(v.string(), v.check((id: string) => isUserId(id), 'must be 1-128 printable ASCII characters'));
const TraitsSchema = v.pipe(
  v.record(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'trait names are letters, digits and "_"')), v.union([v.pipe(v.string(), v.maxLength(500)), v.pipe(v.number(), v.finite()), v.boolean()])),
  v.check((t) => Object.keys(t).length <= MAX_TRAITS, `at most ${MAX_TRAITS} traits`),
);
const ListBody = v.object({ ids: v.pipe(v.array(UserId), v.maxLength(MAX_LIST_IDS)), mode: v.optional(v.picklist(['replace', 'add', 'remove']), 'replace') });
const TraitsBatch = v.object({ items: v.pipe(v.array(v.object({ id: UserId, traits: TraitsSchema })), v.minLength(1), v.maxLength(1000)) });

const issues = (result: { issues: readonly v.BaseIssue<unknown>[] }) => describeIssues(result.issues, 10);

async function body(c: { req: { raw: Request } }): Promise<unknown> {
  const read = await readJsonBody(c.req.raw);
  if (!read.ok) throw new Refusal(read.status, read.error);
  return read.value;
}

class Refusal extends Error {
  constructor(readonly status: 400 | 404 | 409 | 413 | 415 | 503, message: string) {
    super(message);
  }
}

export const customerData = new Hono<Vars>();

customerData.onError((error, c) => {
  if (error instanceof Refusal) return c.json({ error: error.message }, error.status);
  throw error;
});

/** Saves a changed draft (sanitized and validated like any draft), returning its revision. */
async function saveDraft(env: Env, draft: SiteConfigInput, who: string): Promise<number> {
  const site = publisher(env);
  const checked = checkConfig(draft, (await site.live()) ?? 0);
  if (!checked.ok) throw new Refusal(409, `draft: ${checked.errors[0]}`);
  const saved = await site.saveDraft(checked.config, null, who);
  return saved.revision;
}

customerData.get('/lists', async (c) => {
  const { draft } = await readDraft(c.env);
  return c.json({
    lists: Object.entries(draft.savedGroups ?? {}).map(([name, ids]) => {
      const hash = draft.savedGroupHashes?.[name];
      return hash ? { name, size: ids.length, hash } : { name, size: ids.length, hash: 'unkeyed', note: REUPLOAD };
    }),
  });
});

const REUPLOAD = 'hashed with the old unkeyed scheme: it matches nobody until uploaded again whole (PUT with mode "replace")';

customerData.put('/lists/:name', async (c) => {
  const name = c.req.param('name');
  if (!LIST_NAME.test(name)) throw new Refusal(400, 'name: must be 1-64 letters, digits, "-" or "_", starting with a letter or digit');
  const parsed = v.safeParse(ListBody, await body(c));
  if (!parsed.success) return c.json({ error: issues(parsed)[0], issues: issues(parsed) }, 400);
  const key = c.env.ID_HASH_KEY;
  if (!key) throw new Refusal(503, 'ID lists need the ID_HASH_KEY secret: set it with `wrangler secret put ID_HASH_KEY`');
  const { draft } = await readDraft(c.env);
  const exists = draft.savedGroups !== undefined && Object.hasOwn(draft.savedGroups, name);
  if (exists && parsed.output.mode !== 'replace' && draft.savedGroupHashes?.[name] !== LIST_HASH) throw new Refusal(409, `list: "${name}" was ${REUPLOAD}`);
  const current = new Set((exists ? draft.savedGroups![name]! : []).map(String));
  const hashes = await Promise.all(parsed.output.ids.map((id) => listHash(key, id)));
  const next = parsed.output.mode === 'replace' ? new Set(hashes) : current;
  if (parsed.output.mode === 'add') for (const h of hashes) next.add(h);
  if (parsed.output.mode === 'remove') for (const h of hashes) next.delete(h);
  if (next.size > MAX_LIST_IDS) throw new Refusal(400, `ids: a list holds at most ${MAX_LIST_IDS} ids`);
  const revision = await saveDraft(c.env, {
    ...draft,
    savedGroups: { ...draft.savedGroups, [name]: [...next].sort() },
    savedGroupHashes: { ...draft.savedGroupHashes, [name]: LIST_HASH },
  }, c.get('who'));
  return c.json({ name, size: next.size, revision, live: false, note: 'saved in the draft: live with the next publish' });
});

customerData.delete('/lists/:name', async (c) => {
  const name = c.req.param('name');
  const { draft } = await readDraft(c.env);
  if (!draft.savedGroups || !Object.hasOwn(draft.savedGroups, name)) throw new Refusal(404, `list: "${name}" does not exist`);
  const users = draft.audiences.filter((a) => JSON.stringify(a.condition).includes(JSON.stringify(name)));
  if (users.length) throw new Refusal(409, `list: "${name}" is used by audience "${users[0]!.id}"; change the audience first`);
  const { [name]: _, ...rest } = draft.savedGroups;
  const { [name]: __, ...hashes } = draft.savedGroupHashes ?? {};
  const revision = await saveDraft(c.env, { ...draft, savedGroups: rest, savedGroupHashes: hashes }, c.get('who'));
  return c.json({ name, deleted: true, revision });
});

customerData.put('/traits', async (c) => {
  const parsed = v.safeParse(TraitsBatch, await body(c));
  if (!parsed.success) return c.json({ error: issues(parsed)[0], issues: issues(parsed) }, 400);
  await Promise.all(parsed.output.items.map((item) => c.env.CONFIG.put(traitsKey(item.id), JSON.stringify(item.traits))));
  return c.json({ stored: parsed.output.items.length });
});

customerData.put('/traits/:id', async (c) => {
  const id = c.req.param('id');
  if (!isUserId(id)) throw new Refusal(400, 'id: must be 1-128 printable ASCII characters');
  const parsed = v.safeParse(v.object({ traits: TraitsSchema }), await body(c));
  if (!parsed.success) return c.json({ error: issues(parsed)[0], issues: issues(parsed) }, 400);
  await c.env.CONFIG.put(traitsKey(id), JSON.stringify(parsed.output.traits));
  return c.json({ stored: 1 });
});

customerData.get('/traits/:id', async (c) => {
  const id = c.req.param('id');
  if (!isUserId(id)) throw new Refusal(400, 'id: must be 1-128 printable ASCII characters');
  const stored = await c.env.CONFIG.get(traitsKey(id));
  if (stored === null) throw new Refusal(404, 'traits: none stored for this id');
  return c.json({ id, traits: JSON.parse(stored) as unknown });
});

customerData.delete('/traits/:id', async (c) => {
  const id = c.req.param('id');
  if (!isUserId(id)) throw new Refusal(400, 'id: must be 1-128 printable ASCII characters');
  await c.env.CONFIG.delete(traitsKey(id));
  return c.body(null, 204);
});

/** The traits stored for a user id (Decide API); none when absent or unreadable. */
export async function traitsOf(env: Env, userId: string): Promise<Record<string, unknown>> {
  try {
    const stored = await env.CONFIG.get(traitsKey(userId));
    const parsed = stored === null ? null : (JSON.parse(stored) as unknown);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
