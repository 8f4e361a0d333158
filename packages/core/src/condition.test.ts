/** Behaviours of the audience rule evaluator that users rely on beyond the conformance vectors. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from './testing.ts';
import { MAX_CONDITION_DEPTH, MAX_EVAL_STEPS, MAX_VERSION_LENGTH, REGEX_UNITS_PER_STEP, type Condition, compileCondition, evalCondition } from './condition.ts';
import { RE2JS } from './re2.ts';
import { MAX_REGEX_PATTERN_LENGTH, checkRegexPattern, useRe2 } from './regex.ts';

useRe2(RE2JS);

const attributes = {
  geo: { country: 'DE', city: 'Berlin' },
  device: { type: 'mobile' },
  profile: {
    interests: { shoes: 3, outdoor: 1 },
    segments: ['vip', 'newsletter'],
    orders: [
      { sku: 'A-1', total: 40 },
      { sku: 'B-2', total: 120 },
    ],
    appVersion: '2.10.0',
  },
  page: { path: '/shoes/running' },
};

const matches = (condition: Condition, attrs: Record<string, unknown> = attributes) => evalCondition(attrs, condition);

function nestNot(levels: number, inner: Condition): Condition {
  let condition = inner;
  for (let i = 0; i < levels; i += 1) condition = { $not: condition };
  return condition;
}

function nestObject(levels: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: true };
  for (let i = 0; i < levels; i += 1) value = { next: value };
  return value;
}

describe('dotted paths', () => {
  it('reads nested attributes', () => {
    expect(matches({ 'profile.interests.shoes': { $gte: 2 } })).toBe(true);
    expect(matches({ 'geo.country': 'DE', 'device.type': 'mobile' })).toBe(true);
    expect(matches({ 'geo.country': 'AT' })).toBe(false);
  });

  it('treats a missing step as a missing attribute', () => {
    expect(matches({ 'profile.interests.garden': { $exists: false } })).toBe(true);
    expect(matches({ 'profile.nothing.here': { $exists: true } })).toBe(false);
    expect(matches({ 'geo.country.length': { $exists: true } })).toBe(false);
    // A missing interest compares as 0, like GrowthBook.
    expect(matches({ 'profile.interests.garden': { $lt: 1 } })).toBe(true);
  });

  it('indexes arrays by position only', () => {
    expect(matches({ 'profile.orders.1.sku': 'B-2' })).toBe(true);
    expect(matches({ 'profile.segments.0': 'vip' })).toBe(true);
    expect(matches({ 'profile.segments.length': { $exists: true } })).toBe(false);
    expect(matches({ 'profile.segments.01': { $exists: true } })).toBe(false);
  });
});

describe('arrays', () => {
  it('$in and $nin match when any element of an array attribute is listed', () => {
    expect(matches({ 'profile.segments': { $in: ['vip', 'lapsed'] } })).toBe(true);
    expect(matches({ 'profile.segments': { $nin: ['lapsed'] } })).toBe(true);
    expect(matches({ 'profile.segments': { $nin: ['newsletter'] } })).toBe(false);
  });

  it('plain values compare whole arrays, in order', () => {
    expect(matches({ 'profile.segments': ['vip', 'newsletter'] })).toBe(true);
    expect(matches({ 'profile.segments': ['newsletter', 'vip'] })).toBe(false);
    expect(matches({ 'profile.segments': 'vip' })).toBe(false);
  });

  it('$elemMatch runs a condition against object elements', () => {
    expect(matches({ 'profile.orders': { $elemMatch: { total: { $gt: 100 }, sku: { $regex: '^B-' } } } })).toBe(true);
    expect(matches({ 'profile.orders': { $elemMatch: { total: { $gt: 500 } } } })).toBe(false);
    expect(matches({ 'profile.segments': { $not: { $elemMatch: { $eq: 'lapsed' } } } })).toBe(true);
  });

  it('$all, $alli and $size', () => {
    expect(matches({ 'profile.segments': { $all: ['newsletter', 'vip'] } })).toBe(true);
    expect(matches({ 'profile.segments': { $alli: ['VIP'] } })).toBe(true);
    expect(matches({ 'profile.segments': { $size: { $gte: 2 } } })).toBe(true);
    expect(matches({ 'profile.segments': { $size: 3 } })).toBe(false);
  });

  it('$in with a long list (indexed) behaves like a short one', () => {
    const list = Array.from({ length: 100 }, (_, i) => `id-${i}`);
    expect(matches({ id: { $in: list } }, { id: 'id-42' })).toBe(true);
    expect(matches({ id: { $in: list } }, { id: 'id-100' })).toBe(false);
    expect(matches({ id: { $in: [...list, null] } }, {})).toBe(true);
    expect(matches({ id: { $in: [...list, { a: 1 }] } }, { id: { a: 1 } })).toBe(true);
    expect(matches({ id: { $ini: list } }, { id: 'ID-7' })).toBe(true);
    expect(matches({ id: { $nini: list } }, { id: 'ID-7' })).toBe(false);
    expect(matches({ ids: { $in: list } }, { ids: ['x', 'id-99'] })).toBe(true);
  });
});

describe('values', () => {
  it('a missing attribute equals null and nothing else', () => {
    expect(matches({ coupon: null }, {})).toBe(true);
    expect(matches({ coupon: false }, {})).toBe(false);
    expect(matches({ coupon: { $ne: 'SUMMER' } }, {})).toBe(true);
  });

  it('numbers and numeric strings order numerically, other strings as strings', () => {
    expect(matches({ n: { $gt: 9 } }, { n: '10' })).toBe(true);
    expect(matches({ n: { $gt: '9' } }, { n: '10' })).toBe(false);
    expect(matches({ n: { $gt: 1 } }, { n: 'many' })).toBe(false);
    expect(matches({ n: { $lt: 1 } }, { n: [0] })).toBe(false);
  });

  it('$regex tests strings and numbers, never other values', () => {
    expect(matches({ zip: { $regex: '^10' } }, { zip: 10115 })).toBe(true);
    expect(matches({ zip: { $regex: 'null' } }, { zip: null })).toBe(false);
    expect(matches({ ua: { $notRegex: 'bot' } }, { ua: 'Mozilla' })).toBe(true);
    expect(matches({ ua: { $notRegexi: 'BOT' } }, { ua: 'googlebot' })).toBe(false);
    expect(matches({ ua: { $notRegex: 'bot' } }, {})).toBe(true);
  });

  it('empty $and, $or and $nor constrain nothing; malformed logic never matches', () => {
    expect(matches({ $and: [] })).toBe(true);
    expect(matches({ $or: [] })).toBe(true);
    expect(matches({ $nor: [] })).toBe(true);
    expect(matches({ $or: { 'geo.country': 'DE' } })).toBe(false);
    expect(matches({ $and: ['geo.country'] })).toBe(false);
    expect(matches({ $not: 'x' })).toBe(false);
    expect(matches({ 'geo.country': { $exists: 'yes' } })).toBe(false);
    expect(matches({ 'geo.country': { $in: 'DE' } })).toBe(false);
  });

  it('an invalid condition or attributes object is false, not an error', () => {
    expect(evalCondition(attributes, null as unknown as Condition)).toBe(false);
    expect(evalCondition(attributes, ['a'] as unknown as Condition)).toBe(false);
    expect(evalCondition(null as unknown as Record<string, unknown>, { a: 1 })).toBe(false);
    expect(evalCondition(attributes, { 'geo.country': { $unknown: 1 } })).toBe(false);
  });
});

describe('versions', () => {
  const v = (version: unknown, condition: Record<string, unknown>) => matches({ version: condition }, { version });

  it('compares numeric parts as numbers', () => {
    expect(v('2.10.0', { $vgt: '2.9.9' })).toBe(true);
    expect(v('2.10.0', { $gt: '2.9.9' })).toBe(false); // plain $gt compares strings
    expect(v('1000000.0.0', { $vgt: '999999.0.0' })).toBe(true);
    expect(v('v3.0.0', { $vgte: '3.0.0', $vlt: '3.0.1' })).toBe(true);
  });

  it('ranks a release above its pre-releases and ignores build metadata', () => {
    expect(v('3.0.0-rc.2', { $vlt: '3.0.0' })).toBe(true);
    expect(v('3.0.0-rc.2', { $vgt: '3.0.0-rc.1' })).toBe(true);
    expect(v('3.0.0+20240101', { $veq: '3.0.0' })).toBe(true);
  });

  it('accepts numbers as versions', () => {
    expect(v(10, { $vgt: '9.0.0' })).toBe(true);
    expect(v('10.1.0', { $vgte: 10 })).toBe(true);
  });

  it('non-version values never compare', () => {
    for (const op of ['$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte']) {
      expect(v(undefined, { [op]: '1.0.0' })).toBe(false);
      expect(v({ major: 1 }, { [op]: '1.0.0' })).toBe(false);
      expect(v(`1.${'0'.repeat(MAX_VERSION_LENGTH)}`, { [op]: '1.0.0' })).toBe(false);
    }
  });
});

describe('saved groups', () => {
  const groups = { beta: ['u1', 'u2', 3], big: Array.from({ length: MAX_EVAL_STEPS * 2 }, (_, i) => `user-${i}`) };

  it('$inGroup and $notInGroup check membership by exact value', () => {
    expect(evalCondition({ id: 'u2' }, { id: { $inGroup: 'beta' } }, groups)).toBe(true);
    expect(evalCondition({ id: '3' }, { id: { $inGroup: 'beta' } }, groups)).toBe(false);
    expect(evalCondition({ id: 'u9' }, { id: { $notInGroup: 'beta' } }, groups)).toBe(true);
    expect(evalCondition({ ids: ['x', 'u1'] }, { ids: { $inGroup: 'beta' } }, groups)).toBe(true);
  });

  it('an unknown group contains nobody, including without savedGroups', () => {
    expect(evalCondition({ id: 'u1' }, { id: { $inGroup: 'nope' } }, groups)).toBe(false);
    expect(evalCondition({ id: 'u1' }, { id: { $inGroup: 'beta' } })).toBe(false);
    expect(evalCondition({ id: 'u1' }, { id: { $notInGroup: 'beta' } })).toBe(true);
  });

  it('a group larger than the step budget is still one look-up', () => {
    expect(evalCondition({ id: `user-${MAX_EVAL_STEPS + 7}` }, { id: { $inGroup: 'big' } }, groups)).toBe(true);
    expect(evalCondition({ id: 'user-x' }, { id: { $notInGroup: 'big' } }, groups)).toBe(true);
  });

  it('group ids never resolve to prototype members', () => {
    for (const id of ['toString', 'constructor', '__proto__', 'hasOwnProperty']) {
      expect(evalCondition({ id: 'u1' }, { id: { $inGroup: id } }, groups)).toBe(false);
      expect(evalCondition({ id: 'u1' }, { id: { $notInGroup: id } }, groups)).toBe(true);
    }
  });
});

describe('limits', () => {
  it('nesting deeper than MAX_CONDITION_DEPTH makes the whole rule false', () => {
    const leaf = { 'geo.country': 'DE' };
    expect(matches(nestNot(10, leaf))).toBe(true);
    // An even number of $not is true by meaning, so false here can only come from the limit.
    expect(matches(nestNot(MAX_CONDITION_DEPTH + 2, leaf))).toBe(false);
    expect(matches(nestNot(MAX_CONDITION_DEPTH + 3, leaf))).toBe(false);
  });

  it('deep attribute values hit the same depth limit', () => {
    expect(matches({ value: nestObject(5) }, { value: nestObject(5) })).toBe(true);
    expect(matches({ value: nestObject(MAX_CONDITION_DEPTH * 2) }, { value: nestObject(MAX_CONDITION_DEPTH * 2) })).toBe(false);
  });

  it('a rule needing more than MAX_EVAL_STEPS visits is false', () => {
    const many = (n: number) => ({ $and: Array.from({ length: n }, () => ({ 'geo.country': 'DE' })) });
    expect(matches(many(100))).toBe(true);
    expect(matches(many(MAX_EVAL_STEPS))).toBe(false);
  });

  it('cyclic conditions and attributes terminate', () => {
    const condition: Record<string, unknown> = {};
    condition.$not = condition;
    expect(matches(condition)).toBe(false);
    const attrs: Record<string, unknown> = { name: 'loop' };
    attrs.self = attrs;
    expect(matches({ 'self.self.self.name': 'loop' }, attrs)).toBe(true);
    expect(matches({ self: { name: 'loop' } }, attrs)).toBe(false);
    const cyclicValue: Record<string, unknown> = {};
    cyclicValue.self = cyclicValue;
    expect(matches({ self: cyclicValue }, attrs)).toBe(false);
  });

  it('a rule that shares one sub-condition many times compiles once per level and still hits the step limit', () => {
    // Each level lists the level below twice: 2^levels leaves to visit, but only `levels` objects.
    const shared = (levels: number): Condition => {
      let c: Condition = { 'geo.country': 'DE' };
      for (let i = 0; i < levels; i += 1) c = { $and: [c, c] };
      return c;
    };
    expect(matches(shared(8))).toBe(true);
    // Compiling 2^24 copies would not finish; evaluating stops at MAX_EVAL_STEPS.
    expect(matches(shared(MAX_CONDITION_DEPTH - 2))).toBe(false);
  });

  it('hostile attribute objects make the rule false instead of throwing', () => {
    const throwing = Object.defineProperty({}, 'name', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(matches({ 'user.name': 'x' }, { user: throwing })).toBe(false);
    const proxy = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
      },
    );
    expect(matches({ user: {} }, { user: proxy })).toBe(false);
  });
});

describe('compiled conditions', () => {
  it('a compiled rule answers for any number of visitors, each evaluation with its own step budget', () => {
    const rule = compileCondition({ $and: Array.from({ length: MAX_EVAL_STEPS / 8 }, () => ({ 'geo.country': 'DE' })) });
    const berlin = { geo: { country: 'DE' } };
    const paris = { geo: { country: 'FR' } };
    for (let i = 0; i < 3; i += 1) {
      expect(rule(berlin)).toBe(true);
      expect(rule(paris)).toBe(false);
    }
  });

  it('reads saved groups when evaluated, so a compiled rule sees the groups it is given', () => {
    const rule = compileCondition({ 'user.idHash': { $inGroup: 'vips' } });
    const visitor = { user: { idHash: 'abc' } };
    expect(rule(visitor, { vips: ['abc'] })).toBe(true);
    expect(rule(visitor, { vips: ['xyz'] })).toBe(false);
    expect(rule(visitor)).toBe(false);
  });

  it('a rule that cannot be read whole is false, even where a walk would not have reached the bad part', () => {
    const unreadable = Object.defineProperty({}, 'x', {
      enumerable: true,
      get: () => {
        throw new Error('boom');
      },
    });
    expect(matches({ $or: [{ 'geo.country': 'DE' }, unreadable] })).toBe(false);
    expect(matches({ $or: [{ 'geo.country': 'DE' }, { 'geo.city': 'Berlin' }] })).toBe(true);
  });
});

describe('regex safety', () => {
  it('patterns that backtrack catastrophically elsewhere are accepted and answer correctly on 10 KB subjects', () => {
    // A backtracking engine takes exponential or polynomial time on each of these; RE2 answers at once.
    const cases: [string, string][] = [
      ['(a+)+$', `${'a'.repeat(10_000)}b`],
      ['(a|aa)*c', 'a'.repeat(10_000)],
      ['(.*a){10}$', `${'a'.repeat(10_000)}b`],
      ['^(\\w+\\s?)*$', `${'a '.repeat(5_000)}!`],
      ['((ab)*c)+$', 'ab'.repeat(5_000)],
      ['.*a.*a.*x', 'a'.repeat(10_000)],
      ['\\d+\\d+x', '1'.repeat(10_000)],
    ];
    for (const [pattern, subject] of cases) {
      expect(checkRegexPattern(pattern)).toBeNull();
      expect(matches({ s: { $regex: pattern } }, { s: subject })).toBe(false);
    }
    expect(matches({ s: { $regex: '(a+)+$' } }, { s: 'aaa' })).toBe(true);
    expect(matches({ s: { $regex: '^(\\w+\\s?)*$' } }, { s: 'two words' })).toBe(true);
  });

  it('backreferences are refused (RE2 has none)', () => {
    expect(checkRegexPattern('(a)\\1')).not.toBeNull();
    expect(checkRegexPattern('(?<q>a)\\k<q>')).not.toBeNull();
    expect(matches({ s: { $regex: '(a)\\1' } }, { s: 'aa' })).toBe(false);
  });

  it('ordinary audience patterns stay usable', () => {
    for (const pattern of ['(Mobile|Tablet)', '^/shoes/.+', '-12-25$', '.*sale.*', '^[a-z]+-\\d+$', '(?:foo)?bar', '[(*+]x', '^\\(a+\\)+', 'a{2,5}']) {
      expect(checkRegexPattern(pattern)).toBeNull();
    }
    expect(matches({ 'page.path': { $regex: '.*shoes.*' } })).toBe(true);
    expect(matches({ 'page.path': { $regex: '^/shoes/.+' } })).toBe(true);
    expect(matches({ 'page.path': { $regexi: '/SHOES/' } })).toBe(true);
  });

  it('over-long or invalid patterns never match', () => {
    expect(matches({ s: { $regex: 'a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1) } }, { s: 'a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1) })).toBe(false);
    expect(matches({ s: { $regex: 'a'.repeat(MAX_REGEX_PATTERN_LENGTH) } }, { s: 'a'.repeat(MAX_REGEX_PATTERN_LENGTH) })).toBe(true);
    expect(matches({ s: { $regex: '(' } }, { s: '(' })).toBe(false);
    expect(matches({ s: { $notRegex: '(' } }, { s: '(' })).toBe(false);
  });

  it('regex tests draw on the step budget by program size × subject length, so many long ones cannot add up', () => {
    const long = 'a'.repeat(10_000);
    const test = { s: { $regex: 'a?a?x' } };
    // $nor of non-matching tests is true by meaning; false can only come from the budget.
    expect(matches({ $nor: [test] }, { s: long })).toBe(true);
    expect(matches({ $nor: Array.from({ length: 20 }, () => test) }, { s: long })).toBe(false);
    expect(matches({ $nor: Array.from({ length: 1_000 }, () => ({ s: { $regex: 'x' } })) }, { s: 'short' })).toBe(true);
    expect(REGEX_UNITS_PER_STEP).toBe(64);
  });

  it('tests long subjects (there is no length cap: the budget covers their cost)', () => {
    const long = `${'x'.repeat(10_000)}y`;
    expect(matches({ s: { $regex: 'y$' } }, { s: long })).toBe(true);
    expect(matches({ s: { $notRegex: 'z' } }, { s: long })).toBe(true);
  });
});

describe('prototype safety', () => {
  const prototypeNames = () => [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join());

  it('paths never reach Object.prototype members', () => {
    for (const path of [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      '__proto__.toString',
      'constructor.prototype',
      'geo.constructor.name',
      'profile.segments.constructor',
    ]) {
      expect(matches({ [path]: { $exists: true } })).toBe(false);
      expect(matches({ [path]: { $type: 'function' } })).toBe(false);
      expect(matches({ [path]: { $type: 'object' } })).toBe(false);
    }
  });

  it('own "__proto__" data (from JSON) is an ordinary attribute', () => {
    const attrs = JSON.parse('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    expect(matches({ '__proto__.polluted': 'yes' }, attrs)).toBe(true);
    expect(matches(JSON.parse('{"__proto__": {"polluted": "yes"}}') as Condition, attrs)).toBe(true);
    expect(matches({ '__proto__.polluted': 'yes' }, {})).toBe(false);
  });

  it('never writes: frozen inputs evaluate normally and prototypes stay untouched', () => {
    const before = prototypeNames();
    const attrs = deepFreeze(JSON.parse(JSON.stringify(attributes)) as Record<string, unknown>);
    const condition = deepFreeze({
      $and: [{ 'profile.segments': { $in: Array.from({ length: 20 }, (_, i) => (i === 7 ? 'vip' : `s${i}`)) } }, { 'page.path': { $regex: '^/shoes' } }],
      '__proto__.polluted': { $exists: false },
    });
    expect(evalCondition(attrs, condition)).toBe(true);
    expect(evalCondition(attrs, condition)).toBe(true);
    expect(prototypeNames()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('never throws (property-based)', () => {
  const keys = fc.constantFrom('a', 'a.b', 'a.0', '$and', '$or', '$nor', '$not', '__proto__', 'constructor', '$groups');
  const operators = fc.constantFrom(
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
    '$veq',
    '$vgt',
    '$vlt',
    '$inGroup',
    '$notInGroup',
    '$bogus',
    '__proto__',
  );
  const { condition } = fc.letrec((tie) => ({
    condition: fc.dictionary(keys, fc.oneof({ depthSize: 'small' }, tie('value'), fc.array(tie('condition'), { maxLength: 3 })), { maxKeys: 3 }),
    value: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), fc.dictionary(operators, tie('value'), { maxKeys: 2 }), tie('condition')),
  }));

  it('returns a boolean for any condition, attributes and saved groups, and leaves prototypes alone', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    fc.assert(
      fc.property(condition, fc.anything({ withObjectString: true, withNullPrototype: true }), fc.anything(), (c, attrs, groups) => {
        const result = evalCondition(attrs as Record<string, unknown>, c as Condition, groups as Record<string, readonly unknown[]>);
        return typeof result === 'boolean';
      }),
      { numRuns: 500 },
    );
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
