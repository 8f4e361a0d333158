/**
 * Experiments that may collide: two live experiments, not kept apart by one layer, that change
 * the same pages or move the same goal for audiences that can overlap. Their visitors would be in
 * both, so neither result could be read alone (the telecom whose channel teams tested on the same
 * customers). The editor warns before publishing and proposes one layer (layers.ts). Heuristic
 * on purpose: pages overlap when a path one campaign's patterns produce matches the other's, and
 * audiences overlap unless both pin one attribute to different values.
 */
import { compilePages } from './pages.ts';
import type { Audience, Campaign, Condition, SiteConfig } from './schema.ts';

export interface Collision {
  /** Campaign ids, in config order. */
  campaigns: [string, string];
  /** A page both change, when they share pages. */
  page: string | null;
  /** The goal both move, when they share one. */
  goal: string | null;
  /** The warning in a marketer's words. */
  message: string;
}

type Config = Pick<SiteConfig, 'slots' | 'audiences' | 'campaigns'>;

const isExperiment = (c: Campaign) => c.holdoutPct > 0 || c.variants.filter((v) => (v.weight ?? 1) > 0).length > 1;

/** A campaign's pages: its own patterns, narrowed to its slots' (everywhere when neither says). */
function pagesOf(config: Config, c: Campaign): string[] {
  const slotPatterns = config.slots.filter((s) => c.slots.includes(s.name)).flatMap((s) => (s.pages?.length ? s.pages : ['*']));
  const own = c.pages?.length ? c.pages : ['*'];
  const ownMatch = compilePages(own);
  const slotMatch = compilePages(slotPatterns);
  // Where both the campaign and one of its slots exist, as example paths.
  return [...own, ...slotPatterns].map(examplePath).filter((p) => ownMatch(p) && slotMatch(p));
}

/** A path a pattern matches: each `*` read as one path segment. */
const examplePath = (pattern: string) => (pattern === '*' ? '/' : pattern.replaceAll('*', 'x'));

function sharedPage(config: Config, a: Campaign, b: Campaign): string | null {
  const matchA = compilePages(a.pages);
  const matchB = compilePages(b.pages);
  const slotsB = compilePages(config.slots.filter((s) => b.slots.includes(s.name)).flatMap((s) => (s.pages?.length ? s.pages : ['*'])));
  const slotsA = compilePages(config.slots.filter((s) => a.slots.includes(s.name)).flatMap((s) => (s.pages?.length ? s.pages : ['*'])));
  for (const path of pagesOf(config, a)) if (matchB(path) && slotsB(path)) return path;
  for (const path of pagesOf(config, b)) if (matchA(path) && slotsA(path)) return path;
  return null;
}

const goalOf = (c: Campaign) => (c.goal?.type === 'page' ? `a visit to ${c.goal.path}` : `"${c.goal?.type === 'event' ? c.goal.event : 'purchase'}" conversion`);

/** The values a condition pins a top-level attribute to (`{ "geo.country": "DE" }`, `$eq`, `$in`). */
function pinned(condition: Condition): Map<string, Set<unknown>> {
  const pins = new Map<string, Set<unknown>>();
  for (const [path, test] of Object.entries(condition)) {
    if (path.startsWith('$')) continue;
    if (typeof test !== 'object' || test === null) pins.set(path, new Set([test]));
    else if ('$eq' in test) pins.set(path, new Set([(test as { $eq: unknown }).$eq]));
    else if (Array.isArray((test as { $in?: unknown }).$in)) pins.set(path, new Set((test as { $in: unknown[] }).$in));
  }
  return pins;
}

export function audiencesMayOverlap(a: Audience | undefined, b: Audience | undefined): boolean {
  if (!a || !b || a.id === b.id) return true;
  const pa = pinned(a.condition);
  for (const [path, values] of pinned(b.condition)) {
    const other = pa.get(path);
    if (other && ![...values].some((v) => other.has(v))) return false;
  }
  return true;
}

/** Every pair of live experiments that may share visitors on the same pages or goal. */
export function experimentCollisions(config: Config): Collision[] {
  const audiences = new Map(config.audiences.map((a) => [a.id, a]));
  const experiments = config.campaigns.filter((c) => c.status === 'live' && isExperiment(c));
  const collisions: Collision[] = [];
  for (let i = 0; i < experiments.length; i++) {
    for (let j = i + 1; j < experiments.length; j++) {
      const a = experiments[i]!;
      const b = experiments[j]!;
      if (a.layer && b.layer) continue; // placed in layers on purpose: one layer keeps them apart, two are independent by choice
      const audienceA = a.audience === undefined ? undefined : audiences.get(a.audience);
      const audienceB = b.audience === undefined ? undefined : audiences.get(b.audience);
      if (!audiencesMayOverlap(audienceA, audienceB)) continue;
      const page = sharedPage(config, a, b);
      const goal = goalOf(a) === goalOf(b) ? goalOf(a) : null;
      if (page === null && goal === null) continue;
      const what = [page === null ? null : `change ${page === '/' ? 'the home page' : page}`, goal === null ? null : `move ${goal}`].filter(Boolean).join(' and ');
      const who = [audienceA?.name ?? 'everyone', audienceB?.name ?? 'everyone'];
      const forWhom = who[0] === who[1] ? `for ${who[0] === 'everyone' ? 'all visitors' : `visitors in "${who[0]}"`}` : `for overlapping audiences ("${who[0]}", "${who[1]}")`;
      collisions.push({
        campaigns: [a.id, b.id],
        page,
        goal,
        message: `"${a.name}" and "${b.name}" both ${what} ${forWhom}: a visitor can be in both experiments, so neither result reads alone — put them in one layer?`,
      });
    }
  }
  return collisions;
}
