/**
 * Page patterns limit slots and campaigns to URL paths: "/" matches only the home page,
 * "/shoes/*" matches everything below /shoes/ (and /shoes itself), "*" matches any path,
 * and "*" inside a pattern matches any run of characters.
 *
 * Patterns come from the config and paths from visitors, so matching never backtracks: the
 * literal parts between stars are found left to right, each at its first place, which is always
 * right for `*`-only patterns and costs at most pattern × path character comparisons. (A pattern
 * turned into a RegExp, `*a*a*a*a*b` as `.*a.*a.*a.*a.*b`, took polynomial time on a long path.)
 */
export type PageMatcher = (path: string) => boolean;

const matchAll: PageMatcher = () => true;

export function compilePages(patterns: readonly string[] | undefined): PageMatcher {
  if (!patterns || patterns.length === 0) return matchAll;
  const matchers = patterns.map(patternMatcher);
  return (path) => matchers.some((matches) => matches(path));
}

function patternMatcher(pattern: string): PageMatcher {
  if (pattern === '*') return matchAll;
  // "/shoes/*" also covers "/shoes" itself: a section pattern should match its index page.
  if (pattern.endsWith('/*')) {
    const index = globMatcher(pattern.slice(0, -2));
    const below = globMatcher(pattern);
    return (path) => index(path) || below(path);
  }
  return globMatcher(pattern);
}

/** Whole-path match of a pattern whose only wildcard is `*` (any run of characters, none included). */
function globMatcher(pattern: string): PageMatcher {
  const parts = pattern.split('*');
  const first = parts[0] as string;
  if (parts.length === 1) return (path) => path === first;
  const last = parts[parts.length - 1] as string;
  const middle = parts.slice(1, -1);
  return (path) => {
    if (path.length < first.length + last.length || !path.startsWith(first) || !path.endsWith(last)) return false;
    let at = first.length;
    const end = path.length - last.length;
    for (const part of middle) {
      const found = path.indexOf(part, at);
      if (found === -1 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}
