/**
 * The page pattern the editor proposes for "every page of this template": the path's leading
 * segments up to its first one that looks like a specific item (the last segment, a number, an
 * id), then `*` (pages.ts). `/p/trail-runner` → `/p/*`, `/shop/shoes/42/reviews` → `/shop/shoes/*`.
 * A one-segment path has no template above it and is proposed as itself.
 */
const ITEM = /^(\d+|[0-9a-f]{8,}|[0-9a-f-]{36}|.*\d{3,}.*)$/i;

export function proposePagePattern(path: string): string {
  const clean = path.replace(/[?#].*$/, '').replace(/\/{2,}/g, '/');
  const segments = clean.split('/').filter((s) => s !== '');
  if (segments.length === 0) return '/';
  if (segments.length === 1) return `/${segments[0]}`;
  const kept: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (ITEM.test(segment)) break;
    kept.push(segment);
  }
  return kept.length === 0 ? '*' : `/${kept.join('/')}/*`;
}
