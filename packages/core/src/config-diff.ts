/**
 * Field-level differences between two site configs, and a three-way merge built on the same
 * walk. The unit is what a marketer edits as one thing: a campaign's name, status, audience,
 * schedule…; a variant's name or weight; a variant's content in one slot; an audience; a slot;
 * a site setting. Campaigns, variants and audiences are matched by id and slots by name, so a
 * reorder or a rename is not a delete plus an add.
 */
import type { SiteConfigInput } from './schema.ts';

/** A step into a config: an object key, or the array item with this id (campaigns, variants, audiences) or name (slots). */
export type DiffStep = string | { id: string };
export type DiffPath = readonly DiffStep[];

export interface FieldChange {
  path: DiffPath;
  /** Absent (undefined) when the thing was added. */
  before: unknown;
  /** Absent (undefined) when the thing was removed. */
  after: unknown;
}

type Shape = 'object' | 'byId' | 'byName' | 'record' | 'atomic';

const key = (path: DiffPath) => path.map((s) => (typeof s === 'string' ? s : '#')).join('/');

/** How the walk treats the value at a path: which parts are compared as one field. */
function shapeAt(path: DiffPath): Shape {
  switch (key(path)) {
    case '':
      return 'object';
    case 'campaigns':
      return 'byId';
    case 'audiences':
      return 'byId';
    case 'slots':
      return 'byName';
    case 'site':
      return 'object';
    case 'savedGroups':
      return 'record';
    case 'campaigns/#':
      return 'object';
    case 'campaigns/#/variants':
      return 'byId';
    case 'campaigns/#/variants/#':
      return 'object';
    case 'campaigns/#/variants/#/content':
      return 'record';
    default:
      return 'atomic';
  }
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Same JSON value, whatever the order of object keys. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameValue(a[k], b[k]));
  }
  return false;
}

/** The children of a value under its shape, by step: an object's keys, or an array's items by identity. */
function children(value: unknown, shape: Shape): Map<string, { step: DiffStep; value: unknown }> {
  const out = new Map<string, { step: DiffStep; value: unknown }>();
  if ((shape === 'object' || shape === 'record') && isObject(value)) {
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out.set(`.${k}`, { step: k, value: v });
  } else if ((shape === 'byId' || shape === 'byName') && Array.isArray(value)) {
    const field = shape === 'byId' ? 'id' : 'name';
    for (const item of value) {
      const id = isObject(item) ? item[field] : undefined;
      if (typeof id === 'string') out.set(`#${id}`, { step: { id }, value: item });
    }
  }
  return out;
}

/** Every field that differs between `before` and `after`, in `after`'s order (removals last). */
export function diffConfigs(before: unknown, after: unknown): FieldChange[] {
  const changes: FieldChange[] = [];
  walk([], before, after, changes);
  return changes;
}

function walk(path: DiffStep[], a: unknown, b: unknown, out: FieldChange[]): void {
  const shape = shapeAt(path);
  if (shape === 'atomic' || a === undefined || b === undefined) {
    if (!sameValue(a, b)) out.push({ path, before: a, after: b });
    return;
  }
  const ca = children(a, shape);
  const cb = children(b, shape);
  for (const [k, { step, value }] of cb) walk([...path, step], ca.get(k)?.value, value, out);
  for (const [k, { step, value }] of ca) if (!cb.has(k)) walk([...path, step], value, undefined, out);
}

/** Reads the value at a path (undefined when any step is missing). */
export function valueAt(config: unknown, path: DiffPath): unknown {
  let value: unknown = config;
  for (const step of path) {
    if (typeof step === 'string') value = isObject(value) ? value[step] : undefined;
    else value = Array.isArray(value) ? value.find((x) => isObject(x) && (x.id === step.id || (x.id === undefined && x.name === step.id))) : undefined;
    if (value === undefined) return undefined;
  }
  return value;
}

/**
 * A copy of `config` with the value at `path` set (undefined removes it). A missing array item
 * is appended; a missing parent is left alone (the change has nowhere to go).
 */
export function setAt<T>(config: T, path: DiffPath, value: unknown): T {
  if (path.length === 0) return value as T;
  const [step, ...rest] = path as [DiffStep, ...DiffStep[]];
  if (typeof step === 'string') {
    if (!isObject(config)) return config;
    const next: Record<string, unknown> = { ...config };
    const child = rest.length ? setAt(config[step], rest, value) : value;
    if (child === undefined) delete next[step];
    else next[step] = child;
    return next as T;
  }
  if (!Array.isArray(config)) return config;
  const matches = (x: unknown) => isObject(x) && (x.id === step.id || (x.id === undefined && x.name === step.id));
  const index = config.findIndex(matches);
  if (index < 0) {
    if (rest.length || value === undefined) return config;
    return [...config, value] as T;
  }
  const child = rest.length ? setAt(config[index], rest, value) : value;
  const next = [...config];
  if (child === undefined) next.splice(index, 1);
  else next[index] = child;
  return next as T;
}

export interface MergeConflict extends FieldChange {
  /** `before`: the common base; these are the two sides. */
  mine: unknown;
  theirs: unknown;
}

/**
 * Three-way merge: `theirs` (what the server has now) with my changes since `base` re-applied
 * on top, field by field. Where both changed the same field differently, theirs stays in
 * `merged` and the field is listed in `conflicts`, for the person to choose.
 */
export function mergeConfigs<T>(base: T, mine: T, theirs: T): { merged: T; conflicts: MergeConflict[] } {
  const theirChanges = new Map(diffConfigs(base, theirs).map((c) => [key2(c.path), c]));
  let merged = theirs;
  const conflicts: MergeConflict[] = [];
  for (const change of diffConfigs(base, mine)) {
    const id = key2(change.path);
    const overlapping = [...theirChanges.entries()].filter(([k]) => k === id || k.startsWith(`${id}\u0000`) || id.startsWith(`${k}\u0000`));
    const theirsHere = valueAt(theirs, change.path);
    if (overlapping.length === 0 || sameValue(theirsHere, change.after)) {
      merged = setAt(merged, change.path, change.after);
    } else {
      conflicts.push({ path: change.path, before: change.before, after: change.after, mine: change.after, theirs: theirsHere });
    }
  }
  return { merged, conflicts };
}

const key2 = (path: DiffPath) => path.map((s) => (typeof s === 'string' ? `.${s}` : `#${s.id}`)).join('\u0000');

/** Words for a field, as the editor names it. */
const FIELD_WORDS: Record<string, string> = {
  name: 'name',
  status: 'status',
  priority: 'priority',
  audience: 'audience',
  slots: 'slots',
  pages: 'pages',
  holdoutPct: 'control group',
  schedule: 'schedule',
  goal: 'goal',
  allocation: 'traffic split',
  frequencyCap: 'frequency cap',
  seed: 'bucketing seed',
  weight: 'weight',
  condition: 'rule',
  consent: 'consent mode',
  id: 'id',
  description: 'description',
};

export interface ChangeLabel {
  /** What the change belongs to: a campaign's, an audience's or a slot's name, or "Site settings". */
  thing: string;
  kind: 'campaign' | 'audience' | 'slot' | 'site';
  /** The campaign/audience/slot id, when there is one. */
  id?: string;
  /** The field in marketer words: "status", "Variant B: content in hero"; empty when the whole thing was added or removed. */
  field: string;
}

/** Names a change the way the editor shows the thing (names, not ids), looked up in `after` then `before`. */
export function labelChange(path: DiffPath, before: SiteConfigInput | null, after: SiteConfigInput | null): ChangeLabel {
  const [top, item, ...rest] = path;
  const find = (p: DiffPath) => (valueAt(after, p) ?? valueAt(before, p)) as Record<string, unknown> | undefined;
  if ((top === 'campaigns' || top === 'audiences' || top === 'slots') && item && typeof item !== 'string') {
    const found = find([top, item]);
    const kind = top === 'campaigns' ? 'campaign' : top === 'audiences' ? 'audience' : 'slot';
    const thing = typeof found?.name === 'string' && found.name ? found.name : item.id;
    return { thing, kind, id: item.id, field: fieldWords([top, item], rest, find) };
  }
  if (top === 'savedGroups') return { thing: 'Customer ID lists', kind: 'site', field: typeof item === 'string' ? `list “${item}”` : '' };
  if (top === 'site')
    return { thing: 'Site settings', kind: 'site', field: typeof item === 'string' ? (item === 'holdoutPct' ? 'global holdout' : (FIELD_WORDS[item] ?? item)) : '' };
  return { thing: 'Site settings', kind: 'site', field: path.map((s) => (typeof s === 'string' ? s : s.id)).join(' ') };
}

function fieldWords(parent: DiffPath, rest: DiffStep[], find: (p: DiffPath) => Record<string, unknown> | undefined): string {
  if (rest.length === 0) return '';
  const [field, variant, sub, slot] = rest;
  if (field === 'variants' && variant && typeof variant !== 'string') {
    const v = find([...parent, 'variants', variant]);
    const name = typeof v?.name === 'string' && v.name ? v.name : variant.id;
    if (sub === undefined) return name;
    if (sub === 'content') return slot === undefined ? `${name}: content` : `${name}: content in ${String(slot)}`;
    return `${name}: ${FIELD_WORDS[String(sub)] ?? String(sub)}`;
  }
  return FIELD_WORDS[String(field)] ?? String(field);
}

/** A value in a few words, for a diff line. */
export function describeValue(value: unknown, max = 80): string {
  if (value === undefined) return '—';
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') text = String(value);
  else if (isObject(value) && typeof value.body === 'string')
    text = value.body
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
  else if (isObject(value) && typeof value.name === 'string') text = value.name;
  else text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A saved draft, oldest first: who saved it and when (ISO). */
export interface DraftRevision {
  who: string;
  at: string;
  config: unknown;
}

/**
 * Who last changed each field, and when: the newest saved revision whose value there differs
 * from the revision before it. `history[0]` is the starting point (the live config); a change no
 * saved revision explains gets null.
 */
export function attributeChanges(changes: readonly FieldChange[], history: readonly DraftRevision[]): ({ who: string; at: string } | null)[] {
  return changes.map((change) => {
    for (let i = history.length - 1; i > 0; i--) {
      if (!sameValue(valueAt(history[i]!.config, change.path), valueAt(history[i - 1]!.config, change.path))) {
        return { who: history[i]!.who, at: history[i]!.at };
      }
    }
    return null;
  });
}

/** One field a publish would change (`GET /__sw/admin/draft/changes`), credited to who last changed it. */
export interface DraftChange {
  path: DiffPath;
  before: unknown;
  after: unknown;
  label: ChangeLabel;
  /** Who last changed it and when; null when no save since the last publish explains it. */
  by: { who: string; at: string } | null;
}

/** What publishing the draft would change, against the live config (null before a first publish). */
export interface DraftChanges {
  revision: number;
  live: number | null;
  liveConfig: SiteConfigInput | null;
  changes: DraftChange[];
}
