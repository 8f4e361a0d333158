/**
 * Validated events, stored per site in a Durable Object with SQLite storage: strongly
 * consistent, so a duplicate event id is recognised and counted once. Aggregation for results
 * reads from here (measurement issue); this object only keeps what was delivered.
 */
import type { SwEvent } from '@slotwise/core';
import { DurableObject } from 'cloudflare:workers';

export class EventStore extends DurableObject {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS events (
      id TEXT PRIMARY KEY, visitor TEXT NOT NULL, type TEXT NOT NULL, ts INTEGER NOT NULL,
      props TEXT, received INTEGER NOT NULL)`);
    ctx.storage.sql.exec('CREATE INDEX IF NOT EXISTS events_type_ts ON events (type, ts)');
  }

  /**
   * Stores the events not seen before (`INSERT OR IGNORE`: a resent id is a no-op) and returns
   * how many were new. The statements run synchronously, so the batch commits as one unit.
   */
  async append(visitor: string, events: SwEvent[]): Promise<{ inserted: number }> {
    const sql = this.ctx.storage.sql;
    const received = Date.now();
    let inserted = 0;
    for (const e of events) {
      inserted += sql.exec(
        'INSERT OR IGNORE INTO events (id, visitor, type, ts, props, received) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
        e.id, visitor, e.type, e.ts, e.props ? JSON.stringify(e.props) : null, received,
      ).toArray().length;
    }
    return { inserted };
  }

  async count(): Promise<number> {
    return Number(this.ctx.storage.sql.exec('SELECT COUNT(*) AS n FROM events').one().n);
  }

  /** The stored events of one visitor, oldest first (tests and support tools). */
  async byVisitor(visitor: string): Promise<{ id: string; type: string }[]> {
    return this.ctx.storage.sql
      .exec<{ id: string; type: string }>('SELECT id, type FROM events WHERE visitor = ? ORDER BY ts, id', visitor)
      .toArray();
  }
}
