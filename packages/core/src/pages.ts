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
  // "/shoes/*" also covers "/shoes" itself: a section pattern should match its index page.
  const section = pattern.endsWith('/*');
  const stem = section ? pattern.slice(0, -2) : pattern;
  const body = stem.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${body}${section ? '(?:/.*)?' : ''}$`);
}
