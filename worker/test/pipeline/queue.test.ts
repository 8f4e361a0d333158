/**
 * The measurement pipeline inside workerd (docs/measurement.md): /__sw/collect → the event queue
 * → the consumer → the visitor's shard. The queue is a broker on simulated time
 * (simulated-queue.ts) driving the Worker's real queue handler, so outages of 30 s or ten minutes
 * take no wall time.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { CampaignDetail } from '@slotwise/core/stats';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import type { Env } from '../../src/env.ts';
import { shardName, shardStore } from '../../src/objects/shards.ts';
import { DEAD_LETTER_QUEUE_NAME, EVENT_QUEUE_NAME } from '../../src/pipeline/queues.ts';
import { retryDelay } from '../../src/pipeline/consume.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';
import { SimulatedQueue, shardsWithFaults } from './simulated-queue.ts';
import { utcWeek } from '@slotwise/core/stats';
import { siteEvents } from '../../src/objects/site-events.ts';
import { dealSeeker } from '../segment-cookies.ts';

const KEY = { authorization: 'Bearer test-admin-password' };
const HOUR = 3_600_000;
let run = 0;

/** A visitor's traffic: exposed to promo-ab's arm, then some purchases (its goal) with values. */
function traffic(prefix: string, visitors: number) {
  const now = Date.now();
  return Array.from({ length: visitors }, (_, v) => {
    const id = `${prefix}-visitor-${String(v).padStart(6, '0')}`;
    const start = now - 2 * HOUR + v * 1000;
    const events = [{ id: `${id}-x`, type: 'exposure', ts: start, props: { campaign: 'promo-ab', variant: v % 3 === 0 ? 'control' : v % 3 === 1 ? 'a' : 'b' } }];
    for (let p = 0; p < v % 4; p++) events.push({ id: `${id}-p${p}`, type: 'purchase', ts: start + (p + 1) * 60_000, props: { value: 10 + p } as never });
    return { id, ip: `10.0.${v >> 8}.${v & 255}`, events };
  });
}

type Visitor = ReturnType<typeof traffic>[number];

async function collect(visitor: Visitor, events: unknown[], overrides: Partial<Env>) {
  const response = await call(
    '/__sw/collect',
    {
      method: 'POST',
      body: JSON.stringify({ events }),
      headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor.id}`, 'cf-connecting-ip': visitor.ip },
    },
    overrides,
  );
  expect(response.status).toBe(202);
  return (await response.json()) as Record<string, unknown>;
}

/** Sends every visitor's events, the first half of them twice (a resend: duplicates). */
async function sendAll(visitors: Visitor[], overrides: Partial<Env>) {
  for (const [i, v] of visitors.entries()) {
    await collect(v, v.events, overrides);
    if (i % 2 === 0) await collect(v, v.events.slice(0, 2), overrides);
  }
}

async function results(campaign = 'promo-ab'): Promise<CampaignDetail> {
  const response = await call(`/__sw/admin/results/${campaign}`, { headers: KEY });
  expect(response.status).toBe(200);
  return (await response.json()) as CampaignDetail;
}

/** What results must show for `visitors`, per arm. */
function expectedArms(visitors: Visitor[]) {
  const arms = new Map<string, { exposed: number; converted: number; conversions: number }>();
  for (const v of visitors) {
    const arm = String(v.events[0]?.props.variant);
    const purchases = v.events.length - 1;
    const t = arms.get(arm) ?? { exposed: 0, converted: 0, conversions: 0 };
    arms.set(arm, { exposed: t.exposed + 1, converted: t.converted + (purchases > 0 ? 1 : 0), conversions: t.conversions + purchases });
  }
  return Object.fromEntries([...arms].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function armsOf(detail: CampaignDetail) {
  return Object.fromEntries(
    detail.arms.map((a) => [a.id, { exposed: a.exposed, converted: a.converted, conversions: a.conversions }] as const).sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

/** A fresh site on `shards` shards; returns its id. */
async function freshSite(shards: number, version = 1): Promise<string> {
  const site = `pipe${++run}x${Date.now().toString(36)}`;
  resetConfigCache();
  await publish(siteConfig(version, { site: { id: site, measurement: { shards } } } as never));
  return site;
}

beforeEach(() => {
  resetCollectLimits();
  resetConfigCache();
});

describe('the event queue', () => {
  it('collect answers once the batch is on the queue, without waiting for a store', async () => {
    await freshSite(4);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const [visitor] = traffic('answer', 1);
    if (!visitor) throw new Error('no visitor');
    // Every store refuses: collect must not call one.
    const overrides: Partial<Env> = { EVENT_INGEST: 'queue', EVENT_QUEUE: queue.binding(), EVENTS: shardsWithFaults(() => true) };
    expect(await collect(visitor, [...visitor.events, { id: 'x', type: 'Bad', ts: -1 }], overrides)).toEqual({
      accepted: visitor.events.length,
      queued: true,
      rejected: [expect.objectContaining({ index: visitor.events.length })],
    });
    expect(queue.waiting).toBe(1);
  });

  it("keeps the visitor's lifecycle segments on the queue: the consumer counts the budget chart per segment", async () => {
    const site = await freshSite(4);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const [visitor] = traffic('segments', 1);
    if (!visitor) throw new Error('no visitor');
    const response = await call(
      '/__sw/collect',
      {
        method: 'POST',
        body: JSON.stringify({ events: visitor.events.slice(0, 1) }),
        headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor.id}; sw_p=${dealSeeker()}` },
      },
      { EVENT_INGEST: 'queue', EVENT_QUEUE: queue.binding() },
    );
    expect(response.status).toBe(202);
    await queue.runUntil(5, () => env);
    expect(queue.waiting).toBe(0);
    const week = utcWeek(Date.now());
    const cells = await siteEvents(env, site).contactWeeks(week - 1, week);
    // One promotional message (promo-ab's exposure), counted under all customers and each of the visitor's segments.
    expect(cells.filter((c) => c.visitors > 0).map((c) => [c.segment, c.got, c.visitors])).toEqual(
      expect.arrayContaining([
        ['all', 1, 1],
        ['returning', 1, 1],
        ['deal_seeker', 1, 1],
      ]),
    );
    expect(cells).toHaveLength(3);
  });

  it('one shard failing for 30 seconds loses nothing and counts every event once', async () => {
    const site = await freshSite(4);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const visitors = traffic('outage', 48);
    await sendAll(visitors, { EVENT_INGEST: 'queue', EVENT_QUEUE: queue.binding() });
    const down = shardName(site, 2);
    const faulty = shardsWithFaults((name) => name === down && queue.now < 30);
    const consumerEnv = () => ({ ...env, EVENTS: faulty }) as Env;

    await queue.runUntil(10, consumerEnv);
    // Meanwhile the other shards' visitors are counted, the down shard's wait on the queue.
    expect(queue.waiting).toBeGreaterThan(0);
    await queue.runUntil(120, consumerEnv);
    expect(queue.waiting).toBe(0);
    expect(queue.dead).toEqual([]);

    expect(armsOf(await results())).toEqual(expectedArms(visitors));
    const summary = (await (await call('/__sw/admin/events/summary', { headers: KEY })).json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ events: visitors.reduce((n, v) => n + v.events.length, 0), visitors: visitors.length, shards: 4 });
    expect(summary.deadLetters).toEqual({ batches: 0, events: 0, oldest: null });
    // Each visitor's events are in exactly one shard, the one core's rule names.
    const perShard = await Promise.all([0, 1, 2, 3].map((i) => shardStore(env, site, i).summary()));
    expect(perShard.reduce((n, s) => n + s.visitors, 0)).toBe(visitors.length);
    expect(perShard.every((s) => s.visitors > 0)).toBe(true);
  });

  it('a shard down for good: its batches reach the dead letters, the admin sees how many, and a replay counts them once', async () => {
    const site = await freshSite(4);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const visitors = traffic('dead', 24);
    await sendAll(visitors, { EVENT_INGEST: 'queue', EVENT_QUEUE: queue.binding() });
    const down = shardName(site, 1);
    const consumerEnv = () => ({ ...env, EVENTS: shardsWithFaults((name) => name === down) }) as Env;
    // Ten retries with backoff: 1 + 2 + … + 256 + 300 s.
    const patience = Array.from({ length: 10 }, (_, i) => retryDelay(i + 1)).reduce((a, b) => a + b, 0);
    await queue.runUntil(patience + 5, consumerEnv);
    expect(queue.waiting).toBe(0);
    expect(queue.dead.length).toBeGreaterThan(0);

    // The dead-letter queue's consumer keeps them, and the Admin API counts them.
    const deadQueue = new SimulatedQueue(DEAD_LETTER_QUEUE_NAME);
    for (const m of queue.dead) deadQueue.send(m.body);
    await deadQueue.runUntil(1, () => env);
    const deadEvents = queue.dead.reduce((n, m) => n + (m.body as { events: unknown[] }).events.length, 0);
    const counted = (await (await call('/__sw/admin/events/dead-letters', { headers: KEY })).json()) as Record<string, unknown>;
    expect(counted).toMatchObject({ batches: queue.dead.length, events: deadEvents });

    // Before the replay the down shard's visitors are missing; after it, everyone is counted once.
    expect(armsOf(await results())).not.toEqual(expectedArms(visitors));
    const replay = await call('/__sw/admin/events/dead-letters/replay?limit=1000', { method: 'POST', headers: KEY }, { EVENT_INGEST: 'direct' });
    expect(await replay.json()).toEqual({ replayed: queue.dead.length, left: 0 });
    expect(armsOf(await results())).toEqual(expectedArms(visitors));
  });

  it('a batch stored but not acknowledged (a consumer restart) is delivered again and counted once', async () => {
    await freshSite(4);
    const queue = new SimulatedQueue(EVENT_QUEUE_NAME);
    const visitors = traffic('restart', 30);
    await sendAll(visitors, { EVENT_INGEST: 'queue', EVENT_QUEUE: queue.binding() });
    // The first delivery dies after storing, before acking: the whole batch comes back.
    const crashing = { ...env, DEV_OVERRIDES: 'true', EVENT_FAULTS: JSON.stringify({ crashEvery: 1 }) } as Env;
    let deliveries = 0;
    await queue.runUntil(5, () => (deliveries++ === 0 ? crashing : env));
    expect(queue.deliveries).toBeGreaterThan(1);
    expect(queue.waiting).toBe(0);
    expect(queue.dead).toEqual([]);
    expect(armsOf(await results())).toEqual(expectedArms(visitors));
    const summary = (await (await call('/__sw/admin/events/summary', { headers: KEY })).json()) as { events: number };
    expect(summary.events).toBe(visitors.reduce((n, v) => n + v.events.length, 0));
  });
});

describe('sharded results', () => {
  it('a site on 4 shards reports exactly what the same traffic on one store reports', async () => {
    await freshSite(1);
    const visitors = traffic('same', 40);
    await sendAll(visitors, { EVENT_INGEST: 'direct' });
    const single = await results();
    resetCollectLimits();
    await freshSite(4);
    await sendAll(visitors, { EVENT_INGEST: 'direct' });
    const sharded = await results();
    expect(armsOf(single)).toEqual(expectedArms(visitors));
    expect(sharded.arms).toEqual(single.arms);
    expect(sharded.daily).toEqual(single.daily);
  });

  it('changing the shard count and rebalancing loses and double-counts no visitor', async () => {
    const site = await freshSite(2);
    const before = traffic('grow', 40);
    await sendAll(before, { EVENT_INGEST: 'direct' });
    const counted = armsOf(await results());
    expect(counted).toEqual(expectedArms(before));

    // Five shards from the next publish on; new visitors go by the new count at once.
    resetConfigCache();
    await publish(siteConfig(2, { site: { id: site, measurement: { shards: 5 } } } as never));
    const after = traffic('grown', 20);
    resetCollectLimits();
    await sendAll(after, { EVENT_INGEST: 'direct' });
    // Before the move every shard ever used is read: nobody is lost.
    expect(armsOf(await results())).toEqual(expectedArms([...before, ...after]));

    let done = false;
    for (let i = 0; i < 20 && !done; i++) done = ((await (await call('/__sw/admin/events/rebalance?limit=7', { method: 'POST', headers: KEY })).json()) as { done: boolean }).done;
    expect(done).toBe(true);
    expect(armsOf(await results())).toEqual(expectedArms([...before, ...after]));
    const perShard = await Promise.all([0, 1, 2, 3, 4].map((i) => shardStore(env, site, i).summary()));
    expect(perShard.reduce((n, s) => n + s.visitors, 0)).toBe(before.length + after.length);
    expect(perShard.slice(2).every((s) => s.visitors > 0)).toBe(true);

    // And back down to two: the three removed shards' visitors move home, the results stay.
    resetConfigCache();
    await publish(siteConfig(3, { site: { id: site, measurement: { shards: 2 } } } as never));
    done = false;
    for (let i = 0; i < 20 && !done; i++) done = ((await (await call('/__sw/admin/events/rebalance', { method: 'POST', headers: KEY })).json()) as { done: boolean }).done;
    expect(done).toBe(true);
    expect(await shardStore(env, site, 0).shardsSeen()).toBe(2);
    expect(armsOf(await results())).toEqual(expectedArms([...before, ...after]));
  });
});
