/**
 * Named admin accounts and their sessions, in one Durable Object for the Worker (SQLite):
 * strongly consistent, so a removed account, a changed role or a revoked session counts on the
 * very next request everywhere.
 *
 * - An account: a name (unique, case-insensitive), a role, and a PBKDF2 hash of its password
 *   (admin/password-hash.ts). The Worker checks passwords itself (this object only stores hashes),
 *   so a slow hash never holds up other requests here.
 * - An API token (for an account's scripts): likewise only its SHA-256, with a short public id
 *   to list and revoke it by; it acts with the account's current role.
 * - A session: the SHA-256 of a random id (the browser's `sw_admin` cookie holds the id, so a
 *   copy of this storage signs nobody in), its account, and its idle and absolute expiry. The
 *   account's role is read on every request, never copied into the session.
 */
import { DurableObject } from 'cloudflare:workers';
import type { Env } from '../env.ts';
import type { PasswordHash } from '../admin/password-hash.ts';
import type { Account, Role } from '@slotwise/core/protocol';

export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_MAX_MS = 12 * 3600_000;
/** A session's last use is written at most this often (one write per request would be wasted). */
const TOUCH_EVERY_MS = 60_000;

export type { Account } from '@slotwise/core/protocol';

export interface StoredAccount {
  name: string;
  role: Role;
  password: PasswordHash;
}

const keyOf = (name: string) => name.normalize('NFKC').toLowerCase();

export class AdminAccounts extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec(`CREATE TABLE IF NOT EXISTS accounts (key TEXT PRIMARY KEY, name TEXT NOT NULL, role TEXT NOT NULL,
      password TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL, last_sign_in INTEGER)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS sessions (id_hash TEXT PRIMARY KEY, account TEXT NOT NULL,
      created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL, via TEXT NOT NULL)`);
    sql.exec(`CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, account TEXT NOT NULL,
      label TEXT NOT NULL, created_at INTEGER NOT NULL, last_used INTEGER)`);
  }

  async count(): Promise<number> {
    return Number(this.ctx.storage.sql.exec('SELECT COUNT(*) AS n FROM accounts').one().n);
  }

  async find(name: string): Promise<StoredAccount | null> {
    const row = this.ctx.storage.sql.exec('SELECT name, role, password FROM accounts WHERE key = ?', keyOf(name)).toArray()[0];
    return row ? { name: String(row.name), role: String(row.role) as Role, password: JSON.parse(String(row.password)) as PasswordHash } : null;
  }

  async list(now: number): Promise<Account[]> {
    const sql = this.ctx.storage.sql;
    this.expireSessions(now);
    return sql
      .exec(`SELECT a.name, a.role, a.created_at, a.created_by, a.last_sign_in,
        (SELECT COUNT(*) FROM sessions s WHERE s.account = a.key) AS sessions
      FROM accounts a ORDER BY a.created_at, a.key`)
      .toArray()
      .map((r) => ({
        name: String(r.name),
        role: String(r.role) as Role,
        createdAt: new Date(Number(r.created_at)).toISOString(),
        createdBy: String(r.created_by),
        lastSignIn: r.last_sign_in === null ? null : new Date(Number(r.last_sign_in)).toISOString(),
        sessions: Number(r.sessions),
      }));
  }

  /** Adds an account; false when the name is taken. `onlyIfNone` makes it the bootstrap: only into an empty table. */
  async create(name: string, role: Role, password: PasswordHash, by: string, now: number, onlyIfNone = false): Promise<boolean> {
    const sql = this.ctx.storage.sql;
    if (onlyIfNone && (await this.count()) > 0) return false;
    if (sql.exec('SELECT 1 FROM accounts WHERE key = ?', keyOf(name)).toArray().length) return false;
    sql.exec('INSERT INTO accounts (key, name, role, password, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)', keyOf(name), name, role, JSON.stringify(password), now, by);
    return true;
  }

  /**
   * Changes an account's role and/or password. A new password ends its sessions. Refused
   * (`last-admin`) when it would leave no admin.
   */
  async update(name: string, change: { role?: Role; password?: PasswordHash }): Promise<'ok' | 'unknown' | 'last-admin'> {
    const sql = this.ctx.storage.sql;
    const key = keyOf(name);
    const current = await this.find(name);
    if (!current) return 'unknown';
    if (change.role && change.role !== 'admin' && current.role === 'admin' && this.admins() === 1) return 'last-admin';
    if (change.role) sql.exec('UPDATE accounts SET role = ? WHERE key = ?', change.role, key);
    if (change.password) {
      sql.exec('UPDATE accounts SET password = ? WHERE key = ?', JSON.stringify(change.password), key);
      sql.exec('DELETE FROM sessions WHERE account = ?', key);
      sql.exec('DELETE FROM tokens WHERE account = ?', key);
    }
    return 'ok';
  }

  async remove(name: string): Promise<'ok' | 'unknown' | 'last-admin'> {
    const current = await this.find(name);
    if (!current) return 'unknown';
    if (current.role === 'admin' && this.admins() === 1) return 'last-admin';
    this.ctx.storage.sql.exec('DELETE FROM accounts WHERE key = ?', keyOf(name));
    this.ctx.storage.sql.exec('DELETE FROM sessions WHERE account = ?', keyOf(name));
    this.ctx.storage.sql.exec('DELETE FROM tokens WHERE account = ?', keyOf(name));
    return 'ok';
  }

  private admins(): number {
    return Number(this.ctx.storage.sql.exec("SELECT COUNT(*) AS n FROM accounts WHERE role = 'admin'").one().n);
  }

  async startSession(idHash: string, name: string, now: number): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.expireSessions(now);
    sql.exec('INSERT INTO sessions (id_hash, account, created_at, last_seen, via) VALUES (?, ?, ?, ?, ?)', idHash, keyOf(name), now, now, 'password');
    sql.exec('UPDATE accounts SET last_sign_in = ? WHERE key = ?', now, keyOf(name));
  }

  /** The account a live session belongs to (and its current role), marking the session used; null when unknown, expired or revoked. */
  async useSession(idHash: string, now: number): Promise<{ name: string; role: Role; expires: number } | null> {
    const sql = this.ctx.storage.sql;
    const row = sql
      .exec(
        `SELECT s.created_at, s.last_seen, a.name, a.role FROM sessions s JOIN accounts a ON a.key = s.account
      WHERE s.id_hash = ?`,
        idHash,
      )
      .toArray()[0];
    if (!row) return null;
    const created = Number(row.created_at);
    const lastSeen = Number(row.last_seen);
    if (now - lastSeen > SESSION_IDLE_MS || now - created > SESSION_MAX_MS) {
      sql.exec('DELETE FROM sessions WHERE id_hash = ?', idHash);
      return null;
    }
    if (now - lastSeen > TOUCH_EVERY_MS) sql.exec('UPDATE sessions SET last_seen = ? WHERE id_hash = ?', now, idHash);
    return { name: String(row.name), role: String(row.role) as Role, expires: Math.min(created + SESSION_MAX_MS, Math.max(now, lastSeen) + SESSION_IDLE_MS) };
  }

  async endSession(idHash: string): Promise<void> {
    this.ctx.storage.sql.exec('DELETE FROM sessions WHERE id_hash = ?', idHash);
  }

  /** Ends every session of an account; returns how many there were, or null for an unknown account. */
  async endSessionsOf(name: string): Promise<number | null> {
    if (!(await this.find(name))) return null;
    return this.ctx.storage.sql.exec('DELETE FROM sessions WHERE account = ?', keyOf(name)).rowsWritten;
  }

  async addToken(hash: string, id: string, name: string, label: string, now: number): Promise<void> {
    this.ctx.storage.sql.exec('INSERT INTO tokens (hash, id, account, label, created_at) VALUES (?, ?, ?, ?, ?)', hash, id, keyOf(name), label, now);
  }

  /** The account an API token acts for (with its current role), or null for an unknown or revoked token. */
  async useToken(hash: string, now: number): Promise<{ name: string; role: Role } | null> {
    const sql = this.ctx.storage.sql;
    const row = sql.exec('SELECT a.name, a.role, t.last_used FROM tokens t JOIN accounts a ON a.key = t.account WHERE t.hash = ?', hash).toArray()[0];
    if (!row) return null;
    if (row.last_used === null || now - Number(row.last_used) > TOUCH_EVERY_MS) sql.exec('UPDATE tokens SET last_used = ? WHERE hash = ?', now, hash);
    return { name: String(row.name), role: String(row.role) as Role };
  }

  async tokensOf(name: string): Promise<{ id: string; label: string; createdAt: string; lastUsed: string | null }[]> {
    return this.ctx.storage.sql
      .exec('SELECT id, label, created_at, last_used FROM tokens WHERE account = ? ORDER BY created_at', keyOf(name))
      .toArray()
      .map((r) => ({
        id: String(r.id),
        label: String(r.label),
        createdAt: new Date(Number(r.created_at)).toISOString(),
        lastUsed: r.last_used === null ? null : new Date(Number(r.last_used)).toISOString(),
      }));
  }

  /** Revokes one of the account's tokens; false when it has none with that id. */
  async removeToken(name: string, id: string): Promise<boolean> {
    return this.ctx.storage.sql.exec('DELETE FROM tokens WHERE account = ? AND id = ?', keyOf(name), id).rowsWritten > 0;
  }

  private expireSessions(now: number): void {
    this.ctx.storage.sql.exec('DELETE FROM sessions WHERE last_seen < ? OR created_at < ?', now - SESSION_IDLE_MS, now - SESSION_MAX_MS);
  }
}

/** The Worker's one accounts object. */
export const accounts = (env: Env) => env.ACCOUNTS.get(env.ACCOUNTS.idFromName('accounts'));
