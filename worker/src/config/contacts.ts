/**
 * An identified customer's promotional contacts on every channel (core's budget.ts), kept in KV
 * under their id's fingerprint, as traits are: the Decide API's channels (email, app, call
 * centre) and the website draw from one contact budget. Written when a channel reports an
 * exposure for the customer and when the edge shows them a promotional campaign; read by the
 * Decide API and, for a signed-in visitor on a site with budgets, by the page path while the
 * origin works. KV is eventually consistent and two writers may race: a contact can be lost in a
 * race, never invented, so a budget errs towards one message more, not one fewer. Entries expire
 * after 8 days (a budget looks back 7).
 */
import { type Contact, decodeContacts, encodeContacts } from '@slotwise/core/protocol';
import { idHash } from '@slotwise/core/identity';
import type { Env } from '../env.ts';

const TTL_SECONDS = 8 * 86_400;

export const contactsKey = (userId: string) => `contacts/${idHash(userId)}`;

/** The customer's recorded contacts; none when absent or unreadable (fail open). */
export async function customerContacts(env: Env, userId: string): Promise<Contact[]> {
  try {
    return decodeContacts(await env.CONFIG.get(contactsKey(userId)));
  } catch {
    return [];
  }
}

/** `a` and `b` as one list, each contact (day, channel, campaign) once, newest first. */
export function mergeContacts(a: readonly Contact[], b: readonly Contact[]): Contact[] {
  const seen = new Set<string>();
  const merged: Contact[] = [];
  for (const c of [...a, ...b].sort((x, y) => y.day - x.day)) {
    const key = `${c.day}:${c.channel}:${c.campaign}`;
    if (seen.has(key)) continue;
    seen.add(key);
    merged.push(c);
  }
  return merged;
}

/** Adds contacts to the customer's record (read, merge, write). */
export async function addCustomerContacts(env: Env, userId: string, contacts: readonly Contact[]): Promise<void> {
  if (contacts.length === 0) return;
  const stored = await customerContacts(env, userId);
  await env.CONFIG.put(contactsKey(userId), encodeContacts(mergeContacts(contacts, stored)), { expirationTtl: TTL_SECONDS });
}
