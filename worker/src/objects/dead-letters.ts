/**
 * Event batches the pipeline could not store after every retry (the dead-letter queue's
 * consumer puts them here, pipeline/dead-letters.ts), per site. Kept whole, so nothing valid is
 * lost: the Admin API shows how many, and a replay sends them through the pipeline again (the
 * stores' dedupe makes a replay of a batch that did get stored a no-op).
 */
import { DurableObject } from 'cloudflare:workers';

export type DeadLetter = { id: string; body: string; events: number; at: number };

export class DeadLetters extends DurableObject {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS dead (id TEXT PRIMARY KEY, body TEXT NOT NULL, events INTEGER NOT NULL, at INTEGER NOT NULL)');
  }

  /** Keeps a batch under its queue message id: the same message kept twice is one row. */
  async keep(letters: readonly DeadLetter[]): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const l of letters) sql.exec('INSERT OR IGNORE INTO dead (id, body, events, at) VALUES (?, ?, ?, ?)', l.id, l.body, l.events, l.at);
    });
  }

  async counts(): Promise<{ batches: number; events: number; oldest: number | null }> {
    const row = this.ctx.storage.sql
      .exec<{ batches: number; events: number | null; oldest: number | null }>('SELECT COUNT(*) AS batches, SUM(events) AS events, MIN(at) AS oldest FROM dead')
      .one();
    return { batches: Number(row.batches), events: Number(row.events ?? 0), oldest: row.oldest === null ? null : Number(row.oldest) };
  }

  /** The oldest `limit` batches, for a replay; `remove` drops them once they are back in the pipeline. */
  async oldest(limit: number): Promise<DeadLetter[]> {
    return this.ctx.storage.sql.exec<DeadLetter>('SELECT id, body, events, at FROM dead ORDER BY at, id LIMIT ?', Math.max(1, Math.floor(limit))).toArray();
  }

  async remove(ids: readonly string[]): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const id of ids) sql.exec('DELETE FROM dead WHERE id = ?', id);
    });
  }
}

export const deadLetters = (env: Cloudflare.Env, siteId: string) => env.DEAD_LETTERS.get(env.DEAD_LETTERS.idFromName(siteId));
