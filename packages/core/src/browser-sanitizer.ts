/**
 * The browser sanitizer's settings (DOMPurify, in the editor and in edit mode), built from the one
 * allow-list in sanitize-policy.ts, plus the per-element and URL checks DOMPurify's flat options
 * cannot express. Plain data and pure functions: core does not depend on DOMPurify.
 */
import { urlAllowed } from './url-check.ts';
import { ALLOWED_TAGS, DROPPED_WITH_CONTENT, ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, URL_ATTRIBUTES, URL_SCHEMES } from './sanitize-policy.ts';

/** DOMPurify's option names, typed here so core needs no DOMPurify types. */
export interface BrowserSanitizerOptions {
  ALLOWED_TAGS: string[];
  ALLOWED_ATTR: string[];
  ADD_FORBID_CONTENTS: string[];
  ALLOWED_URI_REGEXP: RegExp;
  ALLOW_DATA_ATTR: false;
  ALLOW_ARIA_ATTR: false;
  ALLOW_UNKNOWN_PROTOCOLS: false;
  /** Must stay false: DOMPurify's template mode would strip the `{{profile.x}}` tokens. */
  SAFE_FOR_TEMPLATES: false;
  KEEP_CONTENT: true;
}

const perElement = Object.values(ELEMENT_ATTRIBUTES).flat();

/**
 * DOMPurify's own URL test, narrowed to our schemes (the form of its default pattern: a scheme we
 * allow, or something that is no scheme at all). `allowedUrl` below is the exact check.
 */
const URI_PATTERN = new RegExp(`^(?:(?:${URL_SCHEMES.join('|')}):|[^a-z]|[a-z+.\\-]+(?:[^a-z+.\\-:]|$))`, 'i');

export const BROWSER_SANITIZER_OPTIONS: Readonly<BrowserSanitizerOptions> = Object.freeze({
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  // DOMPurify's attribute list is global: `attributeAllowed` narrows it per element in a hook.
  ALLOWED_ATTR: [...new Set([...GLOBAL_ATTRIBUTES, ...perElement])],
  // Added to DOMPurify's own list (svg, math, template, script, style…), so the browser drops
  // the content of at least every element the server drops it for.
  ADD_FORBID_CONTENTS: [...DROPPED_WITH_CONTENT],
  ALLOWED_URI_REGEXP: URI_PATTERN,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  SAFE_FOR_TEMPLATES: false,
  KEEP_CONTENT: true,
});

/** Whether `attr` may stay on `tag` (both lower-case), as the server's allow-list says. */
export function attributeAllowed(tag: string, attr: string): boolean {
  return GLOBAL_ATTRIBUTES.includes(attr) || (ELEMENT_ATTRIBUTES[tag]?.includes(attr) ?? false);
}

/** Whether the attribute holds a URL (or a list of them) that `allowedUrl` must check. */
export function isUrlAttribute(attr: string): boolean {
  return URL_ATTRIBUTES.includes(attr);
}

/**
 * A relative URL, or one whose scheme is in URL_SCHEMES; never protocol-relative (`//host`, and
 * the backslash forms browsers read the same way), and never one that starts with a profile token,
 * since a visitor-supplied value could then pick the scheme (`javascript:`).
 */
export function allowedUrl(url: string): boolean {
  return !/^\s*\{\{/.test(url) && urlAllowed(url);
}

/** A `srcset` with only its allowed candidates (as sanitize-html keeps them), or null when none is. */
export function allowedSrcset(value: string): string | null {
  const kept = srcsetCandidates(value)
    .filter((c) => allowedUrl(c.url))
    .map((c) => (c.descriptor ? `${c.url} ${c.descriptor}` : c.url));
  return kept.length ? kept.join(', ') : null;
}

/**
 * A srcset's candidates, split as the HTML standard does: a URL runs to the next whitespace (so a
 * `data:` URL's commas stay in it), a comma ends a candidate only after its descriptor.
 */
export function srcsetCandidates(value: string): { url: string; descriptor: string }[] {
  const out: { url: string; descriptor: string }[] = [];
  let at = 0;
  while (at < value.length) {
    while (at < value.length && /[\s,]/.test(value[at]!)) at++;
    if (at >= value.length) break;
    let end = at;
    while (end < value.length && !/\s/.test(value[end]!)) end++;
    let url = value.slice(at, end);
    at = end;
    let descriptor = '';
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '');
    } else {
      let depth = 0;
      while (at < value.length && (value[at] !== ',' || depth > 0)) {
        if (value[at] === '(') depth++;
        else if (value[at] === ')') depth = Math.max(0, depth - 1);
        descriptor += value[at++];
      }
      descriptor = descriptor.trim();
    }
    if (url) out.push({ url, descriptor });
  }
  return out;
}
