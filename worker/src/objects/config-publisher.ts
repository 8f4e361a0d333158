/**
 * The one place that changes what is live, per site: a Durable Object, so publishes are
 * serialized and a publish based on an outdated version is refused (409) instead of silently
 * replacing someone else's. It also keeps the draft (with a revision, for the same reason)
 * and the audit log of every change. KV holds what the edge reads: immutable, signed snapshots
 * and the live pointer, written here in that order.
 */
import type { AuditEntry, AuthAction, SiteConfig } from '@slotwise/core';
import { DurableObject } from 'cloudflare:workers';
import { LIVE_POINTER_KEY, SNAPSHOT_PREFIX, snapshotKey } from '../config/keys.ts';
import { signSnapshot } from '../config/signature.ts';
import type { Env } from '../env.ts';


export type PublishResult =
  | { ok: true; version: number; publishedAt: string }
  | { ok: false; conflict: { live: number | null } };

/** The draft as stored JSON (a config's conditions are open-ended JSON, which RPC types cannot describe). */
export interface StoredDraft {
  json: string;
  revision: number;
}

const MAX_AUDIT_ROWS = 10_000;
/** The editor autosaves as the marketer types: saves by the same person this close together are one audit row. */
const DRAFT_SAVES_MERGE_MS = 10 * 60_000;

export class ConfigPublisher extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec('CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    ctx.storage.sql.exec(`CREATE TABLE IF NOT EXISTS audit (id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL, who TEXT NOT NULL, action TEXT NOT NULL, version INTEGER, detail TEXT NOT NULL)`);
  }

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
    this.set('draft', JSON.stringify(config));
    this.set('revision', String(revision + 1));
    this.logDraftSave(who, `${config.campaigns.length} campaigns, ${config.audiences.length} audiences`);
    return { ok: true, revision: revision + 1 };
  }

  /**
   * Publishes a checked config as live + 1, if `baseVersion` (when given) is still live. The
   * whole publish holds the object, so two publishes cannot both pass the check.
   */
  async publish(config: SiteConfig, baseVersion: number | null | undefined, who: string, note: string, action: 'publish' | 'rollback'): Promise<PublishResult> {
    return this.ctx.blockConcurrencyWhile(async () => {
      const live = await this.live();
      if (baseVersion !== undefined && baseVersion !== live) return { ok: false, conflict: { live } };
      const version = Math.max(live ?? 0, await this.highestSnapshot()) + 1;
      const publishedAt = new Date().toISOString();
      const snapshot = { ...config, version };
      const metadata = { publishedAt, note: note.slice(0, 200), campaigns: config.campaigns.length, by: who };
      // Snapshot first, pointer second: a reader that sees the new pointer finds the snapshot.
      const value = JSON.stringify(snapshot);
      // Signed where it is written: the edge uses no snapshot without a genuine signature.
      const sig = await signSnapshot(this.env, value);
      await this.env.CONFIG.put(snapshotKey(version), value, { metadata: { ...metadata, sig } });
      await this.env.CONFIG.put(LIVE_POINTER_KEY, String(version));
      this.set('live', String(version));
      this.set('highest', String(version));
      this.set('draft', JSON.stringify(snapshot));
      this.set('revision', String(Number(this.get('revision') ?? 0) + 1));
      this.log(who, action, version, note);
      return { ok: true, version, publishedAt };
    });
  }

  async noteSignIn(who: string): Promise<void> {
    this.log(who, 'sign-in', null, '');
  }

  /**
   * An authentication event (admin-auth.ts). Failures by the same name from the same client
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

  /** The content library (reusable variant content), as stored JSON; see content-library.ts. */
  async library(): Promise<string> {
    return this.get('library') ?? '[]';
  }

  async saveLibrary(json: string, count: number, who: string): Promise<void> {
    this.set('library', json);
    this.log(who, 'save-library', null, `${count} items`);
  }

  async audit(limit: number): Promise<AuditEntry[]> {
    return this.ctx.storage.sql.exec('SELECT at, who, action, version, detail FROM audit ORDER BY id DESC LIMIT ?', Math.min(Math.max(1, limit), 500))
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
