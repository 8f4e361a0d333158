/**
 * What in a piece of parsed HTML the allow-list (sanitize-policy.ts) does not allow: the check
 * the tests run on every sanitizer's output (sanitize-html on the server, DOMPurify in the
 * browser), so "nothing dangerous survived" is decided by the policy, not by a list of bad words.
 * Not exported from index: tests import it by path.
 */
import { allowedUrl, attributeAllowed, isUrlAttribute, srcsetCandidates } from './browser-sanitizer.ts';
import { ALLOWED_TAGS } from './sanitize-policy.ts';

/** One element as a parser saw it: its lower-case name and its attributes. */
export interface ParsedElement {
  tag: string;
  attrs: [string, string][];
}

export function policyViolations(elements: ParsedElement[]): string[] {
  const out: string[] = [];
  for (const { tag, attrs } of elements) {
    if (!ALLOWED_TAGS.includes(tag)) out.push(`<${tag}>`);
    for (const [name, value] of attrs) {
      if (!attributeAllowed(tag, name)) out.push(`${name} on <${tag}>`);
      else if (name === 'srcset' ? srcsetCandidates(value).some((c) => !allowedUrl(c.url)) : isUrlAttribute(name) && !allowedUrl(value)) {
        out.push(`${name}="${value}" on <${tag}>`);
      }
    }
  }
  return out;
}

/** The (tag, attribute) pairs of the elements, as a sorted list: what two sanitizers must agree on. */
export function keptParts(elements: ParsedElement[]): string[] {
  return elements.flatMap(({ tag, attrs }) => [`<${tag}>`, ...attrs.map(([name]) => `<${tag} ${name}>`)]).sort();
}
