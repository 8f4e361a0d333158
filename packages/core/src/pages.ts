/**
 * Page patterns limit slots and campaigns to URL paths: "/" matches only the home page,
 * "/shoes/*" matches everything below /shoes/ (and /shoes itself), "*" matches any path,
 * and "*" inside a pattern matches any run of characters.
 */
export type PageMatcher = (path: string) => boolean;

const matchAll: PageMatcher = () => true;

export function compilePages(patterns: readonly string[] | undefined): PageMatcher {
  if (!patterns || patterns.length === 0) return matchAll;
  const regexes = patterns.map(patternToRegex);
  return (path) => regexes.some((re) => re.test(path));
}

function patternToRegex(pattern: string): RegExp {
  if (pattern === '*') return /^/;
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  // "/shoes/*" also covers "/shoes": a section pattern should match its index page.
  const body = escaped.endsWith('/*') ? `${escaped.slice(0, -2)}(?:/.*)?` : escaped.replace(/\*/g, '.*');
  return new RegExp(`^${body.replace(/\*/g, '.*')}$`);
}
