/**
 * Structural checks for audience conditions, run when a config is written or loaded, so a
 * typo is reported with its place (`audiences[2].condition.$and[0]: unknown operator "$foo"`)
 * instead of silently never matching at request time.
 */
import { checkRegexPattern } from './regex.ts';
import { formatPath } from './issue-path.ts';

const LOGICAL = new Set(['$and', '$or', '$nor', '$not']);
const ARRAY_OPERAND = new Set(['$in', '$nin', '$all', '$ini', '$nini', '$alli']);
const VALUE_OPERATORS = new Set([
  ...ARRAY_OPERAND,
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$regex',
  '$regexi',
  '$notRegex',
  '$notRegexi',
  '$exists',
  '$type',
  '$size',
  '$elemMatch',
  '$not',
  '$veq',
  '$vne',
  '$vgt',
  '$vgte',
  '$vlt',
  '$vlte',
  '$inGroup',
  '$notInGroup',
]);
const MAX_DEPTH = 24;

type Path = (string | number)[];

const isPlainObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const isOperatorObject = (x: unknown): x is Record<string, unknown> => {
  if (!isPlainObject(x)) return false;
  const keys = Object.keys(x);
  return keys.length > 0 && keys.every((k) => k.startsWith('$'));
};

/** Returns one message per problem found; an empty list means the condition is well-formed. */
export function checkCondition(condition: unknown, path: Path = []): string[] {
  const errors: string[] = [];
  checkNode(condition, path, errors, 0);
  return errors;
}

function report(errors: string[], path: Path, message: string): void {
  if (errors.length < 50) errors.push(`${formatPath(path)}: ${message}`);
}

function checkNode(node: unknown, path: Path, errors: string[], depth: number): void {
  if (depth > MAX_DEPTH) return report(errors, path, `nested deeper than ${MAX_DEPTH} levels`);
  if (!isPlainObject(node)) return report(errors, path, 'must be an object');
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key];
    if (key === '$not') checkNode(value, here, errors, depth + 1);
    else if (LOGICAL.has(key)) checkList(value, here, errors, depth);
    else if (key.startsWith('$')) report(errors, here, `unknown operator "${key}"`);
    else if (isOperatorObject(value)) checkOperators(value, here, errors, depth + 1);
  }
}

function checkList(value: unknown, path: Path, errors: string[], depth: number): void {
  if (!Array.isArray(value)) return report(errors, path, 'must be an array of conditions');
  value.forEach((item, i) => checkNode(item, [...path, i], errors, depth + 1));
}

function checkOperators(ops: Record<string, unknown>, path: Path, errors: string[], depth: number): void {
  if (depth > MAX_DEPTH) return report(errors, path, `nested deeper than ${MAX_DEPTH} levels`);
  for (const [op, operand] of Object.entries(ops)) {
    const here = [...path, op];
    if (!VALUE_OPERATORS.has(op)) report(errors, here, `unknown operator "${op}"`);
    else if (ARRAY_OPERAND.has(op) && !Array.isArray(operand)) report(errors, here, 'must be an array');
    else if (op.startsWith('$regex') || op.startsWith('$notRegex')) checkRegex(operand, here, errors);
    else if (op === '$exists' && typeof operand !== 'boolean') report(errors, here, 'must be true or false');
    else if ((op === '$inGroup' || op === '$notInGroup') && typeof operand !== 'string') report(errors, here, 'must be a saved group id');
    else if (op === '$not' && isOperatorObject(operand)) checkOperators(operand, here, errors, depth + 1);
    else if (op === '$size' && isOperatorObject(operand)) checkOperators(operand, here, errors, depth + 1);
    else if (op === '$elemMatch') checkElemMatch(operand, here, errors, depth + 1);
  }
}

function checkElemMatch(operand: unknown, path: Path, errors: string[], depth: number): void {
  if (isOperatorObject(operand)) checkOperators(operand, path, errors, depth);
  else checkNode(operand, path, errors, depth);
}

/**
 * The evaluator refuses some patterns (invalid, too long, syntax RE2 lacks such as lookaround and
 * backreferences); say so, and why, when the config is written rather than never matching.
 */
function checkRegex(operand: unknown, path: Path, errors: string[]): void {
  if (typeof operand !== 'string') return report(errors, path, 'must be a string');
  const problem = checkRegexPattern(operand);
  if (problem) report(errors, path, problem);
}
