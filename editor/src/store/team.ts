/**
 * The team (admins only): accounts and their roles. Each change answers true when done and
 * says so in a notice; a refusal is a notice with the server's reason.
 */
import { type Account, type Role, api } from '../api.ts';
import { notify } from './notices.ts';

export async function loadAccounts(): Promise<Account[] | null> {
  try {
    return (await api.accounts()).accounts;
  } catch (e) {
    notify('error', `Could not load the team: ${(e as Error).message}`);
    return null;
  }
}

/** Adds a person; a refusal is thrown (the form shows it beside the fields). */
export async function addAccount(name: string, role: Role, password: string): Promise<void> {
  await api.addAccount(name.trim(), role, password);
  notify('success', `${name.trim()} can sign in now, as ${role}. Give them the password privately.`);
}

async function act(what: () => Promise<unknown>, done: string): Promise<boolean> {
  try {
    await what();
    notify('success', done);
    return true;
  } catch (e) {
    notify('error', (e as Error).message);
    return false;
  }
}

export const changeRole = (name: string, role: Role) => act(() => api.changeAccount(name, { role }), `${name} is now ${role}.`);
export const resetPassword = (name: string, password: string) => act(() => api.changeAccount(name, { password }), `${name}'s password is reset; their sessions have ended.`);
export const endSessions = (name: string) => act(() => api.endSessions(name), `${name} is signed out everywhere.`);
export const removeAccount = (name: string) => act(() => api.removeAccount(name), `${name} is removed.`);
