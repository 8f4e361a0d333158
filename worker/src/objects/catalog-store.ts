/**
 * A site's catalog, in SQLite: every item (100,000+), the feed to pull, the last load's report,
 * and the aggregate counts trending and bought-together read (views and purchases per item per
 * day; pairs of items bought together — no visitor in any of it). After each change it writes
 * the snapshot the edge reads from KV (catalog/snapshot.ts). Strongly consistent: an upsert and
 * the counts never race.
 */
import type { CatalogItem } from '@slotwise/core';
import { type CoPurchases, type Popularity, type RejectedLine, effectivePrice } from '@slotwise/core/recommend';
import { DurableObject } from 'cloudflare:workers';
import type { CatalogMeta } from '../catalog/layout.ts';
import { writeSnapshot } from '../catalog/snapshot.ts';

export interface Feed {
  url: string;
  everyHours: number;
}

export interface LoadReport {
  at: number;
  source: 'api' | 'feed';
  accepted: number;
  rejected: number;
  /** The first rejected lines, with why. */
  lines: RejectedLine[];
  error?: string;
}

export interface CatalogStatus {
  items: number;
  snapshot: CatalogMeta | null;
  feed: Feed | null;
  lastLoad: LoadReport | null;
  lastFeedPull: LoadReport | null;
}

const DAY_MS = 86_400_000;
/** Days of counts kept: trending reads 7. */
const COUNT_DAYS = 8;
const day = (ms: number) => Math.floor(ms / DAY_MS);
const iso = (ms: number) => new Date(ms).toISOString();

export class CatalogStore extends DurableObject<Cloudflare.Env> {
  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec('CREATE TABLE IF NOT EXISTS items (id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID');
    sql.exec('CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    sql.exec('CREATE TABLE IF NOT EXISTS counts (id TEXT NOT NULL, day INTEGER NOT NULL, views INTEGER NOT NULL, buys INTEGER NOT NULL, PRIMARY KEY (id, day)) WITHOUT ROWID');
    sql.exec('CREATE TABLE IF NOT EXISTS together (a TEXT NOT NULL, b TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID');
  }

  /**
   * Adds or replaces items. What the strategies need to know about a change is kept on the item:
   * when it joined (`addedAt`), came back in stock (`restockedAt`) and got cheaper
   * (`priceDroppedAt`, `previousPrice`), unless the item says so itself.
   */
  async upsert(items: CatalogItem[], now: number): Promise<number> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const item of items) {
        const row = sql.exec<{ json: string }>('SELECT json FROM items WHERE id = ?', item.id).toArray()[0];
        const old = row ? (JSON.parse(row.json) as CatalogItem) : null;
        const next: CatalogItem = { ...item, addedAt: item.addedAt ?? old?.addedAt ?? iso(now) };
        if (old && old.availability !== 'in_stock' && item.availability === 'in_stock' && !item.restockedAt) next.restockedAt = iso(now);
        else if (old?.restockedAt && !item.restockedAt) next.restockedAt = old.restockedAt;
        if (old && effectivePrice(item) < effectivePrice(old) && !item.priceDroppedAt) {
          next.priceDroppedAt = iso(now);
          next.previousPrice = effectivePrice(old);
        } else if (old?.priceDroppedAt && !item.priceDroppedAt && effectivePrice(item) <= effectivePrice(old)) {
          next.priceDroppedAt = old.priceDroppedAt;
          if (old.previousPrice !== undefined) next.previousPrice = old.previousPrice;
        }
        sql.exec('INSERT OR REPLACE INTO items (id, json) VALUES (?, ?)', item.id, JSON.stringify(next));
      }
    });
    return items.length;
  }

  async remove(id: string): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    sql.exec('DELETE FROM items WHERE id = ?', id);
    return Number(sql.exec('SELECT changes() AS n').one().n) > 0;
  }

  async noteLoad(report: LoadReport): Promise<void> {
    this.setting(report.source === 'feed' ? 'lastFeedPull' : 'lastLoad', JSON.stringify(report));
  }

  async setFeed(feed: Feed | null): Promise<void> {
    if (feed) this.setting('feed', JSON.stringify(feed));
    else this.ctx.storage.sql.exec("DELETE FROM settings WHERE key = 'feed'");
  }

  /** The feed when a pull is due at `now` (never pulled, or `everyHours` since the last pull). */
  async feedDue(now: number): Promise<Feed | null> {
    const feed = this.read<Feed>('feed');
    const last = this.read<LoadReport>('lastFeedPull');
    return feed && (!last || now - last.at >= feed.everyHours * 3_600_000 - 60_000) ? feed : null;
  }

  async status(): Promise<CatalogStatus> {
    const items = Number(this.ctx.storage.sql.exec('SELECT COUNT(*) AS n FROM items').one().n);
    return {
      items,
      snapshot: this.read<CatalogMeta>('snapshot'),
      feed: this.read<Feed>('feed'),
      lastLoad: this.read<LoadReport>('lastLoad'),
      lastFeedPull: this.read<LoadReport>('lastFeedPull'),
    };
  }

  /**
   * Aggregate counts from the edge and from delivered purchases: views per item, and the item
   * lists of orders (each counts one purchase per item and one pair per two items in it).
   */
  async count(views: Record<string, number>, orders: string[][], now: number): Promise<void> {
    const sql = this.ctx.storage.sql;
    const today = day(now);
    const add = (id: string, v: number, b: number) =>
      sql.exec(
        'INSERT INTO counts (id, day, views, buys) VALUES (?, ?, ?, ?) ON CONFLICT (id, day) DO UPDATE SET views = views + excluded.views, buys = buys + excluded.buys',
        id,
        today,
        v,
        b,
      );
    this.ctx.storage.transactionSync(() => {
      for (const [id, n] of Object.entries(views)) add(id, n, 0);
      for (const order of orders) {
        const ids = [...new Set(order)].slice(0, 50);
        for (const id of ids) add(id, 0, 1);
        for (const a of ids) for (const b of ids) if (a !== b) sql.exec('INSERT INTO together (a, b, n) VALUES (?, ?, 1) ON CONFLICT (a, b) DO UPDATE SET n = n + 1', a, b);
      }
      sql.exec('DELETE FROM counts WHERE day < ?', today - COUNT_DAYS);
    });
  }

  /** Writes the edge's snapshot of the catalog as it is now (layout.ts). */
  async publish(site: string, now: number): Promise<CatalogMeta> {
    const sql = this.ctx.storage.sql;
    const items = sql
      .exec<{ json: string }>('SELECT json FROM items')
      .toArray()
      .map((r) => JSON.parse(r.json) as CatalogItem);
    const today = day(now);
    const counts: Popularity = {};
    for (const r of sql.exec<{ id: string; d: number; views: number; buys: number }>('SELECT id, day AS d, views, buys FROM counts WHERE day > ?', today - 7)) {
      const c = (counts[r.id] ??= { views1: 0, views7: 0, buys1: 0, buys7: 0 });
      c.views7 += r.views;
      c.buys7 += r.buys;
      if (r.d === today) {
        c.views1 += r.views;
        c.buys1 += r.buys;
      }
    }
    const together: CoPurchases = {};
    for (const r of sql.exec<{ a: string; b: string; n: number }>('SELECT a, b, n FROM together')) (together[r.a] ??= {})[r.b] = r.n;
    const meta = await writeSnapshot(this.env.CONFIG, site, items, counts, together, now);
    this.setting('snapshot', JSON.stringify(meta));
    return meta;
  }

  private setting(key: string, value: string): void {
    this.ctx.storage.sql.exec('INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)', key, value);
  }

  private read<T>(key: string): T | null {
    const row = this.ctx.storage.sql.exec<{ value: string }>('SELECT value FROM settings WHERE key = ?', key).toArray()[0];
    return row ? (JSON.parse(row.value) as T) : null;
  }
}
