/**
 * The one place that changes what is live, per site: a Durable Object, so publishes are
 * serialized and a publish based on an outdated version is refused (409) instead of silently
 * replacing someone else's. It also keeps the draft (with a revision, for the same reason)
 * and the audit log of every change. KV holds what the edge reads: immutable, signed snapshots
 * and the live pointer, written here in that order.
 */
import type { SiteConfig } from '@slotwise/core';
import type { AuditEntry, AuthAction } from '@slotwise/core/protocol';
import { DurableObject } from 'cloudflare:workers';
import { LIVE_POINTER_KEY, SNAPSHOT_PREFIX, snapshotKey } from '../config/keys.ts';
import { signSnapshot } from '../config/signature.ts';
import type { Env } from '../env.ts';

export type PublishResult = { ok: true; version: number; publishedAt: string } | { ok: false; conflict: { live: number | null; revision?: number } };

/** A draft saved by someone, kept so each change can be credited to who made it (GET /draft/changes). */
export interface DraftHistoryRow {
  who: string;
  at: string;
  json: string;
}

/** A draft that a restore replaced while it had unpublished changes: kept, restorable. */
export interface KeptDraft {
  id: number;
  at: string;
  who: string;
  reason: string;
  campaigns: number;
}

/** The draft as stored JSON (a config's conditions are open-ended JSON, which RPC types cannot describe). */
export interface StoredDraft {
  json: string;
  revision: number;
}

const MAX_AUDIT_ROWS = 10_000;
/** Saves kept for crediting changes since the last publish (a run of one person's saves is one row). */
const MAX_HISTORY_ROWS = 50;
const MAX_KEPT_DRAFTS = 50;
/** Someone is "editing now" when their editor said so within this time (it does every 15 s). */
export const PRESENCE_MS = 60_000;
/** The editor autosaves as the marketer types: saves by the same person this close together are one audit row. */
const DRAFT_SAVES_MERGE_MS = 10 * 60_000;

export class ConfigPublisher extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, version INTEGER, detail TEXT NOT NULL)`);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS draft_history (id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL, who TEXT NOT NULL, json TEXT NOT NULL)`);
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS kept_drafts (id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL, who TEXT NOT NULL, reason TEXT NOT NULL, campaigns INTEGER NOT NULL, json TEXT NOT NULL)`);
  }

  /** Who had an editor open, by name → last heartbeat (memory only: presence is about the last minute). */
  private readonly present = new Map<string, number>();

  private get(key: string): string | null {
    const rows = this.ctx.storage.sql.exec('SELECT value FROM state WHERE key = ?', key).toArray();
    return rows.length ? String(rows[0]!.value) : null;
  }

  private set(key: string, value: string): void {
    this.ctx.storage.sql.exec('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value', key, value);
  }

  private log(who: string, action: AuditEntry['action'], version: number | null, detail: string): void {
    const sql = this.ctx.storage.sql;
    sql.exec('INSERT INTO audit (at, who, action, version, detail) VALUES (?, ?, ?, ?, ?)', Date.now(), who, action, version, detail.slice(0, 500));
    sql.exec('DELETE FROM audit WHERE id <= (SELECT MAX(id) FROM audit) - ?', MAX_AUDIT_ROWS);
  }

  /**
   * A draft save extends the newest audit row when that row is a draft save by the same person
   * within DRAFT_SAVES_MERGE_MS (its time and detail become this save's), so a session of
   * autosaves reads as one entry; anything else in between (a publish, someone else) starts a new one.
   */
  private logDraftSave(who: string, detail: string): void {
    const sql = this.ctx.storage.sql;
    const last = sql.exec('SELECT id, at, who, action FROM audit ORDER BY id DESC LIMIT 1').toArray()[0];
    const now = Date.now();
    if (last && last.action === 'save-draft' && last.who === who && now - Number(last.at) < DRAFT_SAVES_MERGE_MS) {
      sql.exec('UPDATE audit SET at = ?, detail = ? WHERE id = ?', now, detail.slice(0, 500), last.id);
      return;
    }
    this.log(who, 'save-draft', null, detail);
  }

  /** The live version. The first time, it is taken from KV (a site seeded before this object existed). */
  async live(): Promise<number | null> {
    const known = this.get('live');
    if (known !== null) return known === '' ? null : Number(known);
    const pointer = await this.env.CONFIG.get(LIVE_POINTER_KEY);
    const version = pointer !== null && /^\d+$/.test(pointer) ? Number(pointer) : null;
    this.set('live', version === null ? '' : String(version));
    return version;
  }

  async draft(): Promise<StoredDraft | null> {
    const value = this.get('draft');
    return value === null ? null : { json: value, revision: Number(this.get('revision') ?? 0) };
  }

  /** Saves the draft unless it changed since `baseRevision` (when given); returns the new revision. */
  async saveDraft(config: SiteConfig, baseRevision: number | null, who: string): Promise<{ ok: true; revision: number } | { ok: false; revision: number }> {
    const revision = Number(this.get('revision') ?? 0);
    if (baseRevision !== null && baseRevision !== revision) return { ok: false, revision };
    const json = JSON.stringify(config);
    this.set('draft', json);
    this.set('revision', String(revision + 1));
    this.logDraftSave(who, `${config.campaigns.length} campaigns, ${config.audiences.length} audiences`);
    this.remember(who, json);
    return { ok: true, revision: revision + 1 };
  }

  /** Adds a save to the history; one person's consecutive saves are one row (the latest). */
  private remember(who: string, json: string): void {
    const sql = this.ctx.storage.sql;
    const last = sql.exec('SELECT id, who FROM draft_history ORDER BY id DESC LIMIT 1').toArray()[0];
    if (last && last.who === who) sql.exec('UPDATE draft_history SET at = ?, json = ? WHERE id = ?', Date.now(), json, last.id);
    else sql.exec('INSERT INTO draft_history (at, who, json) VALUES (?, ?, ?)', Date.now(), who, json);
    sql.exec('DELETE FROM draft_history WHERE id <= (SELECT MAX(id) FROM draft_history) - ?', MAX_HISTORY_ROWS);
  }

  /** The saves since the last publish, oldest first. */
  async draftHistory(): Promise<DraftHistoryRow[]> {
    return this.ctx.storage.sql
      .exec('SELECT at, who, json FROM draft_history ORDER BY id')
      .toArray()
      .map((r) => ({ at: new Date(Number(r.at)).toISOString(), who: String(r.who), json: String(r.json) }));
  }

  async keptDrafts(): Promise<KeptDraft[]> {
    return this.ctx.storage.sql
      .exec('SELECT id, at, who, reason, campaigns FROM kept_drafts ORDER BY id DESC')
      .toArray()
      .map((r) => ({ id: Number(r.id), at: new Date(Number(r.at)).toISOString(), who: String(r.who), reason: String(r.reason), campaigns: Number(r.campaigns) }));
  }

  async keptDraft(id: number): Promise<string | null> {
    const row = this.ctx.storage.sql.exec('SELECT json FROM kept_drafts WHERE id = ?', id).toArray()[0];
    return row ? String(row.json) : null;
  }

  /**
   * Notes that `who` has an editor open; returns everyone seen within PRESENCE_MS, most recent
   * first, and the live version and draft revision, so an open editor learns of a publish or a
   * save it did not make (another person's, or an automatic pause) within one heartbeat.
   */
  async heartbeat(who: string): Promise<{ editing: { who: string; seenAt: string }[]; live: number | null; revision: number }> {
    const now = Date.now();
    this.present.set(who, now);
    for (const [name, at] of this.present) if (now - at > PRESENCE_MS) this.present.delete(name);
    const editing = [...this.present].sort((a, b) => b[1] - a[1]).map(([name, at]) => ({ who: name, seenAt: new Date(at).toISOString() }));
    return { editing, live: await this.live(), revision: Number(this.get('revision') ?? 0) };
  }

  async leave(who: string): Promise<void> {
    this.present.delete(who);
  }

  /**
   * Publishes a checked config as live + 1, if `baseVersion` (when given) is still live. The
   * whole publish holds the object, so two publishes cannot both pass the check.
   */
  async publish(
    config: SiteConfig,
    baseVersion: number | null | undefined,
    who: string,
    note: string,
    action: 'publish' | 'rollback',
    options: { draftRevision?: number; keepDraft?: string } = {},
  ): Promise<PublishResult> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const live = await this.live();
      if (baseVersion !== undefined && baseVersion !== live) return { ok: false, conflict: { live } };
      // The draft the person reviewed (its revision) must be the one being published.
      const revision = Number(this.get('revision') ?? 0);
      if (options.draftRevision !== undefined && options.draftRevision !== revision) return { ok: false, conflict: { live, revision } };
      const current = this.get('draft');
      if (options.keepDraft && current !== null) {
        const sql = this.ctx.storage.sql;
        const campaigns = (JSON.parse(current) as { campaigns?: unknown[] }).campaigns?.length ?? 0;
        sql.exec('INSERT INTO kept_drafts (at, who, reason, campaigns, json) VALUES (?, ?, ?, ?, ?)', Date.now(), who, options.keepDraft.slice(0, 200), campaigns, current);
        sql.exec('DELETE FROM kept_drafts WHERE id <= (SELECT MAX(id) FROM kept_drafts) - ?', MAX_KEPT_DRAFTS);
      }
      const version = Math.max(live ?? 0, await this.highestSnapshot()) + 1;
      const publishedAt = new Date().toISOString();
      const snapshot = { ...config, version };
      const metadata = { publishedAt, note: note.slice(0, 200), campaigns: config.campaigns.length, by: who, action };
      // Snapshot first, pointer second: a reader that sees the new pointer finds the snapshot.
      const value = JSON.stringify(snapshot);
      // Signed where it is written: the edge uses no snapshot without a genuine signature.
      const sig = await signSnapshot(this.env, value);
      await this.env.CONFIG.put(snapshotKey(version), value, { metadata: { ...metadata, sig } });
      await this.env.CONFIG.put(LIVE_POINTER_KEY, String(version));
      this.set('live', String(version));
      this.set('highest', String(version));
      this.set('draft', JSON.stringify(snapshot));
      this.set('revision', String(revision + 1));
      // Changes are credited from the new live version on.
      this.ctx.storage.sql.exec('DELETE FROM draft_history');
      this.log(who, action, version, note);
      return { ok: true, version, publishedAt };
    });
  }

  async noteSignIn(who: string): Promise<void> {
    this.log(who, 'sign-in', null, '');
  }

  /**
   * An authentication event (admin/auth.ts). Failures by the same name from the same client
   * within DRAFT_SAVES_MERGE_MS extend the newest row instead of adding one, so a guesser
   * cannot push real changes out of the bounded log (the throttle bounds the rest).
   */
  async noteAuth(who: string, action: AuthAction, detail: string): Promise<void> {
    const sql = this.ctx.storage.sql;
    const failure = action === 'sign-in-failed' || action === 'key-rejected';
    const last = failure ? sql.exec('SELECT id, at, who, action, detail FROM audit ORDER BY id DESC LIMIT 1').toArray()[0] : undefined;
    const now = Date.now();
    const repeat = /^(.*?)(?: \((\d+) attempts\))?$/.exec(String(last?.detail ?? ''));
    if (last && last.action === action && last.who === who && repeat?.[1] === detail && now - Number(last.at) < DRAFT_SAVES_MERGE_MS) {
      sql.exec('UPDATE audit SET at = ?, detail = ? WHERE id = ?', now, `${detail} (${Number(repeat[2] ?? 1) + 1} attempts)`, last.id);
      return;
    }
    this.log(who, action, null, detail);
  }

  /** The content library (reusable variant content), as stored JSON; see admin/library.ts. */
  async library(): Promise<string> {
    return this.get('library') ?? '[]';
  }

  async saveLibrary(json: string, count: number, who: string): Promise<void> {
    this.set('library', json);
    this.log(who, 'save-library', null, `${count} items`);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    return this.ctx.storage.sql
      .exec('SELECT at, who, action, version, detail FROM audit ORDER BY id DESC LIMIT ?', Math.min(Math.max(1, limit), 500))
      .toArray()
      .map((r) => ({
        at: new Date(Number(r.at)).toISOString(),
        who: String(r.who),
        action: String(r.action) as AuditEntry['action'],
        version: r.version === null ? null : Number(r.version),
        detail: String(r.detail),
      }));
  }

  /** A version number never reused, even if snapshots were written by hand (the demo seed). */
  private async highestSnapshot(): Promise<number> {
    const known = Number(this.get('highest') ?? 0);
    const listed = await this.env.CONFIG.list({ prefix: SNAPSHOT_PREFIX });
    return Math.max(known, ...listed.keys.map((k) => Number(k.name.slice(SNAPSHOT_PREFIX.length))).filter(Number.isSafeInteger));
  }
}
