/** UTF-8 ⇄ base64url without padding, the same in Node, workerd and browsers. */
export function encodeBase64url(text: string): string {
  return bytesToBase64url(new TextEncoder().encode(text));
}

export function bytesToBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Null when the input is not valid base64url or not valid UTF-8. */
export function decodeBase64url(encoded: string): string | null {
  const binary = decodeBase64urlBytes(encoded);
  // Pure ASCII is already its own UTF-8 decoding; skipping TextDecoder halves a cookie decode.
  if (binary === null || !/[\x80-\xff]/.test(binary)) return binary;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * The bytes base64url text encodes, one character per byte (0–255), or null when the text is not
 * base64url: only A–Z a–z 0–9 `-` `_`, unpadded. Checked without a regex over the alphabet,
 * which was a tenth of a profile cookie's decode: `atob` throws on any other character except
 * `+` and `/` (refused first) and ASCII whitespace and `=`, which it skips or ends on, so they
 * leave fewer bytes than the length implies.
 */
export function decodeBase64urlBytes(encoded: string): string | null {
  if (encoded.length % 4 === 1 || encoded.includes('+') || encoded.includes('/')) return null;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    return binary.length === Math.floor((encoded.length * 3) / 4) ? binary : null;
  } catch {
    return null;
  }
}
