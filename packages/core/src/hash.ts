/**
 * Deterministic bucketing, compatible with GrowthBook's SDKs (FNV-1a 32-bit based) so that a
 * visitor lands in the same arm in every runtime and in any GrowthBook-compatible tool.
 */

export type BucketRange = readonly [number, number];

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Weights are accepted when they sum to 1 within this tolerance (hand-typed splits). */
const WEIGHT_SUM_TOLERANCE = 0.01;

/**
 * FNV-1a over UTF-16 code units, as an unsigned 32-bit integer. `from` is the starting state:
 * the standard offset basis, another basis (id-hash.ts runs two), or the hash of text before it,
 * so `fnv1a32(b, fnv1a32(a))` is the hash of `a + b` without building that string (a
 * concatenation is flattened before it is read: an allocation and a copy per bucket).
 */
export function fnv1a32(text: string, from = FNV_OFFSET_BASIS): number {
  let h = from;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** Deterministic hash of value with seed into [0,1); version 1 or 2 (GrowthBook-compatible FNV-1a based); null for an unknown version. */
export function hash(seed: string, value: string, version: number): number | null {
  const s = String(seed);
  const v = String(value);
  // Version 2 (GrowthBook's current default) hashes the hash, which disperses similar inputs better.
  if (version === 2) return (fnv1a32(String(fnv1a32(v, fnv1a32(s)))) % 10000) / 10000;
  if (version === 1) return (fnv1a32(s, fnv1a32(v)) % 1000) / 1000;
  return null;
}

/** A whole count of variations; anything else (negative, NaN, Infinity) is none. */
function count(n: number): number {
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

export function getEqualWeights(n: number): number[] {
  const k = count(n);
  return new Array<number>(k).fill(1 / k);
}

function validWeights(weights: readonly number[] | undefined | null, n: number): weights is readonly number[] {
  if (!Array.isArray(weights) || weights.length !== n) return false;
  if (!weights.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0)) return false;
  const sum = weights.reduce((total, w) => total + w, 0);
  return Math.abs(sum - 1) <= WEIGHT_SUM_TOLERANCE;
}

/**
 * Each variation's slice of [0,1): variation i starts where the weights before it end and covers
 * `coverage` of its weight, so lowering coverage never moves anyone to another variation.
 * Coverage is clamped to 0..1 (NaN counts as 0: nobody enters); weights of the wrong length or not
 * summing to about 1 are replaced by equal weights.
 */
export function getBucketRanges(numVariations: number, coverage: number, weights?: readonly number[]): BucketRange[] {
  const n = count(numVariations);
  const c = Number.isNaN(coverage) ? 0 : Math.min(1, Math.max(0, coverage));
  const w = validWeights(weights, n) ? weights : getEqualWeights(n);
  let start = 0;
  return w.map((weight) => {
    const range: BucketRange = [start, start + c * weight];
    start += weight;
    return range;
  });
}

/** Index of the range holding n (start inclusive, end exclusive); -1 when none does. */
export function chooseVariation(n: number, ranges: readonly BucketRange[]): number {
  return ranges.findIndex(([start, end]) => n >= start && n < end);
}

/** Whether an id falls in a namespace's [start, end) slice; its own hash keeps namespaces independent of experiments. */
export function inNamespace(hashValue: string, namespace: readonly [string, number, number]): boolean {
  const [name, start, end] = namespace;
  const n = hash(`__${name}`, hashValue, 1);
  return n !== null && n >= start && n < end;
}
