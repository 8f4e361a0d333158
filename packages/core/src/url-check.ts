/**
 * Whether a URL attribute's final value may stand in a page: a relative URL, or one whose scheme
 * is in URL_SCHEMES. Checked after tokens are filled, on the value a browser would read (entities
 * decoded), so no spelling of a scheme — `java&#9;script:`, `&#1;javascript:`, ` JAVASCRIPT:` —
 * gets through. Each rule refuses at least what a browser would run; refusing a little more
 * (a URL with a stray control character) is the price of never refusing less.
 */
import { URL_SCHEMES } from './sanitize-policy.ts';

/**
 * The named references that can matter to a URL's scheme or host: a scheme is ASCII letters,
 * digits, `+ . -` and a colon, browsers drop tabs and newlines, and `//` or `\\` names a host.
 * These are all of HTML's named references that decode to such characters (`&fjlig;` is "fj");
 * the others cannot be part of a scheme, so leaving them undecoded never hides one.
 */
const NAMED: Readonly<Record<string, string>> = { Tab: '\t', NewLine: '\n', colon: ':', plus: '+', period: '.', sol: '/', bsol: '\\', fjlig: 'fj', amp: '&' };
const REFERENCE = /&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|([A-Za-z][A-Za-z0-9]{1,31}));?/g;

/** An attribute value as the browser reads it. Lenient on purpose (semicolons optional). */
export function decodeEntities(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, hex: string | undefined, dec: string | undefined, name: string | undefined) => {
    if (name !== undefined) return Object.hasOwn(NAMED, name) ? NAMED[name]! : whole;
    const code = hex !== undefined ? Number.parseInt(hex, 16) : Number(dec);
    return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff) ? '\ufffd' : String.fromCodePoint(code);
  });
}

/**
 * Control characters and every kind of space, wherever they stand: browsers strip leading ones
 * and drop tabs and newlines inside a URL, so `java\tscript:` is read as `javascript:`.
 */
const INVISIBLE = /[\u0000-\u0020\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u3000\ufeff]/g;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;

/** A decoded URL that is relative or uses an allowed scheme; never protocol-relative (`//host`, `/\host`). */
export function urlAllowed(decoded: string): boolean {
  const url = decoded.replace(INVISIBLE, '');
  const scheme = SCHEME.exec(url)?.[1];
  if (scheme !== undefined) return URL_SCHEMES.includes(scheme.toLowerCase());
  return !/^[/\\]{2}/.test(url);
}

/**
 * Every candidate of a decoded `srcset`. Split on every comma and space (more pieces than a
 * browser sees, so a URL hidden after a comma or behind a tab is checked on its own).
 */
export function srcsetAllowed(decoded: string): boolean {
  for (const piece of decoded.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '').split(/[\s,]+/)) {
    if (piece !== '' && !urlAllowed(piece)) return false;
  }
  return true;
}

/** The check for an attribute's raw (HTML-encoded) value. */
export function attributeUrlAllowed(name: string, raw: string): boolean {
  const decoded = decodeEntities(raw);
  return name === 'srcset' ? srcsetAllowed(decoded) : urlAllowed(decoded);
}

/**
 * Whether the raw start of a URL, before its first token, already settles where the URL can
 * point: a scheme (`https:`), or a path, query or fragment that no token can turn into one
 * (`/search?q=`, `shoes/`). A token before that could supply `javascript:` or `//host`.
 */
export function urlPrefixSettled(raw: string): boolean {
  const prefix = decodeEntities(raw).replace(INVISIBLE, '');
  if (SCHEME.test(prefix)) return true;
  const at = prefix.search(/[/?#\\]/);
  if (at < 0) return false;
  // "/" alone: a token could add the second slash of "//host".
  return !(at === 0 && (prefix[0] === '/' || prefix[0] === '\\') && prefix.length === 1);
}
