/**
 * Property tests of the audience rule evaluator under random and adversarial rules: it never
 * throws, its work stays bounded, catastrophic patterns finish (on RE2, never on a backtracking
 * engine), and nothing it reads (or is given) can pollute a prototype. Work is counted, never
 * timed: every attribute read goes through a counting Proxy, and regex executions with a spy.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_CONDITION_DEPTH, MAX_EVAL_STEPS, type Condition, evalCondition } from './condition.ts';
import { RE2JS } from './re2.ts';
import { checkRegexPattern, useRe2 } from './regex.ts';

useRe2(RE2JS);

/** Subjects up to this long: 10 KB, five times a long URL. */
const LONG_SUBJECT = 10_240;

const OPERATORS = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$in',
  '$nin',
  '$ini',
  '$nini',
  '$all',
  '$alli',
  '$elemMatch',
  '$size',
  '$exists',
  '$type',
  '$not',
  '$regex',
  '$regexi',
  '$notRegex',
  '$notRegexi',
  '$veq',
  '$vne',
  '$vgt',
  '$vgte',
  '$vlt',
  '$vlte',
  '$inGroup',
  '$notInGroup',
] as const;
const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  '__proto__.polluted',
  'constructor.prototype',
  'constructor.prototype.polluted',
  'a.__proto__',
  'toString',
  'valueOf',
];
const PATHS = ['a', 'a.b', 'a.b.c', 'a.0', 'list', 'list.1', 's', ...HOSTILE_KEYS];

/** Through JSON, as conditions arrive from a stored config: `__proto__` becomes an own key. */
const viaJson = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const polluted = () => (({}) as Record<string, unknown>).polluted ?? ([] as unknown as Record<string, unknown>).polluted;
const prototypeShape = () => [Object.prototype, Array.prototype, Function.prototype, String.prototype, RegExp.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());

// --- generators --------------------------------------------------------------------------------

const scalar = fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(...HOSTILE_KEYS));
const regexSource = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[\^]?[a-c.()|*+?{}\d,\\[\]]{0,24}[$]?$/));

const { condition } = fc.letrec<{ condition: Record<string, unknown>; value: unknown; operand: unknown }>((tie) => ({
  condition: fc.dictionary(
    fc.oneof(fc.constantFrom(...PATHS), fc.constantFrom('$and', '$or', '$nor', '$not')),
    fc.oneof({ depthSize: 'small' }, tie('value'), fc.array(tie('condition'), { maxLength: 4 }), tie('condition')),
    { maxKeys: 4 },
  ),
  value: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.array(scalar, { maxLength: 6 }),
    fc.dictionary(fc.constantFrom(...OPERATORS, '$bogus', '__proto__'), tie('operand'), { minKeys: 1, maxKeys: 3 }),
  ),
  operand: fc.oneof({ depthSize: 'small' }, scalar, regexSource, fc.array(scalar, { maxLength: 12 }), tie('value'), tie('condition')),
}));

const attributeValue = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    scalar,
    fc.string({ maxLength: 300 }),
    fc.array(tie('node'), { maxLength: 5 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'c', 'list', 's', '0', '1', '__proto__', 'constructor', 'prototype'), tie('node'), { maxKeys: 5 }),
  ),
})).node;
const attributes = fc.dictionary(fc.constantFrom('a', 'list', 's', '__proto__', 'constructor', 'prototype'), attributeValue, { maxKeys: 6 }).map(viaJson);

/**
 * Nested to a random depth past the limit, mixing the logical operators and $elemMatch (which
 * the cyclic attributes below let descend forever).
 */
const deepCondition = fc
  .tuple(fc.integer({ min: MAX_CONDITION_DEPTH, max: 2_000 }), fc.array(fc.constantFrom('$and', '$or', '$nor', '$not', 'elem'), { minLength: 1, maxLength: 6 }))
  .map(([depth, kinds]) => {
    let c: Record<string, unknown> = { a: 1 };
    for (let i = 0; i < depth; i += 1) {
      const kind = kinds[i % kinds.length];
      c = kind === '$not' ? { $not: c } : kind === 'elem' ? { list: { $elemMatch: { a: 1, ...c } } } : { [kind as string]: [c] };
    }
    return c;
  });

/** Exponential or polynomial backtracking shapes, with random atoms, anchors and suffixes. */
const atom = fc.constantFrom('a', '.', '\\w', '\\d', '[a-z]', '(?:ab)', 'x?a', '\\s');
const catastrophic = fc
  .tuple(
    atom,
    atom,
    fc.constantFrom('+', '*', '{2,}', '{1,100000}'),
    fc.constantFrom('+', '*', '{2,}', '{10}'),
    fc.constantFrom('', '^'),
    fc.constantFrom('$', 'b$', '!', ''),
    fc.nat({ max: 4 }),
  )
  .map(([x, y, inner, outer, start, end, shape]) => {
    const core = [`(${x}${inner})${outer}`, `(${x}|${x}${y})${outer}`, `(${x}${inner}${y}${inner})${outer}`, `(?:(${x}${inner})|${y})${outer}`, `((${x}${inner})${outer})${outer}`][
      shape
    ];
    return `${start}${core}${end}`;
  });

// --- work counting -----------------------------------------------------------------------------

/** Wraps `value` so that every property read, key listing and descriptor look-up is counted. */
function counted(value: unknown, counter: { n: number }): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return new Proxy(value, {
    get(target, key, receiver) {
      counter.n += 1;
      return counted(Reflect.get(target, key, receiver), counter);
    },
    has(target, key) {
      counter.n += 1;
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      counter.n += 1;
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      counter.n += 1;
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/**
 * Attribute reads a single evaluation may make: a look-up is a descriptor check and a read, and
 * a deep comparison lists keys and checks each. Each of those costs the evaluator a step.
 */
const MAX_READS = 8 * MAX_EVAL_STEPS;

afterEach(() => vi.restoreAllMocks());

describe('the condition evaluator under random rules (property-based)', () => {
  it('never throws, never pollutes, and returns a boolean for random rules through JSON', () => {
    const shape = prototypeShape();
    fc.assert(
      fc.property(condition.map(viaJson), attributes, fc.dictionary(fc.constantFrom('g', '__proto__', 'constructor'), fc.array(scalar, { maxLength: 20 })), (c, attrs, groups) => {
        const result = evalCondition(attrs, c as Condition, viaJson(groups));
        return typeof result === 'boolean' && polluted() === undefined;
      }),
      { numRuns: 1_000 },
    );
    expect(prototypeShape()).toEqual(shape);
    expect(polluted()).toBeUndefined();
  });

  it('is deterministic and leaves its inputs unchanged', () => {
    fc.assert(
      fc.property(condition.map(viaJson), attributes, (c, attrs) => {
        const before = JSON.stringify([c, attrs]);
        const first = evalCondition(attrs, c as Condition);
        return evalCondition(attrs, c as Condition) === first && JSON.stringify([c, attrs]) === before;
      }),
      { numRuns: 500 },
    );
  });

  it('reads the attributes a bounded number of times, whatever the rule', () => {
    fc.assert(
      fc.property(condition.map(viaJson), attributes, fc.integer({ min: 1, max: 5_000 }), (c, attrs, fanOut) => {
        // Widen the rule: the same random condition many times over, under every combinator.
        const wide = { $and: Array.from({ length: fanOut }, () => c), $nor: Array.from({ length: fanOut }, () => ({ $not: c })) };
        const counter = { n: 0 };
        const result = evalCondition(counted(attrs, counter) as Record<string, unknown>, wide);
        return typeof result === 'boolean' && counter.n <= MAX_READS;
      }),
      { numRuns: 300 },
    );
  });
});

describe('the condition evaluator under adversarial rules (property-based)', () => {
  it('deep nesting of every kind is false, without a stack overflow', () => {
    fc.assert(
      fc.property(deepCondition, (c) => {
        const counter = { n: 0 };
        const cyclic: Record<string, unknown> = { a: 1 };
        cyclic.list = [cyclic];
        const result = evalCondition(counted(cyclic, counter) as Record<string, unknown>, c);
        // Depth alone decides: each rule is nested far past MAX_CONDITION_DEPTH.
        return result === false && counter.n <= MAX_READS;
      }),
      { numRuns: 300 },
    );
  });

  it('huge arrays in rules and attributes cost bounded reads and stay correct', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10_000, max: 60_000 }), fc.nat(), fc.constantFrom('$in', '$nin', '$all', '$and', '$or', '$elemMatch', '$size'), (size, seed, op) => {
        const big = Array.from({ length: size }, (_, i) => `v${i}`);
        const hit = `v${seed % size}`;
        const attrs = { s: hit, list: big };
        const counter = { n: 0 };
        const rules: Record<string, Condition> = {
          $in: { s: { $in: big } },
          $nin: { s: { $nin: big } },
          $all: { list: { $all: big } },
          $and: { $and: big.map((v) => ({ s: v })) },
          $or: { $or: big.map((v) => ({ s: v })) },
          $elemMatch: { list: { $elemMatch: { $eq: 'missing' } } },
          $size: { list: { $size: { $gt: size - 1 } } },
        };
        const result = evalCondition(counted(attrs, counter) as Record<string, unknown>, rules[op]!);
        if (counter.n > MAX_READS) return false;
        // Where the answer can be had within the budget it is right; otherwise the rule is false.
        if (op === '$in') return result === true;
        if (op === '$nin') return result === false;
        if (op === '$size') return result === true;
        return result === false || op === '$or';
      }),
      { numRuns: 25 },
    );
  });

  it('catastrophic patterns are accepted and finish on long adversarial subjects, never on a backtracking engine', () => {
    // No JavaScript RegExp ever sees the visitor's subject: only RE2 does.
    const seen: string[] = [];
    for (const method of ['test', 'exec'] as const) {
      const original = RegExp.prototype[method] as (this: RegExp, s: string) => unknown;
      vi.spyOn(RegExp.prototype, method).mockImplementation(function (this: RegExp, s: string) {
        seen.push(String(s));
        return original.call(this, s) as never;
      });
    }
    fc.assert(
      fc.property(catastrophic, fc.constantFrom('$regex', '$regexi', '$notRegex', '$notRegexi'), fc.integer({ min: 1, max: LONG_SUBJECT }), (pattern, op, n) => {
        seen.length = 0;
        const subject = `${'a'.repeat(n)}!`;
        const result = evalCondition({ s: subject }, { s: { [op]: pattern } });
        // Accepted, unless its counts are past RE2's limits (`{1,100000}`): then it never matches.
        const accepted = checkRegexPattern(pattern) === null || /repetition count|too large|repeat count/.test(checkRegexPattern(pattern) ?? '');
        return accepted && typeof result === 'boolean' && !seen.includes(subject);
      }),
      { numRuns: 500 },
    );
  });

  it('random patterns on long adversarial subjects run at most once per test and never throw', () => {
    const runs = { n: 0 };
    const test = RE2JS.prototype.test;
    vi.spyOn(RE2JS.prototype, 'test').mockImplementation(function (this: RE2JS, s: Parameters<RE2JS['test']>[0]) {
      runs.n += 1;
      return test.call(this, s);
    });
    fc.assert(
      fc.property(
        regexSource,
        fc.constantFrom('a', 'ab', 'a1 ', '\u0000', '\uD83D'),
        fc.integer({ min: 0, max: LONG_SUBJECT }),
        fc.integer({ min: 1, max: 2_000 }),
        (pattern, unit, n, copies) => {
          const subject = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
          runs.n = 0;
          const result = evalCondition({ s: subject }, { $nor: Array.from({ length: copies }, () => ({ s: { $regex: pattern } })) });
          // The step budget caps how many tests one rule can make, however many it lists.
          return typeof result === 'boolean' && runs.n <= MAX_EVAL_STEPS;
        },
      ),
      { numRuns: 300 },
    );
  });

  it('__proto__, constructor and prototype keys in rules, operators, groups and attributes pollute nothing', () => {
    const shape = prototypeShape();
    const hostile = fc.constantFrom(...HOSTILE_KEYS);
    const payload = fc.constantFrom('{"polluted":"yes"}', '{"__proto__":{"polluted":"yes"}}', '{"prototype":{"polluted":"yes"}}', '"yes"', '["yes"]');
    fc.assert(
      fc.property(hostile, hostile, payload, fc.constantFrom(...OPERATORS, '__proto__', 'constructor'), (key, inner, json, op) => {
        const c = JSON.parse(
          `{"${key}": {"${op}": ${json}}, "$and": [{"${inner}": ${json}}], "$or": [{"${key}": {"$exists": true}}, {"${inner}": {"$type": "object"}}]}`,
        ) as Condition;
        const attrs = JSON.parse(`{"${key}": ${json}, "a": {"${inner}": ${json}}}`) as Record<string, unknown>;
        const groups = JSON.parse(`{"${key}": ["yes"], "__proto__": ["yes"]}`) as Record<string, readonly unknown[]>;
        evalCondition(attrs, c, groups);
        evalCondition(attrs, { [key]: { $inGroup: key } }, groups);
        evalCondition({}, { [key]: { $exists: true } });
        return polluted() === undefined;
      }),
      { numRuns: 500 },
    );
    expect(prototypeShape()).toEqual(shape);
    // A path can never reach a prototype's members, however it is spelled.
    for (const path of HOSTILE_KEYS) expect(evalCondition({}, { [path]: { $exists: true } })).toBe(false);
  });
});
