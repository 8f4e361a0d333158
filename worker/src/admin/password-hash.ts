/**
 * Account passwords, stored as PBKDF2-SHA-256 hashes with a per-account random salt. workerd
 * refuses more than 100,000 iterations, so that is the count; it is stored with each hash so a
 * later count can coexist with older hashes.
 */
export const PBKDF2_ITERATIONS = 100_000;

export interface PasswordHash {
  salt: string;
  hash: string;
  iterations: number;
}

const encoder = new TextEncoder();
const toHex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (hex: string) => new Uint8Array((hex.match(/../g) ?? []).map((h) => Number.parseInt(h, 16)));

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<ArrayBuffer> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveBits']);
  return crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, key, 256);
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  return { salt: toHex(salt), hash: toHex(await derive(password, salt, PBKDF2_ITERATIONS)), iterations: PBKDF2_ITERATIONS };
}

/** True when `password` is the one hashed; compared in constant time. */
export async function passwordMatches(password: string, stored: PasswordHash): Promise<boolean> {
  const derived = await derive(password, fromHex(stored.salt), stored.iterations);
  const expected = fromHex(stored.hash);
  return expected.byteLength === derived.byteLength && crypto.subtle.timingSafeEqual(derived, expected);
}

/**
 * Spends the time a real check would, for a name with no account: the answer's timing then
 * does not tell which names exist.
 */
export async function noAccountDelay(password: string): Promise<false> {
  await derive(password, new Uint8Array(16), PBKDF2_ITERATIONS);
  return false;
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== 'string') return 'password: must be a string';
  if (password.length < 8) return 'password: must be at least 8 characters';
  if (password.length > 200) return 'password: must be at most 200 characters';
  return null;
}
