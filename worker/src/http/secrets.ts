/** Comparing a given secret with the configured one, for every check that takes a key or token. */
const encoder = new TextEncoder();

/** Constant-time comparison of two secrets (lengths may differ). */
export async function sameSecret(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([a, b].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  return crypto.subtle.timingSafeEqual(x!, y!) && a.length === b.length;
}
