/**
 * Who is signed in to the editor and what their role lets them do (the server decides; this
 * only hides what would be refused).
 */
import { signal } from '@preact/signals';
import { type Role, hasRole } from '@slotwise/core/protocol';
import type { Session } from '../api.ts';

export const who = signal<string | null>(null);
export const role = signal<Role>('viewer');
export const signedInVia = signal<Session['via']>('session');

export const may = (needed: Role) => hasRole(role.value, needed);

export function signedIn(session: Session | null): void {
  role.value = session?.role ?? 'viewer';
  signedInVia.value = session?.via ?? 'session';
  who.value = session?.who ?? null;
}
