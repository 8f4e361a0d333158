/**
 * GrowthBook's public conformance vectors (vendored in packages/core/test-vectors/, see its README), every case of every
 * section that applies to Slotwise. Runs in Node and in workerd, so the JSON is imported
 * statically rather than read from disk.
 */
import { describe, expect, it } from 'vitest';
import cases from '../test-vectors/growthbook-cases.json';
import { evalCondition, type Condition, type SavedGroups } from './condition.ts';
import { type BucketRange, chooseVariation, getBucketRanges, getEqualWeights, hash, inNamespace } from './hash.ts';
import { RE2JS } from './re2.ts';
import { useRe2 } from './regex.ts';

// $regex runs on the linear-time engine, installed as every runtime installs it.
useRe2(RE2JS);

const file = cases as unknown as Record<string, unknown>;

type Guard<T> = (row: unknown) => row is T;

/** The rows of a section that have the documented shape; a row of any other shape fails the count test. */
function section<T>(name: string, guard: Guard<T>): { rows: T[]; total: number } {
  const raw = file[name];
  const all: unknown[] = Array.isArray(raw) ? raw : [];
  return { rows: all.filter(guard), total: all.length };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isRange = (x: unknown): x is BucketRange => Array.isArray(x) && x.length === 2 && x.every(isNumber);
const isRanges = (x: unknown): x is BucketRange[] => Array.isArray(x) && x.every(isRange);

type EvalCase = [string, Condition, Record<string, unknown>, boolean, SavedGroups?];
type HashCase = [string, string, number, number | null];
type BucketCase = [string, [number, number, number[] | null], BucketRange[]];
type ChooseCase = [string, number, BucketRange[], number];
type NamespaceCase = [string, string, [string, number, number], boolean];
type WeightsCase = [number, number[]];

const evalCases = section(
  'evalCondition',
  (r): r is EvalCase =>
    Array.isArray(r) && (r.length === 4 || (r.length === 5 && isRecord(r[4]))) && typeof r[0] === 'string' && isRecord(r[1]) && isRecord(r[2]) && typeof r[3] === 'boolean',
);
const hashCases = section(
  'hash',
  (r): r is HashCase => Array.isArray(r) && r.length === 4 && typeof r[0] === 'string' && typeof r[1] === 'string' && isNumber(r[2]) && (r[3] === null || isNumber(r[3])),
);
const bucketCases = section(
  'getBucketRange',
  (r): r is BucketCase =>
    Array.isArray(r) &&
    r.length === 3 &&
    typeof r[0] === 'string' &&
    Array.isArray(r[1]) &&
    r[1].length === 3 &&
    isNumber(r[1][0]) &&
    isNumber(r[1][1]) &&
    (r[1][2] === null || (Array.isArray(r[1][2]) && r[1][2].every(isNumber))) &&
    isRanges(r[2]),
);
const chooseCases = section(
  'chooseVariation',
  (r): r is ChooseCase => Array.isArray(r) && r.length === 4 && typeof r[0] === 'string' && isNumber(r[1]) && isRanges(r[2]) && isNumber(r[3]),
);
const namespaceCases = section(
  'inNamespace',
  (r): r is NamespaceCase =>
    Array.isArray(r) &&
    r.length === 4 &&
    typeof r[0] === 'string' &&
    typeof r[1] === 'string' &&
    Array.isArray(r[2]) &&
    r[2].length === 3 &&
    typeof r[2][0] === 'string' &&
    isNumber(r[2][1]) &&
    isNumber(r[2][2]) &&
    typeof r[3] === 'boolean',
);
const weightsCases = section('getEqualWeights', (r): r is WeightsCase => Array.isArray(r) && r.length === 2 && isNumber(r[0]) && Array.isArray(r[1]) && r[1].every(isNumber));

/**
 * The vectors were written with limited precision (0.22, 0.0505, 0.33333333): round the actual
 * value to the expected value's decimals, and to at least 3 so float noise never decides.
 */
function rounded(actual: number, expected: number): number {
  const decimals = Math.max(3, String(expected).split('.')[1]?.length ?? 0);
  const scale = 10 ** decimals;
  return Math.round(actual * scale) / scale;
}

const roundedList = (actual: readonly number[], expected: readonly number[]) => actual.map((a, i) => rounded(a, expected[i] ?? NaN));

describe('conformance vectors: every section is complete', () => {
  it.each([
    ['evalCondition', evalCases],
    ['hash', hashCases],
    ['getBucketRange', bucketCases],
    ['chooseVariation', chooseCases],
    ['inNamespace', namespaceCases],
    ['getEqualWeights', weightsCases],
  ] as const)('%s: every case has the documented shape and runs', (_name, { rows, total }) => {
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBe(total);
  });
});

describe('evalCondition', () => {
  it.each(evalCases.rows)('%s', (_name, condition, attributes, expected, savedGroups) => {
    expect(evalCondition(attributes, condition, savedGroups)).toBe(expected);
  });
});

describe('hash', () => {
  it.each(hashCases.rows)('hash(%j, %j, v%d)', (seed, value, version, expected) => {
    const actual = hash(seed, value, version);
    if (expected === null) expect(actual).toBeNull();
    else expect(actual === null ? null : rounded(actual, expected)).toBe(expected);
  });
});

describe('getBucketRange', () => {
  it.each(bucketCases.rows)('%s', (_name, [numVariations, coverage, weights], expected) => {
    const actual = getBucketRanges(numVariations, coverage, weights ?? undefined);
    expect(actual.length).toBe(expected.length);
    actual.forEach((range, i) => expect(roundedList(range, expected[i] ?? [])).toEqual(expected[i]));
  });
});

describe('chooseVariation', () => {
  it.each(chooseCases.rows)('%s', (_name, n, ranges, expected) => {
    expect(chooseVariation(n, ranges)).toBe(expected);
  });
});

describe('inNamespace', () => {
  it.each(namespaceCases.rows)('%s', (_name, id, namespace, expected) => {
    expect(inNamespace(id, namespace)).toBe(expected);
  });
});

describe('getEqualWeights', () => {
  it.each(weightsCases.rows)('getEqualWeights(%d)', (n, expected) => {
    const actual = getEqualWeights(n);
    expect(roundedList(actual, expected)).toEqual(expected);
  });
});
