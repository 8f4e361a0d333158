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
    // What the site has, for the editor's pickers: categories seen in its pages.
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS categories (name TEXT PRIMARY KEY, last_seen INTEGER NOT NULL)');
  }

  async noteCategory(name: string): Promise<void> {
    this.ctx.storage.sql.exec('INSERT INTO categories (name, last_seen) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET last_seen = excluded.last_seen', name, Date.now());
  }

  /** Categories seen in pages and event types delivered, most recent first, bounded. */
  async catalog(): Promise<{ categories: string[]; events: string[] }> {
    const sql = this.ctx.storage.sql;
    const categories = sql.exec('SELECT name FROM categories ORDER BY last_seen DESC LIMIT 200').toArray().map((r) => String(r.name));
    const events = sql.exec('SELECT type, MAX(ts) AS last FROM events GROUP BY type ORDER BY last DESC LIMIT 200').toArray().map((r) => String(r.type));
    return { categories, events };
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
