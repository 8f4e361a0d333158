/**
 * Traits per user id, as the Admin API stores them (admin/customer-data.ts) in KV under the id's
 * fingerprint, and as the Decide API reads them (`traits.*` in conditions).
 */
import { idHash } from '@slotwise/core/identity';
import type { Env } from '../env.ts';

export const traitsKey = (userId: string) => `traits/${idHash(userId)}`;

/** The traits stored for a user id (Decide API); none when absent or unreadable. */
export async function traitsOf(env: Env, userId: string): Promise<Record<string, unknown>> {
  try {
    const stored = await env.CONFIG.get(traitsKey(userId));
    const parsed = stored === null ? null : (JSON.parse(stored) as unknown);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
