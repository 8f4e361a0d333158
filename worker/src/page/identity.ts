/**
 * Who an identified visitor is, as far as the Worker may trust it (core's id-hash.ts): the id in
 * `sw_uid` counts only with the signature the site's backend made with IDENTITY_SECRET, and is
 * matched against ID lists as its keyed hash (ID_HASH_KEY). Computed once per request, before
 * deciding, since WebCrypto is asynchronous. Anything missing or failing means anonymous.
 */
import { type ClaimedUser, listHash, verifiedUserId } from '@slotwise/core/identity';
import type { Env } from '../env.ts';

/** The claimed id when its signature checks out with IDENTITY_SECRET; null otherwise (or unset). */
export async function trustedUserId(env: Pick<Env, 'IDENTITY_SECRET'>, claimed: ClaimedUser | null): Promise<string | null> {
  if (!claimed) return null;
  try {
    return await verifiedUserId(env.IDENTITY_SECRET, claimed);
  } catch {
    return null;
  }
}

/** `user.idHash` for a trusted id: its keyed list hash, or "" (in no list) without an id or an ID_HASH_KEY. */
export async function userIdHash(env: Pick<Env, 'ID_HASH_KEY'>, userId: string | null): Promise<string> {
  if (!userId || !env.ID_HASH_KEY) return '';
  try {
    return await listHash(env.ID_HASH_KEY, userId);
  } catch {
    return '';
  }
}
