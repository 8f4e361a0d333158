/**
 * The audience rule evaluator: MongoDB-style conditions in the operator language GrowthBook's
 * SDKs use, checked against GrowthBook's public conformance vectors.
 *
 * A condition is compiled once into nested closures (compileCondition): the edge evaluates the
 * same audiences on every request, and walking the rule's objects each time (listing keys,
 * looking up operators, splitting paths) was most of an evaluation's cost. The closures visit
 * and count exactly what a walk of the rule would, so every limit below applies as written.
 *
 * Rules run on every request against visitor-controlled attributes, so evaluation is built to
 * be boring under attack: it never throws, never writes, only reads own properties, and its work
 * is bounded (nesting depth, a step budget, regex pattern/subject caps, no patterns that can
 * backtrack catastrophically). Hitting a depth or step limit makes the whole rule false.
 */

export type Condition = Record<string, unknown>;
export type SavedGroups = Record<string, readonly unknown[]>;

/** Deepest nesting of conditions, operators and compared values; deeper rules are false. */
export const MAX_CONDITION_DEPTH = 24;
/** Node visits (conditions, values, path segments, list look-ups) per evaluation. */
export const MAX_EVAL_STEPS = 20_000;
/** Longest `$regex` pattern accepted; longer patterns never match. */
export const MAX_REGEX_PATTERN_LENGTH = 256;
/** Longest string a regex is tested against; longer subjects never match. */
export const MAX_REGEX_SUBJECT_LENGTH = 2_048;
/**
 * Estimated worst-case match attempts a pattern may imply on a subject of the longest length
 * (see backtrackingCost): two nested loops over the longest subject, times 4 for a couple of
 * optionals. Patterns above it never match. In V8 the worst pattern it admits fails in ~6 ms.
 */
export const REGEX_BACKTRACK_BUDGET = MAX_REGEX_SUBJECT_LENGTH ** 2 * 4;
/**
 * A regex test costs one eval step per this many estimated attempts on its actual subject
 * (at least one), so a rule can hold only a handful of worst-case tests but plenty of cheap ones.
 */
export const REGEX_ATTEMPTS_PER_STEP = 4_096;
/** Compiled patterns kept; the cache is cleared when it fills. */
export const REGEX_CACHE_SIZE = 256;
/** Longest version string the `$v…` operators compare. */
export const MAX_VERSION_LENGTH = 128;

/** Thrown inside an evaluation when a limit is hit; caught in evalCondition. */
class LimitExceeded {}
const LIMIT = new LimitExceeded();

interface Run {
  steps: number;
  groups: SavedGroups | undefined;
}

type Obj = Record<string, unknown>;

/** A compiled part of a rule: does `input` (the attributes, or a value at a path) satisfy it. */
type Test = (input: unknown, run: Run) => boolean;

/** A compiled condition: true when the attributes satisfy it. Never throws. */
export type CompiledCondition = (attributes: Record<string, unknown>, savedGroups?: SavedGroups) => boolean;

const NEVER: Test = () => false;
const ALWAYS: Test = () => true;
/** Stands for a part nested past MAX_CONDITION_DEPTH: reaching it ends the evaluation as a walk's tick would. */
const TOO_DEEP: Test = () => {
  throw LIMIT;
};

/**
 * Compiles a condition for repeated evaluation. Conditions are treated as immutable from here on
 * (compile again after a change). A condition that cannot be read whole (a throwing getter or
 * proxy) is always false.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  let test: Test;
  try {
    test = isRecord(condition) ? new Compiler().condition(condition, 0) : NEVER;
  } catch {
    test = NEVER;
  }
  return (attributes, savedGroups) => {
    try {
      return test(attributes, { steps: 0, groups: isRecord(savedGroups) ? savedGroups : undefined });
    } catch {
      // Limits, hostile getters or proxies in the attributes: a rule we cannot finish is false.
      return false;
    }
  };
}

/** True when `attributes` satisfies `condition`. Never throws; invalid conditions evaluate to false. */
export function evalCondition(attributes: Record<string, unknown>, condition: Condition, savedGroups?: SavedGroups): boolean {
  return compileCondition(condition)(attributes, savedGroups);
}

function tick(run: Run, depth: number, steps = 1): void {
  run.steps += steps;
  if (run.steps > MAX_EVAL_STEPS || depth > MAX_CONDITION_DEPTH) throw LIMIT;
}

function isRecord(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `{ $gt: 1, $lt: 5 }` applies operators; any other value is compared for equality. */
function isOperatorObject(x: unknown): x is Obj {
  if (!isRecord(x)) return false;
  let keys = 0;
  for (const k of Object.keys(x)) {
    if (!k.startsWith('$')) return false;
    keys += 1;
  }
  return keys > 0;
}

// ---------------------------------------------------------------------------------------------
// Conditions: an object of attribute paths and the logical operators $and $or $nor $not.

/**
 * Builds the closures. Each part is compiled at the depth a walk would reach it, once per object
 * and depth, and nothing deeper than MAX_CONDITION_DEPTH is compiled: a rule that shares
 * sub-objects or contains itself compiles in bounded time. Parts are gathered with loops, not
 * callbacks that use `this` or the compiler: a closure sharing a scope with such a callback would
 * keep the compiler and its memo alive for as long as the config.
 */
class Compiler {
  private readonly conditions = new Map<Obj, Test[]>();
  private readonly values = new Map<Obj, Test[]>();

  /** An object of attribute paths and logical operators; ticks once, then each entry must hold. */
  condition(condition: Obj, depth: number): Test {
    if (depth > MAX_CONDITION_DEPTH) return TOO_DEEP;
    const seen = memo(this.conditions, condition);
    const known = seen[depth];
    if (known !== undefined) return known;
    const entries: Test[] = [];
    for (const key of Object.keys(condition)) entries.push(this.entry(key, condition[key], depth + 1));
    return (seen[depth] = tickThenAll(entries, depth));
  }

  private entry(key: string, operand: unknown, depth: number): Test {
    switch (key) {
      case '$and':
        return Array.isArray(operand) ? all(this.subs(operand, depth)) : NEVER;
      // An empty list constrains nothing, so an empty $or matches (as the vectors expect) and so does $nor.
      case '$or':
        return !Array.isArray(operand) ? NEVER : operand.length === 0 ? ALWAYS : some(this.subs(operand, depth));
      case '$nor':
        return Array.isArray(operand) ? not(some(this.subs(operand, depth))) : NEVER;
      case '$not':
        return isRecord(operand) ? not(this.condition(operand, depth)) : NEVER;
      default: {
        // Any other key, `$groups` included, is an attribute path.
        const path = key.split('.');
        const value = this.value(operand, depth);
        return (input, run) => value(lookupPath(input, path, run, depth), run);
      }
    }
  }

  private subs(conditions: readonly unknown[], depth: number): Test[] {
    const tests: Test[] = [];
    for (const c of conditions) tests.push(isRecord(c) ? this.condition(c, depth) : NEVER);
    return tests;
  }

  /** An operator object (each operator must hold), or a plain value to deep-equal; ticks once. */
  value(expected: unknown, depth: number): Test {
    if (depth > MAX_CONDITION_DEPTH) return TOO_DEEP;
    // A plain value has no parts to compile: nothing to share, nothing to remember.
    if (!isOperatorObject(expected)) {
      return (actual, run) => {
        tick(run, depth);
        return valuesEqual(actual, expected, run, depth + 1);
      };
    }
    const seen = memo(this.values, expected);
    const known = seen[depth];
    if (known !== undefined) return known;
    const operators: Test[] = [];
    for (const op of Object.keys(expected)) operators.push(OPERATORS.get(op)?.(expected[op], depth + 1, this) ?? NEVER);
    return (seen[depth] = tickThenAll(operators, depth));
  }
}

function memo<K>(cache: Map<K, Test[]>, key: K): Test[] {
  let tests = cache.get(key);
  if (tests === undefined) {
    tests = [];
    cache.set(key, tests);
  }
  return tests;
}

/** A condition's entries, or an operator object's operators: one step at `depth`, then each must hold. */
function tickThenAll(tests: readonly Test[], depth: number): Test {
  return (input, run) => {
    tick(run, depth);
    for (const test of tests) if (!test(input, run)) return false;
    return true;
  };
}

function all(tests: readonly Test[]): Test {
  return (input, run) => {
    for (const test of tests) if (!test(input, run)) return false;
    return true;
  };
}

function some(tests: readonly Test[]): Test {
  return (input, run) => {
    for (const test of tests) if (test(input, run)) return true;
    return false;
  };
}

function not(test: Test): Test {
  return (input, run) => !test(input, run);
}

/** Own-property lookup of a dotted path; arrays answer only to element indexes. */
function lookupPath(root: unknown, path: readonly string[], run: Run, depth: number): unknown {
  let node = root;
  for (const key of path) {
    tick(run, depth);
    if (typeof node !== 'object' || node === null) return undefined;
    if (Array.isArray(node) && !/^(0|[1-9]\d*)$/.test(key)) return undefined;
    if (!Object.hasOwn(node, key)) return undefined;
    node = (node as Obj)[key];
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// Values: an operator object, or a plain value the attribute must deep-equal.

/** Deep equality over JSON-like values; a missing attribute equals null. */
function valuesEqual(a: unknown, b: unknown, run: Run, depth: number): boolean {
  tick(run, depth);
  const x = a ?? null;
  const y = b ?? null;
  if (x === y) return true;
  if (Array.isArray(x)) return Array.isArray(y) && arraysEqual(x, y, run, depth);
  if (isRecord(x)) return isRecord(y) && recordsEqual(x, y, run, depth);
  return false;
}

function arraysEqual(x: readonly unknown[], y: readonly unknown[], run: Run, depth: number): boolean {
  return x.length === y.length && x.every((item, i) => valuesEqual(item, y[i], run, depth + 1));
}

function recordsEqual(x: Obj, y: Obj, run: Run, depth: number): boolean {
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => Object.hasOwn(y, k) && valuesEqual(x[k], y[k], run, depth + 1));
}

// ---------------------------------------------------------------------------------------------
// Operators.

/** Compiles an operator with its operand, at the depth its test runs. */
type OperatorCompiler = (operand: unknown, depth: number, compiler: Compiler) => Test;

/** An operator that needs no compiling of its operand. */
const plain = (apply: (actual: unknown, operand: unknown, run: Run, depth: number) => boolean): OperatorCompiler =>
  (operand, depth) => (actual, run) => apply(actual, operand, run, depth);

const OPERATORS: ReadonlyMap<string, OperatorCompiler> = new Map<string, OperatorCompiler>([
  ['$eq', plain((a, o, run, d) => valuesEqual(a, o, run, d))],
  ['$ne', plain((a, o, run, d) => !valuesEqual(a, o, run, d))],
  ['$gt', plain((a, o) => (order(a, o) ?? 0) > 0)],
  ['$gte', plain((a, o) => (order(a, o) ?? -1) >= 0)],
  ['$lt', plain((a, o) => (order(a, o) ?? 0) < 0)],
  ['$lte', plain((a, o) => (order(a, o) ?? 1) <= 0)],
  ['$in', plain((a, o, run, d) => Array.isArray(o) && isIn(a, o, false, run, d))],
  ['$nin', plain((a, o, run, d) => Array.isArray(o) && !isIn(a, o, false, run, d))],
  ['$ini', plain((a, o, run, d) => Array.isArray(o) && isIn(a, o, true, run, d))],
  ['$nini', plain((a, o, run, d) => Array.isArray(o) && !isIn(a, o, true, run, d))],
  ['$all', (o, d, compiler) => hasAll(o, false, d, compiler)],
  ['$alli', (o, d, compiler) => hasAll(o, true, d, compiler)],
  ['$elemMatch', elemMatch],
  ['$size', (o, d, compiler) => {
    const size = compiler.value(o, d);
    return (a, run) => Array.isArray(a) && size(a.length, run);
  }],
  ['$exists', plain((a, o) => (o === true ? a != null : o === false ? a == null : false))],
  ['$type', plain((a, o) => typeName(a) === o)],
  ['$not', (o, d, compiler) => not(compiler.value(o, d))],
  ['$regex', (o, d) => regex(o, '', true, d)],
  ['$regexi', (o, d) => regex(o, 'i', true, d)],
  // A pattern we cannot run (invalid, unsafe, subject too long) matches neither way.
  ['$notRegex', (o, d) => regex(o, '', false, d)],
  ['$notRegexi', (o, d) => regex(o, 'i', false, d)],
  ['$veq', plain((a, o) => compareVersions(a, o) === 0)],
  ['$vne', plain((a, o) => versionsDiffer(a, o))],
  ['$vgt', plain((a, o) => (compareVersions(a, o) ?? 0) > 0)],
  ['$vgte', plain((a, o) => (compareVersions(a, o) ?? -1) >= 0)],
  ['$vlt', plain((a, o) => (compareVersions(a, o) ?? 0) < 0)],
  ['$vlte', plain((a, o) => (compareVersions(a, o) ?? 1) <= 0)],
  ['$inGroup', plain((a, o, run, d) => inGroup(a, o, run, d) === true)],
  ['$notInGroup', plain((a, o, run, d) => inGroup(a, o, run, d) !== true)],
]);

function typeName(x: unknown): string {
  if (x === null) return 'null';
  return Array.isArray(x) ? 'array' : typeof x;
}

/**
 * Order for $gt/$lt…: strings compare as strings; otherwise both sides as numbers, with a missing
 * attribute as 0 (the vectors expect `{}` to satisfy `{ age: { $gt: -10, $lt: 10 } }`). Null when
 * the two cannot be ordered.
 */
function order(a: unknown, b: unknown): number | null {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const x = toNumber(a);
  const y = toNumber(b);
  if (x === null || y === null) return null;
  return x < y ? -1 : x > y ? 1 : 0;
}

function toNumber(x: unknown): number | null {
  if (x == null) return 0;
  if (typeof x === 'number') return Number.isNaN(x) ? null : x;
  if (typeof x === 'boolean') return x ? 1 : 0;
  if (typeof x !== 'string' || x.trim() === '') return null;
  const n = Number(x);
  return Number.isNaN(n) ? null : n;
}

/** $elemMatch: some element of the attribute array matches the operator object, or the condition. */
function elemMatch(operand: unknown, depth: number, compiler: Compiler): Test {
  const element = isOperatorObject(operand) ? compiler.value(operand, depth) : isRecord(operand) ? compiler.condition(operand, depth) : null;
  if (element === null) return NEVER;
  return (actual, run) => {
    if (!Array.isArray(actual)) return false;
    for (const item of actual) if (element(item, run)) return true;
    return false;
  };
}

/** $all: every listed value (or operator object) matches some element of the attribute array. */
function hasAll(operand: unknown, fold: boolean, depth: number, compiler: Compiler): Test {
  if (!Array.isArray(operand)) return NEVER;
  const wants: Test[] = [];
  for (const want of operand) wants.push(fold ? folded(want, depth) : compiler.value(want, depth));
  return (actual, run) => Array.isArray(actual) && wants.every((want) => actual.some((item) => want(item, run)));
}

function folded(want: unknown, depth: number): Test {
  return (item, run) => foldedEqual(item, want, run, depth);
}

function foldedEqual(a: unknown, b: unknown, run: Run, depth: number): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return valuesEqual(a, b, run, depth);
}

/** Null for an unknown group, so $notInGroup of an unknown group matches. */
function inGroup(actual: unknown, groupId: unknown, run: Run, depth: number): boolean | null {
  const groups = run.groups;
  if (typeof groupId !== 'string' || groups === undefined || !Object.hasOwn(groups, groupId)) return null;
  const group = groups[groupId];
  return Array.isArray(group) ? isIn(actual, group, false, run, depth) : null;
}

// ---------------------------------------------------------------------------------------------
// Membership ($in, $nin, $ini, $nini, $inGroup). An array attribute matches when any element is
// in the list. Long lists (saved groups can hold thousands of ids) get a Set index cached per
// list, so a look-up is one step however long the list is.

const SMALL_LIST = 8;

interface ListIndex {
  length: number;
  primitives: Set<unknown>;
  /** Objects and arrays in the list, which need deep comparison. */
  structured: unknown[];
}

// Keyed by the list itself: conditions and saved groups are treated as immutable once evaluated
// (a change of length is noticed and the index rebuilt).
const exactIndexes = new WeakMap<readonly unknown[], ListIndex>();
const foldedIndexes = new WeakMap<readonly unknown[], ListIndex>();

function isIn(actual: unknown, list: readonly unknown[], fold: boolean, run: Run, depth: number): boolean {
  if (Array.isArray(actual)) return actual.some((item) => listHas(list, item, fold, run, depth));
  return listHas(list, actual, fold, run, depth);
}

function listHas(list: readonly unknown[], value: unknown, fold: boolean, run: Run, depth: number): boolean {
  tick(run, depth);
  if (list.length <= SMALL_LIST) {
    return list.some((item) => (fold ? foldedEqual(value, item, run, depth + 1) : valuesEqual(value, item, run, depth + 1)));
  }
  const index = listIndex(list, fold);
  if (typeof value !== 'object' || value === null) return index.primitives.has(normalize(value, fold));
  return index.structured.some((item) => valuesEqual(value, item, run, depth + 1));
}

function normalize(value: unknown, fold: boolean): unknown {
  if (value === undefined) return null;
  return fold && typeof value === 'string' ? value.toLowerCase() : value;
}

function listIndex(list: readonly unknown[], fold: boolean): ListIndex {
  const cache = fold ? foldedIndexes : exactIndexes;
  const cached = cache.get(list);
  if (cached !== undefined && cached.length === list.length) return cached;
  const index: ListIndex = { length: list.length, primitives: new Set(), structured: [] };
  for (const item of list) {
    if (typeof item === 'object' && item !== null) index.structured.push(item);
    else index.primitives.add(normalize(item, fold));
  }
  cache.set(list, index);
  return index;
}

// ---------------------------------------------------------------------------------------------
// Regular expressions.

interface PatternCost {
  /** Repetitions as long as a subject can be (`*`, `+`, `{n,}`, huge `{n,m}`). */
  loops: number;
  /** Product of the shorter repetition ranges (`?` is 2, `{1,3}` is 3). */
  factor: number;
  anchored: boolean;
}

interface CompiledPattern {
  regex: RegExp;
  cost: PatternCost;
}

const regexCache = new Map<string, CompiledPattern | null>();

/**
 * Worst-case attempts a failing search may make on a subject of `length` characters: every
 * long loop can retry each position, and an unanchored search retries from every start.
 */
function attempts(cost: PatternCost, length: number): number {
  return cost.factor * Math.max(1, length) ** (cost.loops + (cost.anchored ? 0 : 1));
}

/** $regex and kin: whether the attribute matches is `want`; never true when the test cannot be run safely. */
function regex(pattern: unknown, flags: '' | 'i', want: boolean, depth: number): Test {
  const compiled = typeof pattern === 'string' ? compileRegex(pattern, flags) : null;
  if (compiled === null) return NEVER;
  return (actual, run) => regexTest(compiled, actual, run, depth) === want;
}

/** True/false for a match; null when the test cannot be run safely (long subject). */
function regexTest(compiled: CompiledPattern, actual: unknown, run: Run, depth: number): boolean | null {
  const subject = typeof actual === 'string' ? actual : typeof actual === 'number' && Number.isFinite(actual) ? String(actual) : null;
  if (subject === null) return false;
  if (subject.length > MAX_REGEX_SUBJECT_LENGTH) return null;
  // Costly tests draw on the step budget, so many of them cannot add up to a slow rule.
  tick(run, depth, Math.ceil(attempts(compiled.cost, subject.length) / REGEX_ATTEMPTS_PER_STEP));
  return compiled.regex.test(subject);
}

function compileRegex(pattern: string, flags: '' | 'i'): CompiledPattern | null {
  const key = flags + '/' + pattern;
  const cached = regexCache.get(key);
  if (cached !== undefined) return cached;
  if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.clear();
  const prepared = preparePattern(pattern);
  const regex = typeof prepared === 'string' ? null : tryRegExp(prepared.source, flags);
  const compiled = regex === null || typeof prepared === 'string' ? null : { regex, cost: prepared.cost };
  regexCache.set(key, compiled);
  return compiled;
}

function tryRegExp(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

/**
 * Why a `$regex` pattern will never match (too long, invalid, or likely to backtrack
 * catastrophically), or null when it is usable. Exported so config checks can report it.
 */
export function checkRegexPattern(pattern: string): string | null {
  const prepared = preparePattern(pattern);
  return typeof prepared === 'string' ? prepared : null;
}

/** The source to compile and its cost, or why the pattern is refused. */
function preparePattern(pattern: string): { source: string; cost: PatternCost } | string {
  if (pattern.length > MAX_REGEX_PATTERN_LENGTH) return `longer than ${MAX_REGEX_PATTERN_LENGTH} characters`;
  if (tryRegExp(pattern, '') === null) return 'not a valid regular expression';
  const source = withoutRedundantWildcards(pattern);
  const cost = backtrackingCost(source);
  if (typeof cost === 'string') return cost;
  if (attempts(cost, MAX_REGEX_SUBJECT_LENGTH) > REGEX_BACKTRACK_BUDGET) {
    return 'too many repetitions that could backtrack (anchor it with ^ or use fewer)';
  }
  return { source, cost };
}

/**
 * For a search (`test`), a leading `.*` on an unanchored pattern and a trailing `.*` change
 * nothing but the cost, so `.*foo.*` runs as `foo` and is not counted as two unbounded loops.
 */
function withoutRedundantWildcards(pattern: string): string {
  let p = pattern;
  if (p.startsWith('.*?')) p = p.slice(3);
  else if (p.startsWith('.*')) p = p.slice(2);
  const lazy = p.endsWith('.*?') ? 3 : p.endsWith('.*') ? 2 : 0;
  if (lazy > 0 && !isEscaped(p, p.length - lazy)) p = p.slice(0, p.length - lazy);
  return p;
}

/** Whether the character at `at` is escaped by an odd run of backslashes before it. */
function isEscaped(p: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && p[i] === '\\'; i -= 1) slashes += 1;
  return slashes % 2 === 1;
}

interface Frame {
  inner: boolean; // holds a quantifier or an alternation
}

interface Scan {
  loops: number;
  factor: number;
  frames: Frame[];
  /** A `|` outside any group. */
  alternation: boolean;
  /** The group that just closed, while a quantifier may still follow it. */
  closed: Frame | null;
  problem: string | null;
}

/**
 * Conservative static screen for super-linear backtracking in a valid pattern. Refuses a
 * repeated group holding a quantifier or alternation (`(a+)+`, `(a|aa)*`, `(.*a){10}`:
 * exponential) and backreferences; otherwise measures the repetitions, which preparePattern
 * holds to REGEX_BACKTRACK_BUDGET. So `foo.*bar` and `^\d+-\d+$` pass, while `.*a.*b.*c` and
 * `\d+\.\d+` (unanchored) do not.
 */
function backtrackingCost(pattern: string): PatternCost | string {
  const scan: Scan = { frames: [{ inner: false }], closed: null, loops: 0, factor: 1, alternation: false, problem: null };
  for (let i = 0; i < pattern.length && scan.problem === null; ) i = scanToken(pattern, i, scan);
  if (scan.problem !== null) return scan.problem;
  // `^` only anchors the whole search when no top-level alternative escapes it.
  return { loops: scan.loops, factor: scan.factor, anchored: pattern.startsWith('^') && !scan.alternation };
}

/** Reads one token at `i`, updates the scan, returns the next index. */
function scanToken(p: string, i: number, scan: Scan): number {
  const c = p[i];
  const quantifier = /^(?:[*+?]|\{(\d+)(?:(,)(\d*))?\})\??/.exec(p.slice(i, i + 24));
  if (quantifier !== null) {
    onQuantifier(quantifier, scan);
    return i + quantifier[0].length;
  }
  scan.closed = null;
  if (c === '\\') return onEscape(p, i, scan);
  if (c === '[') return skipClass(p, i);
  if (c === '(') return openGroup(p, i, scan);
  if (c === ')') {
    const frame = scan.frames.length > 1 ? scan.frames.pop() : undefined;
    const parent = scan.frames[scan.frames.length - 1];
    if (frame !== undefined && parent !== undefined) {
      parent.inner ||= frame.inner;
      scan.closed = frame;
    }
  } else if (c === '|') {
    const frame = scan.frames[scan.frames.length - 1];
    if (frame !== undefined) frame.inner = true;
    if (scan.frames.length === 1) scan.alternation = true;
  }
  return i + 1;
}

/** [min, max] repetitions of `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (a trailing lazy `?` aside). */
function repetitions(match: RegExpExecArray): [number, number] {
  const symbol = match[0][0];
  if (symbol === '*') return [0, Infinity];
  if (symbol === '+') return [1, Infinity];
  if (symbol === '?') return [0, 1];
  const min = Number(match[1]);
  return [min, match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3])];
}

function onQuantifier(match: RegExpExecArray, scan: Scan): void {
  const [min, max] = repetitions(match);
  if (scan.closed !== null && scan.closed.inner && max > 1) scan.problem = 'a repeated group holds a quantifier or alternation';
  const range = max - min + 1;
  if (range >= MAX_REGEX_SUBJECT_LENGTH) scan.loops += 1;
  else scan.factor *= range;
  const frame = scan.frames[scan.frames.length - 1];
  if (frame !== undefined) frame.inner = true;
  scan.closed = null;
}

function onEscape(p: string, i: number, scan: Scan): number {
  const next = p[i + 1] ?? '';
  if (/[1-9]/.test(next) || (next === 'k' && p[i + 2] === '<')) scan.problem = 'backreferences are not allowed';
  return i + 2;
}

/** Character classes are single atoms; `(`, `*` or `|` inside them are literal. */
function skipClass(p: string, i: number): number {
  let j = i + 1;
  while (j < p.length && p[j] !== ']') j += p[j] === '\\' ? 2 : 1;
  return j + 1;
}

function openGroup(p: string, i: number, scan: Scan): number {
  scan.frames.push({ inner: false });
  // Skip the group kind (`?:`, `?=`, `?!`, `?<=`, `?<!`, `?<name>`) so its `?` is not a quantifier.
  const kind = /^\((\?(?:[:=!]|<[=!]|<[^>]*>))?/.exec(p.slice(i, i + 80));
  return i + (kind?.[0].length ?? 1);
}

// ---------------------------------------------------------------------------------------------
// Versions ($veq … $vlte): a leading "v" and "+build" metadata are ignored; "." and "-" both
// separate parts; a plain x.y.z release sorts above its pre-releases; numeric parts compare as
// numbers, below alphanumeric ones, which compare as strings; a longer pre-release wins a tie.

/** Marks a plain x.y.z version, above every pre-release part. */
const RELEASE: unique symbol = Symbol('release');
type VersionPart = string | typeof RELEASE;

function versionParts(x: unknown): VersionPart[] | null {
  const text = typeof x === 'string' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : null;
  if (text === null || text.length > MAX_VERSION_LENGTH) return null;
  const parts: VersionPart[] = text.trim().replace(/^v/i, '').replace(/\+.*$/, '').split(/[-.]/);
  if (parts.length === 3) parts.push(RELEASE);
  return parts;
}

/** Sign of a − b, or null when either is not a version string. */
function compareVersions(a: unknown, b: unknown): number | null {
  const x = versionParts(a);
  const y = versionParts(b);
  if (x === null || y === null) return null;
  for (let i = 0; i < x.length && i < y.length; i += 1) {
    const sign = comparePart(x[i] as VersionPart, y[i] as VersionPart);
    if (sign !== 0) return sign;
  }
  return Math.sign(x.length - y.length);
}

function versionsDiffer(a: unknown, b: unknown): boolean {
  const sign = compareVersions(a, b);
  return sign !== null && sign !== 0;
}

const DIGITS = /^\d+$/;

function comparePart(a: VersionPart, b: VersionPart): number {
  if (a === b) return 0;
  if (a === RELEASE) return 1;
  if (b === RELEASE) return -1;
  const aNumeric = DIGITS.test(a);
  const bNumeric = DIGITS.test(b);
  if (aNumeric && bNumeric) return compareDigits(a, b);
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : 1;
}

/** Numeric order of two digit strings of any length. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '');
  const y = b.replace(/^0+(?=\d)/, '');
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
