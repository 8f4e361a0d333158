/**
 * What publishing the draft would change, field by field (core's diffConfigs), each credited
 * to the person whose save last changed it and when (the ConfigPublisher's draft history since
 * the last publish). The publish dialog shows this, and publishes only the revision it showed.
 */
import { type DraftChange, type DraftChanges, type SiteConfigInput, attributeChanges, diffConfigs, labelChange } from '@slotwise/core';
import { checkConfig, publisher, readDraft, readSnapshot } from './store.ts';
import type { Env } from '../env.ts';

export type { DraftChange, DraftChanges };

/**
 * A config as the draft stores it (defaults filled in, HTML sanitized), without its version: a
 * snapshot written by hand (the demo seed) must not show every default as a change.
 */
function normalized(c: SiteConfigInput | null): SiteConfigInput | null {
  if (c === null) return null;
  const checked = checkConfig(c, 0);
  return checked.ok ? checked.config : { ...c, version: 0 };
}

export async function draftChanges(env: Env): Promise<DraftChanges> {
  const { draft, revision, live } = await readDraft(env);
  const liveConfig = live === null ? null : ((await readSnapshot(env, live))?.config ?? null);
  const before = normalized(liveConfig);
  const after = normalized(draft)!;
  const found = diffConfigs(before ?? {}, after).filter((c) => c.path[0] !== 'version');
  const history = (await publisher(env).draftHistory()).map((h) => ({ who: h.who, at: h.at, config: normalized(JSON.parse(h.json) as SiteConfigInput) }));
  const by = attributeChanges(found, [{ who: '', at: '', config: before ?? {} }, ...history]);
  return {
    revision,
    live,
    liveConfig,
    changes: found.map((c, i) => ({ path: c.path, before: c.before, after: c.after, label: labelChange(c.path, before, after), by: by[i] ?? null })),
  };
}
