/**
 * The measurement pipeline in the Admin API (docs/admin-api.md, docs/measurement.md): dead
 * letters (count, replay), moving visitors after the shard count changed, and the raw-event
 * export to R2 (run now, list the files, download one). Reading counts is for every signed-in
 * person; the rest, which moves or hands out raw events, is for admins (roles.ts).
 */
import { Hono } from 'hono';
import type { Env } from '../env.ts';
import { HttpError } from '../http/errors.ts';
import { queryOf } from './body.ts';
import { deadLetters } from '../objects/dead-letters.ts';
import { siteEvents } from '../objects/site-events.ts';
import { replayDeadLetters } from '../pipeline/dead-letters.ts';
import { EXPORT_PREFIX, exportSite } from '../pipeline/export.ts';
import { rebalance } from '../pipeline/rebalance.ts';
import { readLive } from './results.ts';
import { readDraft } from './store.ts';

/** The site whose events these are: the live config's (what pages and collect write under), else the draft's. */
async function site(env: Env, ctx: Pick<ExecutionContext, 'waitUntil'>) {
  const config = await readLive(env, ctx);
  return { config, siteId: config?.siteId ?? (await readDraft(env)).draft.site.id };
}

const limitOf = (raw: string | undefined, fallback: number, max: number) => {
  const n = Number(raw ?? fallback);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new HttpError(400, `limit: must be a whole number from 1 to ${max}`);
  return n;
};

export const pipelineApi = new Hono<{ Bindings: Env }>()
  /** Stored events across the shards, with the dead letters beside them. */
  .get('/events/summary', async (c) => {
    const { siteId } = await site(c.env, c.executionCtx);
    const [summary, dead] = await Promise.all([siteEvents(c.env, siteId).summary(), deadLetters(c.env, siteId).counts()]);
    return c.json({ ...summary, deadLetters: dead });
  })
  .get('/events/dead-letters', async (c) => {
    const { siteId } = await site(c.env, c.executionCtx);
    return c.json(await deadLetters(c.env, siteId).counts());
  })
  .post('/events/dead-letters/replay', queryOf<{ limit?: string }>(), async (c) => {
    const { config, siteId } = await site(c.env, c.executionCtx);
    return c.json(await replayDeadLetters(c.env, config, siteId, limitOf(c.req.query('limit'), 100, 1000)));
  })
  .post('/events/rebalance', queryOf<{ limit?: string }>(), async (c) => {
    const { config, siteId } = await site(c.env, c.executionCtx);
    return c.json(await rebalance(c.env, config, siteId, limitOf(c.req.query('limit'), 200, 5000)));
  })
  .post('/exports/run', async (c) => {
    const { siteId } = await site(c.env, c.executionCtx);
    return c.json(await exportSite(c.env, siteId));
  })
  .get('/exports', queryOf<{ cursor?: string }>(), async (c) => {
    const { siteId } = await site(c.env, c.executionCtx);
    const cursor = c.req.query('cursor');
    const listed = await c.env.EVENT_EXPORTS.list({ prefix: `${EXPORT_PREFIX}site=${siteId}/`, ...(cursor ? { cursor } : {}) });
    return c.json({
      files: listed.objects.map((o) => ({ key: o.key, size: o.size, uploaded: o.uploaded.toISOString() })),
      schema: `${EXPORT_PREFIX}schema.json`,
      ...(listed.truncated ? { cursor: listed.cursor } : {}),
    });
  })
  /** One exported file as stored (gzip for the events, JSON for the schema). */
  .get('/exports/file', queryOf<{ key: string }>(), async (c) => {
    const key = c.req.query('key') ?? '';
    if (!key.startsWith(EXPORT_PREFIX) || key.includes('..')) throw new HttpError(400, `key: must be a file under ${EXPORT_PREFIX}`);
    const object = await c.env.EVENT_EXPORTS.get(key);
    if (!object) throw new HttpError(404, `key: no exported file "${key}"`);
    return c.body(object.body, 200, { 'content-type': key.endsWith('.gz') ? 'application/gzip' : 'application/json' });
  });
