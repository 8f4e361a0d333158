/**
 * Event ids are deduplicated per visitor (the SDK's /__sw/collect) and per channel and customer
 * (/__sw/decide/exposures), never across the site: an id one client guesses cannot suppress
 * another visitor's event or a channel's report (issue 16, item 8). The events table of the
 * first schema (ids unique site-wide) moves to the new one with every event still counted once.
 */
import type { SwEvent } from '@slotwise/core/protocol';
import { runInDurableObject } from 'cloudflare:test';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { type EventStore, ensureEventsTable } from '../../src/objects/event-store.ts';
import { siteConfig } from '../fixtures.ts';
import { call, env, publish } from '../harness.ts';

const KEY = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
const store = (site = 'shop') => env.EVENTS.get(env.EVENTS.idFromName(site)) as unknown as DurableObjectStub<EventStore>;
const visitor = (name: string) => `visitor-${name}-`.padEnd(22, '0');
let n = 0;
/** A campaign id of its own per test, so each test reads only its own aggregates. */
const campaign = () => `dedupe-${n++}`;
const exposure = (id: string, c: string, variant = 'a'): SwEvent => ({ id, type: 'exposure', ts: Date.now() - 1000, props: { campaign: c, variant, slot: 'promo' } });

async function collect(who: string, events: SwEvent[]): Promise<{ accepted: number; duplicates: number }> {
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor(who)}` },
  });
  expect(response.status).toBe(202);
  return response.json();
}

async function report(customer: string, exposures: Record<string, unknown>[]): Promise<{ accepted: number; duplicates: number }> {
  const response = await call('/__sw/decide/exposures', { method: 'POST', headers: KEY, body: JSON.stringify({ visitorId: visitor(customer), exposures }) });
  expect(response.status).toBe(202);
  return response.json();
}

const exposed = async (c: string) => Object.fromEntries((await store().totals([{ campaign: c, goal: 'purchase' }]))[0]!.map((t) => [t.arm, t.exposed]));

beforeEach(async () => {
  resetConfigCache();
  resetCollectLimits();
  await publish(siteConfig());
});

describe('event ids', () => {
  it('an anonymous visitor’s guessed id does not suppress the email channel’s exposure report', async () => {
    const c = campaign();
    const guessed = 'email-2026-12-07-00021699';
    expect(await collect('attacker', [exposure(guessed, c, 'b')])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await report('customer', [{ id: guessed, campaign: c, variant: 'a', channel: 'email' }])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await exposed(c)).toEqual({ a: 1, b: 1 });
    expect(await store().byVisitor(visitor('customer'))).toEqual([{ id: guessed, type: 'exposure' }]);
  });

  it('the same id from two visitors counts twice; from one visitor, once', async () => {
    const c = campaign();
    const id = `shared-id-${c}`;
    expect(await collect('first', [exposure(id, c)])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await collect('second', [exposure(id, c)])).toMatchObject({ accepted: 1, duplicates: 0 });
    expect(await collect('first', [exposure(id, c)])).toMatchObject({ accepted: 0, duplicates: 1 });
    expect(await exposed(c)).toEqual({ a: 2 });
  });

  it('a channel’s report counts once per channel and customer, whatever the website or other channels sent', async () => {
    const c = campaign();
    const id = `report-id-${c}`;
    expect(await collect('shopper', [exposure(id, c)])).toMatchObject({ accepted: 1 });
    // The same customer's website event with this id does not hide the email report, nor the app's.
    expect(
      await report('shopper', [
        { id, campaign: c, variant: 'a', channel: 'email' },
        { id, campaign: c, variant: 'a', channel: 'app' },
      ]),
    ).toEqual({ accepted: 2, duplicates: 0 });
    expect(await report('shopper', [{ id, campaign: c, variant: 'a', channel: 'email' }])).toEqual({ accepted: 0, duplicates: 1 });
    expect(await report('other', [{ id, campaign: c, variant: 'a', channel: 'email' }])).toEqual({ accepted: 1, duplicates: 0 });
    // Counted as visitors: the shopper once (first exposure), the other customer once.
    expect(await exposed(c)).toEqual({ a: 2 });
  });
});

describe('the events table of the first schema', () => {
  it('moves to per-visitor ids with every stored event counted once, and resends still duplicates', async () => {
    const site = 'dedupe-migration';
    const old = store(site);
    const ts = Date.now() - 60_000;
    await runInDurableObject(old, async (instance: EventStore, state) => {
      const sql = state.storage.sql;
      // The table as the first schema made it, holding a website event and an email report.
      sql.exec('DROP TABLE events');
      sql.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, visitor TEXT NOT NULL, type TEXT NOT NULL, ts INTEGER NOT NULL, props TEXT, received INTEGER NOT NULL)`);
      sql.exec('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)', 'web-1', visitor('old-a'), 'exposure', ts, JSON.stringify({ campaign: 'mig', variant: 'a' }), ts);
      sql.exec('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)', 'mail-1', visitor('old-b'), 'exposure', ts, JSON.stringify({ campaign: 'mig', variant: 'b', channel: 'email' }), ts);
      sql.exec('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)', 'buy-1', visitor('old-a'), 'purchase', ts + 1, JSON.stringify({ value: 5 }), ts);
      await instance.rebuildAggregates();
      state.storage.transactionSync(() => ensureEventsTable(sql));
      const columns = sql
        .exec<{ name: string }>("SELECT name FROM pragma_table_info('events')")
        .toArray()
        .map((r) => r.name);
      expect(columns).toContain('source');
      expect(sql.exec('SELECT id, source FROM events ORDER BY id').toArray()).toEqual([
        { id: 'buy-1', source: '' },
        { id: 'mail-1', source: 'channel:email' },
        { id: 'web-1', source: '' },
      ]);
    });
    // The aggregates counted before the move are kept as they are.
    const before = await old.totals([{ campaign: 'mig', goal: 'purchase' }]);
    expect(before[0]!.map((t) => [t.arm, t.exposed, t.converted])).toEqual([
      ['a', 1, 1],
      ['b', 1, 0],
    ]);
    // Resends of what was stored before the move are still duplicates, for the site and the channel.
    expect(await old.append(visitor('old-a'), [{ id: 'web-1', type: 'exposure', ts, props: { campaign: 'mig', variant: 'a' } }])).toEqual({ inserted: 0 });
    expect(await old.append(visitor('old-b'), [{ id: 'mail-1', type: 'exposure', ts, props: { campaign: 'mig', variant: 'b', channel: 'email' } }], 'channel:email')).toEqual({
      inserted: 0,
    });
    expect(await old.totals([{ campaign: 'mig', goal: 'purchase' }])).toEqual(before);
    await old.rebuildAggregates();
    expect(await old.totals([{ campaign: 'mig', goal: 'purchase' }])).toEqual(before);
    // The same id from another visitor is now a new event.
    expect(await old.append(visitor('old-c'), [{ id: 'web-1', type: 'exposure', ts, props: { campaign: 'mig', variant: 'b' } }])).toEqual({ inserted: 1 });
    expect((await old.totals([{ campaign: 'mig', goal: 'purchase' }]))[0]!.map((t) => [t.arm, t.exposed])).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
    // Run again, the move changes nothing.
    await runInDurableObject(old, (_: EventStore, state) => {
      state.storage.transactionSync(() => ensureEventsTable(state.storage.sql));
      expect(Number(state.storage.sql.exec('SELECT COUNT(*) AS n FROM events').one().n)).toBe(4);
    });
  });
});
