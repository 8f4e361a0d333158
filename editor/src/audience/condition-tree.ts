/**
 * The visual form of an audience condition: groups (all / any, optionally negated) of rules
 * (field, operator, value), and its translation to and from the MongoDB-style JSON the engine
 * evaluates. A stored condition the builder cannot draw is kept as JSON, never rewritten.
 */
import type { Condition } from '@slotwise/core';
import { type FieldDef, type Operator, NUMERIC_CHOICES, byKey, fieldForPath } from './fields.ts';

export interface Rule {
  kind: 'rule';
  field: string;
  params: string[];
  op: Operator;
  /** As typed; lists are comma-separated. */
  value: string;
}
export interface Group {
  kind: 'group';
  mode: '$and' | '$or';
  not: boolean;
  items: (Rule | Group)[];
}

export const newRule = (field = 'utm-source'): Rule => {
  const def = byKey(field);
  return { kind: 'rule', field, params: (def.params ?? []).map((p) => (p === 'window' ? 'd30' : '')), op: def.operators[0]!, value: '' };
};
export const newGroup = (mode: Group['mode'] = '$and'): Group => ({ kind: 'group', mode, not: false, items: [] });

const list = (value: string) =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function typed(def: FieldDef, raw: string): string | number {
  if (def.kind === 'number' || NUMERIC_CHOICES.has(def.key)) {
    const n = Number(raw);
    return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
  }
  return def.key === 'country' ? raw.trim().toUpperCase() : def.key.startsWith('utm-') ? raw.trim().toLowerCase() : raw.trim();
}

export function ruleToCondition(rule: Rule): Condition {
  const def = byKey(rule.field);
  const path = def.path(rule.params);
  switch (rule.op) {
    case '$in':
    case '$nin':
      return { [path]: { [rule.op]: list(rule.value).map((v) => typed(def, v)) } };
    case '$exists':
      return { [path]: { $exists: rule.value !== 'false' } };
    case '$eq':
      return { [path]: typed(def, rule.value) };
    case '$inGroup':
    case '$notInGroup':
      return { [path]: { [rule.op]: rule.value } };
    default:
      return { [path]: { [rule.op]: rule.op === '$regex' ? rule.value : typed(def, rule.value) } };
  }
}

export function toCondition(group: Group): Condition {
  const parts = group.items.map((item) => (item.kind === 'rule' ? ruleToCondition(item) : toCondition(item)));
  const inner: Condition = parts.length === 1 && group.mode === '$and' ? parts[0]! : parts.length === 0 ? {} : { [group.mode]: parts };
  return group.not ? { $not: inner } : inner;
}

const OPS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$regex', '$exists', '$inGroup', '$notInGroup']);
const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function readRule(path: string, expected: unknown): Rule | null {
  const found = fieldForPath(path);
  if (!found) return null;
  const { field, params } = found;
  const base = { kind: 'rule' as const, field: field.key, params };
  if (!isObject(expected)) {
    return typeof expected === 'string' || typeof expected === 'number' ? { ...base, op: '$eq', value: String(expected) } : null;
  }
  const keys = Object.keys(expected);
  if (keys.length !== 1 || !OPS.has(keys[0]!)) return null;
  const op = keys[0] as Operator;
  if (!field.operators.includes(op)) return null;
  const value = expected[op];
  if (op === '$in' || op === '$nin') return Array.isArray(value) ? { ...base, op, value: value.join(', ') } : null;
  if (op === '$exists') return { ...base, op, value: String(value !== false) };
  return typeof value === 'string' || typeof value === 'number' ? { ...base, op, value: String(value) } : null;
}

/** The group drawing `condition`, or null when the builder cannot show it faithfully. */
export function fromCondition(condition: Condition): Group | null {
  const group = readGroup(condition);
  if (!group) return null;
  // Only claim to draw it if drawing it back gives the same condition ({a, b} reads as $and).
  return JSON.stringify(toCondition(group)) === JSON.stringify(normalize(condition)) ? group : null;
}

function normalize(condition: Condition): Condition {
  const keys = Object.keys(condition);
  if (keys.length > 1 && keys.every((k) => !k.startsWith('$'))) return { $and: keys.map((k) => ({ [k]: condition[k] })) };
  return condition;
}

function readGroup(condition: unknown): Group | null {
  if (!isObject(condition)) return null;
  const keys = Object.keys(condition);
  if (keys.length === 1 && keys[0] === '$not') {
    const inner = readGroup(condition.$not);
    if (!inner || inner.not) return null;
    return { ...inner, not: true };
  }
  if (keys.length === 1 && (keys[0] === '$and' || keys[0] === '$or')) {
    const parts = condition[keys[0]];
    if (!Array.isArray(parts)) return null;
    const items: (Rule | Group)[] = [];
    for (const part of parts) {
      const item = readItem(part);
      if (!item) return null;
      items.push(item);
    }
    return { kind: 'group', mode: keys[0], not: false, items };
  }
  const items: Rule[] = [];
  for (const key of keys) {
    const rule = readRule(key, condition[key]);
    if (!rule) return null;
    items.push(rule);
  }
  return { kind: 'group', mode: '$and', not: false, items };
}

function readItem(part: unknown): Rule | Group | null {
  if (!isObject(part)) return null;
  const keys = Object.keys(part);
  if (keys.length === 1 && !keys[0]!.startsWith('$')) return readRule(keys[0]!, part[keys[0]!]);
  return readGroup(part);
}

/** A sentence for a rule, for lists and summaries. */
export function describeRule(rule: Rule): string {
  const def = byKey(rule.field);
  const param = rule.params.filter(Boolean).join(' ');
  return `${def.label}${param ? ` (${param})` : ''} ${rule.op.slice(1)} ${rule.value}`;
}
