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
 * is bounded (nesting depth, a step budget that regex tests draw on by their linear cost, and
 * regexes on a linear-time engine: regex.ts). Hitting a depth or step limit makes the whole rule false.
 */
import type { AttributeValues } from './attributes.ts';
import { compileRegex } from './regex.ts';

export type Condition = Record<string, unknown>;
export type SavedGroups = Record<string, readonly unknown[]>;

/** Deepest nesting of conditions, operators and compared values; deeper rules are false. */
export const MAX_CONDITION_DEPTH = 24;
/** Node visits (conditions, values, path segments, list look-ups) per evaluation. */
export const MAX_EVAL_STEPS = 20_000;
/**
 * A regex test costs one eval step per this many units of program size × subject length (at
 * least one): RE2's bound on its work. 20,000 steps allow 1.28M units per evaluation: 40-150 ms
 * for patterns built to defeat RE2's DFA (30-120 ns a unit, measured), a few ms for ordinary ones.
 * The largest program (MAX_REGEX_PROGRAM_SIZE) fits once on a 1,280-character subject; a typical
 * one (20 instructions) about 30 times on a 2,000-character URL.
 */
export const REGEX_UNITS_PER_STEP = 64;
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
export type CompiledCondition = (attributes: AttributeValues, savedGroups?: SavedGroups) => boolean;

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
export function evalCondition(attributes: AttributeValues, condition: Condition, savedGroups?: SavedGroups): boolean {
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
const plain =
  (apply: (actual: unknown, operand: unknown, run: Run, depth: number) => boolean): OperatorCompiler =>
  (operand, depth) =>
  (actual, run) =>
    apply(actual, operand, run, depth);

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
  [
    '$size',
    (o, d, compiler) => {
      const size = compiler.value(o, d);
      return (a, run) => Array.isArray(a) && size(a.length, run);
    },
  ],
  ['$exists', plain((a, o) => (o === true ? a != null : o === false ? a == null : false))],
  ['$type', plain((a, o) => typeName(a) === o)],
  ['$not', (o, d, compiler) => not(compiler.value(o, d))],
  ['$regex', (o, d) => regex(o, false, true, d)],
  ['$regexi', (o, d) => regex(o, true, true, d)],
  // A pattern we cannot run (refused syntax, too large, no engine) matches neither way.
  ['$notRegex', (o, d) => regex(o, false, false, d)],
  ['$notRegexi', (o, d) => regex(o, true, false, d)],
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
// Regular expressions: compiled by regex.ts for a linear-time engine (RE2).

/** $regex and kin: whether the attribute matches is `want`; never true when the pattern cannot run. */
function regex(pattern: unknown, ignoreCase: boolean, want: boolean, depth: number): Test {
  const compiled = typeof pattern === 'string' ? compileRegex(pattern, ignoreCase) : null;
  if (compiled === null || typeof compiled === 'string') return NEVER;
  return (actual, run) => {
    const subject = typeof actual === 'string' ? actual : typeof actual === 'number' && Number.isFinite(actual) ? String(actual) : null;
    // Anything else is not matched: $notRegex holds for it.
    if (subject === null) return !want;
    // Linear is not free: a test costs up to program size × subject length, drawn from the budget first.
    tick(run, depth, Math.max(1, Math.ceil((compiled.size * subject.length) / REGEX_UNITS_PER_STEP)));
    return compiled.test(subject) === want;
  };
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
