/**
 * What the audience builder offers: every profile and request field the engine sees
 * (packages/core attributes.ts and context.ts), each with a label a marketer reads, the
 * operators that fit its type and a value picker. A field may take a parameter (a category, an
 * event and a time window) that becomes part of its attribute path.
 */
export type ValueKind = 'number' | 'text' | 'choice' | 'segment' | 'list';
export type Operator = '$eq' | '$ne' | '$gt' | '$gte' | '$lt' | '$lte' | '$in' | '$nin' | '$regex' | '$exists' | '$inGroup' | '$notInGroup';

export interface FieldDef {
  /** Stable key in the builder. */
  key: string;
  group: 'Behaviour' | 'Lifecycle' | 'Customer data' | 'Traffic source' | 'Location' | 'Device' | 'Time' | 'Page';
  label: string;
  kind: ValueKind;
  operators: Operator[];
  /** Fixed choices for `choice` fields (value, label). */
  choices?: [string, string][];
  /** The parameters this field needs, in order, and how they join into the path. */
  params?: ('category' | 'event' | 'window' | 'query' | 'trait')[];
  path: (params: string[]) => string;
  hint?: string;
}

export const OPERATOR_LABELS: Record<Operator, string> = {
  $eq: 'is',
  $ne: 'is not',
  $gt: 'more than',
  $gte: 'at least',
  $lt: 'less than',
  $lte: 'at most',
  $in: 'is any of',
  $nin: 'is none of',
  $regex: 'matches pattern',
  $exists: 'is set',
  $inGroup: 'is in list',
  $notInGroup: 'is not in list',
};

const NUMBER: Operator[] = ['$gte', '$lte', '$gt', '$lt', '$eq', '$ne'];
const TEXT: Operator[] = ['$eq', '$ne', '$in', '$nin', '$regex', '$exists'];
const CHOICE: Operator[] = ['$eq', '$ne', '$in', '$nin'];

export const WINDOWS: [string, string][] = [
  ['d1', 'in the last day'],
  ['d7', 'in the last 7 days'],
  ['d30', 'in the last 30 days'],
  ['d90', 'in the last 90 days'],
  ['total', 'ever'],
];
const WEEKDAYS: [string, string][] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'].map((d, i) => [String(i), d]);

export const FIELDS: FieldDef[] = [
  {
    key: 'event-count',
    group: 'Behaviour',
    label: 'Times an event happened',
    kind: 'number',
    operators: NUMBER,
    params: ['event', 'window'],
    path: ([e, w]) => `profile.events.${e}.${w}`,
    hint: '"did not happen": at most 0',
  },
  {
    key: 'interest',
    group: 'Behaviour',
    label: 'Interest in a category',
    kind: 'number',
    operators: NUMBER,
    params: ['category'],
    path: ([c]) => `profile.interests.${c}`,
    hint: 'about the number of recent page views in it; halves every 14 days',
  },
  { key: 'top-category', group: 'Behaviour', label: 'Favourite category', kind: 'text', operators: CHOICE, path: () => 'profile.topCategory' },
  { key: 'pageviews', group: 'Behaviour', label: 'Page views (90 days)', kind: 'number', operators: NUMBER, path: () => 'profile.pageviews' },
  { key: 'orders', group: 'Behaviour', label: 'Orders', kind: 'number', operators: NUMBER, path: () => 'profile.orders' },
  { key: 'revenue', group: 'Behaviour', label: 'Revenue', kind: 'number', operators: NUMBER, path: () => 'profile.revenue' },
  { key: 'segment', group: 'Lifecycle', label: 'Segment', kind: 'segment', operators: ['$in', '$nin'], path: () => 'profile.segments' },
  { key: 'sessions', group: 'Lifecycle', label: 'Visits', kind: 'number', operators: NUMBER, path: () => 'profile.sessions' },
  {
    key: 'days-since-last',
    group: 'Lifecycle',
    label: 'Days since the last visit',
    kind: 'number',
    operators: NUMBER,
    path: () => 'profile.daysSinceLastSeen',
    hint: '-1 for a first-time visitor',
  },
  { key: 'days-since-first', group: 'Lifecycle', label: 'Days since the first visit', kind: 'number', operators: NUMBER, path: () => 'profile.daysSinceFirstSeen' },
  {
    key: 'in-list',
    group: 'Customer data',
    label: 'Identified customer, ID list',
    kind: 'list',
    operators: ['$inGroup', '$notInGroup'],
    path: () => 'user.idHash',
    hint: 'lists pushed from your CRM (PUT /__sw/admin/lists/:name); matches visitors after identify()',
  },
  {
    key: 'trait',
    group: 'Customer data',
    label: 'Trait (Decide API)',
    kind: 'text',
    operators: TEXT,
    params: ['trait'],
    path: ([t]) => `traits.${t}`,
    hint: 'traits pushed from your CRM; known to the Decide API, not at the edge',
  },
  { key: 'utm-source', group: 'Traffic source', label: 'utm_source', kind: 'text', operators: TEXT, path: () => 'utm.source', hint: 'lower case' },
  { key: 'utm-medium', group: 'Traffic source', label: 'utm_medium', kind: 'text', operators: TEXT, path: () => 'utm.medium' },
  { key: 'utm-campaign', group: 'Traffic source', label: 'utm_campaign', kind: 'text', operators: TEXT, path: () => 'utm.campaign' },
  { key: 'referrer', group: 'Traffic source', label: 'Referrer host', kind: 'text', operators: TEXT, path: () => 'page.referrerHost' },
  { key: 'query', group: 'Traffic source', label: 'Query parameter', kind: 'text', operators: TEXT, params: ['query'], path: ([q]) => `page.query.${q}` },
  { key: 'country', group: 'Location', label: 'Country', kind: 'text', operators: CHOICE, path: () => 'geo.country', hint: 'two letters, e.g. DE' },
  { key: 'region', group: 'Location', label: 'Region', kind: 'text', operators: CHOICE, path: () => 'geo.region' },
  { key: 'city', group: 'Location', label: 'City', kind: 'text', operators: CHOICE, path: () => 'geo.city' },
  { key: 'language', group: 'Location', label: 'Language', kind: 'text', operators: CHOICE, path: () => 'locale.language', hint: 'e.g. de' },
  {
    key: 'device',
    group: 'Device',
    label: 'Device',
    kind: 'choice',
    operators: CHOICE,
    choices: [
      ['desktop', 'Desktop'],
      ['mobile', 'Mobile'],
      ['tablet', 'Tablet'],
    ],
    path: () => 'device.type',
  },
  {
    key: 'browser',
    group: 'Device',
    label: 'Browser',
    kind: 'choice',
    operators: CHOICE,
    choices: [
      ['chrome', 'Chrome'],
      ['safari', 'Safari'],
      ['firefox', 'Firefox'],
      ['edge', 'Edge'],
      ['opera', 'Opera'],
      ['other', 'Other'],
    ],
    path: () => 'device.browser',
  },
  {
    key: 'os',
    group: 'Device',
    label: 'Operating system',
    kind: 'choice',
    operators: CHOICE,
    choices: [
      ['windows', 'Windows'],
      ['macos', 'macOS'],
      ['ios', 'iOS'],
      ['android', 'Android'],
      ['linux', 'Linux'],
      ['other', 'Other'],
    ],
    path: () => 'device.os',
  },
  { key: 'hour', group: 'Time', label: 'Local hour of day (0–23)', kind: 'number', operators: NUMBER, path: () => 'time.hour' },
  { key: 'weekday', group: 'Time', label: 'Day of the week', kind: 'choice', operators: CHOICE, choices: WEEKDAYS, path: () => 'time.weekday' },
  { key: 'path', group: 'Page', label: 'Page path', kind: 'text', operators: TEXT, path: () => 'page.path' },
];

/** Finds the field and parameters an attribute path belongs to, for reading a stored condition. */
export function fieldForPath(path: string): { field: FieldDef; params: string[] } | null {
  let m = /^profile\.events\.([^.]+)\.(d1|d7|d30|d90|total)$/.exec(path);
  if (m) return { field: byKey('event-count'), params: [m[1]!, m[2]!] };
  m = /^profile\.interests\.([^.]+)$/.exec(path);
  if (m) return { field: byKey('interest'), params: [m[1]!] };
  m = /^traits\.([^.]+)$/.exec(path);
  if (m) return { field: byKey('trait'), params: [m[1]!] };
  if (path === 'user.idHash') return { field: byKey('in-list'), params: [] };
  m = /^page\.query\.([^.]+)$/.exec(path);
  if (m) return { field: byKey('query'), params: [m[1]!] };
  const field = FIELDS.find((f) => !f.params && f.path([]) === path);
  return field ? { field, params: [] } : null;
}

export function byKey(key: string): FieldDef {
  const field = FIELDS.find((f) => f.key === key);
  if (!field) throw new Error(`unknown field ${key}`);
  return field;
}

/** `weekday` and `hour` compare numbers; choices of those are stored as numbers too. */
export const NUMERIC_CHOICES = new Set(['weekday']);
