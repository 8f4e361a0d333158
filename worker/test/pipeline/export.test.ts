/**
 * Bounded storage and raw events leaving for the warehouse, inside workerd: the per-site
 * retention, the R2 export (files, partitions, schema, each event once), and the signed webhook.
 */
import { runDurableObjectAlarm } from 'cloudflare:test';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { liveConfig, resetConfigCache } from '../../src/config/live.ts';
import type { Env } from '../../src/env.ts';
import { shardStore } from '../../src/objects/shards.ts';
import { storeBatches } from '../../src/pipeline/batches.ts';
import { EVENT_QUEUE_NAME, WEBHOOK_QUEUE_NAME } from '../../src/pipeline/queues.ts';
import { webhookDelay } from '../../src/pipeline/webhook.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish, stubOrigin } from '../harness.ts';
import { SimulatedQueue } from './simulated-queue.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
const DAY = 86_400_000;
let run = 0;

async function freshSite(measurement: Record<string, unknown>): Promise<string> {
  const site = `exp${++run}x${Date.now().toString(36)}`;
  resetConfigCache();
  await publish(siteConfig(1, { site: { id: site, measurement } } as never));
  return site;
}

const events = (visitor: string, n: number, ts: (i: number) => number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${visitor}-e${i}`,
    type: i === 0 ? 'exposure' : 'purchase',
    ts: ts(i),
    props: i === 0 ? { campaign: 'promo-ab', variant: 'a' } : { value: i },
  }));

async function gunzipLines(body: ArrayBuffer): Promise<Record<string, unknown>[]> {
  const text = await new Response(new Blob([body]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

afterEach(() => vi.restoreAllMocks());

describe('retention per site', () => {
  it('drops raw events older than the site\u2019s retention, and keeps younger ones', async () => {
    const site = await freshSite({ retentionDays: 120 });
    const now = Date.now();
    const store = shardStore(env, site, 0);
    await store.appendMany([{ visitor: 'ret-visitor-000000001', events: [...events('old', 2, () => now - 130 * DAY), ...events('new', 2, () => now - 100 * DAY)] }], {
      retentionDays: 120,
    });
    expect(await store.count()).toBe(4);
    await runDurableObjectAlarm(store);
    expect((await store.byVisitor('ret-visitor-000000001')).map((e) => e.id)).toEqual(['new-e0', 'new-e1']);
  });

  it('with the default 180 days, the same 130-day-old events stay', async () => {
    const site = await freshSite({});
    const store = shardStore(env, site, 0);
    await store.appendMany([{ visitor: 'ret-visitor-000000002', events: events('old', 2, () => Date.now() - 130 * DAY) }], {});
    await runDurableObjectAlarm(store);
    expect(await store.count()).toBe(2);
  });

  it('a site that exports keeps an old event until it is in R2, then drops it', async () => {
    const site = await freshSite({ retentionDays: 120, export: true });
    const store = shardStore(env, site, 0);
    await store.appendMany([{ visitor: 'ret-visitor-000000003', events: events('old', 3, () => Date.now() - 130 * DAY) }], { retentionDays: 120, export: true });
    await runDurableObjectAlarm(store);
    expect(await store.count()).toBe(3);
    expect((await call('/__sw/admin/exports/run', { method: 'POST', headers: KEY })).status).toBe(200);
    await store.appendMany([], { retentionDays: 120, export: true });
    await runDurableObjectAlarm(store);
    expect(await store.count()).toBe(0);
  });

  it('refuses a retention shorter than counting needs', async () => {
    const response = await call('/__sw/admin/draft', {
      method: 'PUT',
      headers: { ...KEY, 'content-type': 'application/json' },
      body: JSON.stringify(siteConfig(1, { site: { id: 'shop', measurement: { retentionDays: 30 } } } as never)),
    });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('retentionDays');
  });
});

describe('export to R2', () => {
  it('writes gzipped JSON Lines partitioned by site and day, with a schema, each event once', async () => {
    const site = await freshSite({ shards: 4, export: true });
    const now = Date.now();
    const live = await liveConfig(env, { waitUntil: () => undefined } as unknown as ExecutionContext);
    const visitors = Array.from({ length: 12 }, (_, v) => `exp-visitor-${String(v).padStart(8, '0')}`);
    for (const [v, id] of visitors.entries()) {
      const batch = events(id, 3, (i) => now - (v % 3) * DAY - i * 1000);
      await storeBatches(env, live.config, site, [{ visitor: id, events: batch }]);
    }
    const first = (await (await call('/__sw/admin/exports/run', { method: 'POST', headers: KEY })).json()) as { files: string[]; rows: number };
    expect(first.rows).toBe(36);
    for (const key of first.files) expect(key).toMatch(new RegExp(`^events/site=${site}/date=\\d{4}-\\d{2}-\\d{2}/part-s[0-3]-\\d+\\.jsonl\\.gz$`));
    expect(new Set(first.files.map((k) => k.split('/')[2])).size).toBe(3);

    const listed = (await (await call('/__sw/admin/exports', { headers: KEY })).json()) as { files: { key: string }[] };
    expect(listed.files.map((f) => f.key).sort()).toEqual(first.files);
    const lines: Record<string, unknown>[] = [];
    for (const key of first.files) {
      const file = await call(`/__sw/admin/exports/file?key=${encodeURIComponent(key)}`, { headers: KEY });
      expect(file.status).toBe(200);
      const rows = await gunzipLines(await file.arrayBuffer());
      // A file holds one day: its partition's.
      for (const r of rows) expect(key).toContain(`date=${String(r.time).slice(0, 10)}/`);
      lines.push(...rows);
    }
    expect(lines.map((l) => `${l.visitor}/${l.id}`).sort()).toEqual(visitors.flatMap((v) => [0, 1, 2].map((i) => `${v}/${v}-e${i}`)).sort());
    expect(lines.find((l) => l.type === 'exposure')?.props).toEqual({ campaign: 'promo-ab', variant: 'a' });
    const schema = (await (await call('/__sw/admin/exports/file?key=events/schema.json', { headers: KEY })).json()) as { columns: { name: string }[] };
    expect(schema.columns.map((c) => c.name)).toEqual(['id', 'visitor', 'source', 'type', 'ts', 'time', 'props', 'received']);

    const again = (await (await call('/__sw/admin/exports/run', { method: 'POST', headers: KEY })).json()) as { rows: number };
    expect(again.rows).toBe(0);
  });

  it('downloads only exported files', async () => {
    await freshSite({ export: true });
    expect((await call('/__sw/admin/exports/file?key=../secrets', { headers: KEY })).status).toBe(400);
    expect((await call('/__sw/admin/exports/file?key=events/nothing.gz', { headers: KEY })).status).toBe(404);
  });
});

describe('the signed webhook', () => {
  it('POSTs each stored batch signed with HMAC-SHA-256, and retries a refusal with backoff', async () => {
    const site = await freshSite({ shards: 2 });
    const secret = 'test-webhook-secret';
    const hooks = new SimulatedQueue(WEBHOOK_QUEUE_NAME, 12);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const withHook = { ...env, EVENT_WEBHOOK_URL: 'https://hooks.example/slotwise', EVENT_WEBHOOK_SECRET: secret, WEBHOOK_QUEUE: hooks.binding() } as Env;
    const visitor = 'hook-visitor-000000001';
    queue.send({ site, visitor, events: events(visitor, 2, (i) => Date.now() - i) });
    await queue.runUntil(1, () => withHook);
    expect(hooks.waiting).toBe(1);

    let answers = [500, 200];
    const seen = stubOrigin(() => new Response(null, { status: answers.shift() ?? 200 }));
    await hooks.runUntil(webhookDelay(1) - 1, () => withHook);
    expect(seen).toHaveLength(1);
    expect(hooks.waiting).toBe(1);
    await hooks.runUntil(webhookDelay(1) + 1, () => withHook);
    expect(seen).toHaveLength(2);
    expect(hooks.waiting).toBe(0);

    const request = seen[1];
    if (!request) throw new Error('no delivery');
    expect(request.url).toBe('https://hooks.example/slotwise');
    const body = await request.text();
    const [t, v1] = (request.headers.get('x-slotwise-signature') ?? '').split(',').map((p) => p.split('=')[1]);
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    const mac = new Uint8Array((v1 ?? '').match(/../g)?.map((h) => Number.parseInt(h, 16)) ?? []);
    expect(await crypto.subtle.verify('HMAC', key, mac, new TextEncoder().encode(`${t}.${body}`))).toBe(true);
    expect(JSON.parse(body)).toMatchObject({ site, batches: [{ visitor, events: [{ id: `${visitor}-e0` }, { id: `${visitor}-e1` }] }] });
    expect(request.headers.get('x-slotwise-delivery')).toBe(seen[0]?.headers.get('x-slotwise-delivery'));
    answers = [];
  });
});
