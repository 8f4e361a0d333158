/**
 * Page goals ("a page is visited"): page views stay on the device, so the edge counts them. When
 * a tracked visitor is served a page that a live campaign's page goal names, the Worker records
 * a goal event of type `page:<goal path>` — the key results read page goals under
 * (aggregates.ts) — at most once per visitor, goal and UTC day (its id says so), in the background.
 */
import { type CompiledConfig, type PageMatcher, type SwEvent, compilePages, utcDay } from '@slotwise/core';

const matchers = new WeakMap<CompiledConfig, [string, PageMatcher][]>();

function goalPages(config: CompiledConfig): [string, PageMatcher][] {
  let found = matchers.get(config);
  if (!found) {
    const paths = new Set<string>();
    for (const c of config.source.campaigns) if (c.status === 'live' && c.goal?.type === 'page') paths.add(c.goal.path);
    found = [...paths].map((path) => [path, compilePages([path])]);
    matchers.set(config, found);
  }
  return found;
}

/** FNV-1a, 32 bits, as hex: a short stable tag for a goal path inside an event id. */
function tag(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16);
}

export function pageGoalEvents(config: CompiledConfig, visitorId: string, path: string, now: number): SwEvent[] {
  const events: SwEvent[] = [];
  for (const [goal, matches] of goalPages(config)) {
    if (!matches(path)) continue;
    events.push({ id: `pg-${tag(goal)}-${utcDay(now)}-${visitorId}`.slice(0, 64), type: `page:${goal}`, ts: now, props: { path: path.slice(0, 200) } });
  }
  return events;
}
