/**
 * `$regex` and kin run on RE2 (re2js), a linear-time engine: no pattern and no input can make a
 * test backtrack, so a visitor's query string cannot pin the CPU whatever a config holds. The
 * patterns are written in JavaScript syntax (GrowthBook's) and translated (regex-syntax.ts).
 *
 * re2js is ~45 KB gzip, so core does not import it: each runtime installs it with `useRe2`
 * before it compiles a config that has a regex. The Worker and the editor install it when they
 * start (the edge stays synchronous per request); the browser's decide chunk loads
 * `@slotwise/core/re2` only when the page's config uses a regex (`usesRegex`). Until it is
 * installed a regex test is false both ways, as for a pattern that cannot run.
 */
import type { RE2JS } from 're2js';
import { toRe2Syntax } from './regex-syntax.ts';

export type Re2 = typeof RE2JS;

/** Longest `$regex` pattern accepted; longer patterns never match. Bounds compiling and the cache. */
export const MAX_REGEX_PATTERN_LENGTH = 256;
/**
 * Largest compiled program (RE2's instruction count) accepted. A test costs up to about
 * instructions × subject characters (30-120 ns each measured, when the DFA cannot help), and
 * counted repetitions (`\d{1,900}`) grow the program far past the pattern's length.
 */
export const MAX_REGEX_PROGRAM_SIZE = 1_000;
/** Compiled patterns kept; the cache is cleared when it fills. */
export const REGEX_CACHE_SIZE = 256;

/** A compiled pattern: whether a subject contains a match, and the program size its cost scales with. */
export interface CompiledRegex {
  test(subject: string): boolean;
  size: number;
}

let re2: Re2 | null = null;
const cache = new Map<string, CompiledRegex | string>();

/** Installs the engine (`RE2JS` from `@slotwise/core/re2`). Patterns compiled before it are not affected. */
export function useRe2(engine: Re2): void {
  re2 = engine;
  cache.clear();
}

/** Whether the engine is installed. */
export function hasRe2(): boolean {
  return re2 !== null;
}

/**
 * Compiles a pattern for `$regex` (`ignoreCase` for `$regexi`), or says why it never matches:
 * refused syntax, too large, or no engine installed yet (not cached, so installing it helps).
 */
export function compileRegex(pattern: string, ignoreCase: boolean): CompiledRegex | string {
  const key = (ignoreCase ? 'i/' : '/') + pattern;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const engine = re2;
  if (engine === null) return 'the regex engine is not loaded';
  const compiled = build(engine, pattern, ignoreCase);
  if (cache.size >= REGEX_CACHE_SIZE) cache.clear();
  cache.set(key, compiled);
  return compiled;
}

function build(engine: Re2, pattern: string, ignoreCase: boolean): CompiledRegex | string {
  const translated = translate(pattern);
  if (typeof translated !== 'string') return translated.refused;
  let regex: RE2JS;
  try {
    regex = engine.compile(translated, ignoreCase ? engine.CASE_INSENSITIVE : 0);
  } catch (e) {
    return `not supported by the linear-time regex engine (${e instanceof Error ? e.message.replace(/^error parsing regexp: /, '') : 'invalid'})`;
  }
  const size = regex.programSize();
  if (size > MAX_REGEX_PROGRAM_SIZE) return `too large once its repetitions are expanded (${size} instructions, at most ${MAX_REGEX_PROGRAM_SIZE}): use smaller {n,m} counts`;
  return {
    size,
    // Never expected to throw; if it did, the evaluation that ran it would be false (condition.ts).
    test: (subject) => regex.test(subject),
  };
}

/** The RE2 source, or why the pattern is refused, before any engine is involved. */
function translate(pattern: string): string | { refused: string } {
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return { refused: `longer than ${MAX_REGEX_PATTERN_LENGTH} characters` };
  // Constructing a RegExp only parses it (nothing runs): JavaScript's verdict on the syntax, so a
  // pattern GrowthBook's SDKs reject as invalid never matches here either.
  try {
    new RegExp(pattern);
  } catch {
    return { refused: 'not a valid regular expression' };
  }
  const translated = toRe2Syntax(pattern);
  return 'source' in translated ? translated.source : translated;
}

/**
 * Why a `$regex` pattern will never match, or null when it is usable: what the config check
 * reports. Without the engine installed (the browser) only syntax is checked; the Worker and
 * the editor, where configs are written, have it and also report what only RE2 can tell.
 */
export function checkRegexPattern(pattern: string): string | null {
  if (re2 === null) {
    const translated = translate(pattern);
    return typeof translated === 'string' ? null : translated.refused;
  }
  const compiled = compileRegex(pattern, false);
  return typeof compiled === 'string' ? compiled : null;
}

const REGEX_OPERATORS = new Set(['$regex', '$regexi', '$notRegex', '$notRegexi']);

/** Whether any `$regex`-like operator appears in `value` (audience conditions), at any depth up to 64. */
export function usesRegex(value: unknown, depth = 0): boolean {
  if (depth > 64 || typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some((item) => usesRegex(item, depth + 1));
  for (const [key, item] of Object.entries(value)) {
    if (REGEX_OPERATORS.has(key) || usesRegex(item, depth + 1)) return true;
  }
  return false;
}
