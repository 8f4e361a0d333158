/**
 * Admin roles, shared by the Worker that enforces them and the editor that hides what would be
 * refused. Roles are ordered: each includes everything the one before it may do — viewer (read
 * the draft, results, versions), editor (+ change the draft, the library, customer data),
 * publisher (+ publish, roll back), admin (+ manage accounts).
 */
export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const hasRole = (role: Role, needed: Role): boolean => ROLES.indexOf(role) >= ROLES.indexOf(needed);

/** One account, as the Admin API lists it (never its password). */
export interface Account {
  name: string;
  role: Role;
  createdAt: string;
  createdBy: string;
  lastSignIn: string | null;
  sessions: number;
}

/** `GET /__sw/admin/session`: who is signed in, with which role, and how. */
export interface AdminSession {
  signedIn: true;
  who: string;
  role: Role;
  via: 'session' | 'bearer' | 'access';
}
