/**
 * HMAC-SHA-256 keys for WebCrypto, imported once per secret: importing costs more than signing a
 * short message, and the few secrets a process uses (config signing, identity, list hashing) are
 * reused on every request.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

export function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    // A handful of secrets at most; a bound keeps a changing secret from growing the map.
    if (keys.size >= 8) keys.clear();
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, key);
  }
  return key;
}
