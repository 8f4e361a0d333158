/**
 * Page goals ("a page is visited"): page views stay on the device, so the edge counts them. When
 * a tracked visitor is served a page that a live campaign's page goal names, the Worker records
 * a goal event of type `page:<goal path>` — the key results read page goals under
 * (objects/aggregates.ts) — at most once per visitor, goal and UTC day (its id says so), in the background.
 */
import { type CompiledConfig, type PageMatcher, compilePages } from '@slotwise/core/decide';
import { type SwEvent, utcDay } from '@slotwise/core/protocol';
import { idHash } from '@slotwise/core/identity';

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

export function pageGoalEvents(config: CompiledConfig, visitorId: string, path: string, now: number): SwEvent[] {
  const events: SwEvent[] = [];
  for (const [goal, matches] of goalPages(config)) {
    if (!matches(path)) continue;
    // The goal path's hash keeps the id short and within the event-id alphabet.
    events.push({ id: `pg-${idHash(goal)}-${utcDay(now)}-${visitorId}`.slice(0, 64), type: `page:${goal}`, ts: now, props: { path: path.slice(0, 200) } });
  }
  return events;
}
