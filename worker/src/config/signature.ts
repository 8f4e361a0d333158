/**
 * Published config snapshots are signed, and the edge uses only a snapshot whose signature
 * checks out, so whoever can write to the KV namespace (a leaked API token, a hand-edited
 * key) still cannot make the Worker serve content that never went through the Admin API's
 * sanitizer.
 *
 * The format, the one definition (e2e/stack.mjs computes the same with node:crypto when it
 * seeds the demo config, and says so):
 * - the signature lives in the snapshot's KV metadata, as `sig: "hmac-sha256:<64 hex digits>"`,
 *   next to the publish time and note the Admin API already keeps there; the value stays the
 *   plain config JSON;
 * - it is HMAC-SHA-256 over the exact UTF-8 bytes of the stored value. The value carries its
 *   version and the reader checks it against the key, so an old snapshot copied under a new
 *   version number is refused;
 * - the key is the UTF-8 bytes of the `CONFIG_SIGNING_KEY` secret or, when that is unset,
 *   of `slotwise-config:` + ADMIN_PASSWORD (a fallback for small setups: changing the password
 *   then invalidates every published snapshot until the next publish). Neither set: nothing
 *   can be signed or verified, and no config is used.
 */
import { hmacKey } from '@slotwise/core/identity';
import type { Env } from '../env.ts';

export const SIGNATURE_PREFIX = 'hmac-sha256:';
/** What the derived key is built from when CONFIG_SIGNING_KEY is unset. */
export const DERIVED_KEY_PREFIX = 'slotwise-config:';

const encoder = new TextEncoder();

/** The key material's source, or null when the Worker has no secret to sign with. */
export function signingSecret(env: Pick<Env, 'CONFIG_SIGNING_KEY' | 'ADMIN_PASSWORD'>): { secret: string; derived: boolean } | null {
  if (env.CONFIG_SIGNING_KEY) return { secret: env.CONFIG_SIGNING_KEY, derived: false };
  if (env.ADMIN_PASSWORD) return { secret: `${DERIVED_KEY_PREFIX}${env.ADMIN_PASSWORD}`, derived: true };
  return null;
}

const toHex = (bytes: ArrayBuffer) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** The `sig` metadata value for a snapshot's stored text. Throws when no secret is configured. */
export async function signSnapshot(env: Pick<Env, 'CONFIG_SIGNING_KEY' | 'ADMIN_PASSWORD'>, value: string): Promise<string> {
  const source = signingSecret(env);
  if (source === null) throw new Error('cannot sign the config: set the CONFIG_SIGNING_KEY secret (or ADMIN_PASSWORD)');
  const mac = await crypto.subtle.sign('HMAC', await hmacKey(source.secret), encoder.encode(value));
  return SIGNATURE_PREFIX + toHex(mac);
}

/** Why a snapshot's signature is not acceptable, or null when it is genuine. Constant-time (crypto.subtle.verify). */
export async function signatureProblem(env: Pick<Env, 'CONFIG_SIGNING_KEY' | 'ADMIN_PASSWORD'>, bytes: Uint8Array, sig: unknown): Promise<string | null> {
  const source = signingSecret(env);
  if (source === null) return 'no signing key configured (set the CONFIG_SIGNING_KEY secret)';
  if (sig === undefined || sig === null) return 'unsigned';
  const hex = typeof sig === 'string' && sig.startsWith(SIGNATURE_PREFIX) ? sig.slice(SIGNATURE_PREFIX.length) : '';
  if (!/^[0-9a-f]{64}$/.test(hex)) return 'malformed signature';
  const mac = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) mac[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  const genuine = await crypto.subtle.verify('HMAC', await hmacKey(source.secret), mac, bytes);
  if (genuine) return null;
  return source.derived ? 'wrong signature (the key is derived from ADMIN_PASSWORD: was it changed?)' : 'wrong signature';
}

/** The signature field of a snapshot's KV metadata, whatever shape the metadata has. */
export function signatureOf(metadata: unknown): unknown {
  return typeof metadata === 'object' && metadata !== null ? (metadata as { sig?: unknown }).sig : undefined;
}
