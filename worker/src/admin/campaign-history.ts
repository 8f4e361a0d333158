/**
 * Every campaign that was ever published, from the immutable snapshots: the versions it was
 * live in, its last definition, and what took it out of the live config (a publish or a
 * restore). Results use it so a campaign's numbers outlive its place in the live config.
 * Snapshots never change once written, so each is read once per isolate.
 */
import type { Campaign, SiteConfig } from '@slotwise/core';
import { parseSiteConfig } from '@slotwise/core';
import { type SnapshotMeta, listVersions, readSnapshot } from './store.ts';
import type { Env } from '../env.ts';

export interface CampaignHistory {
  campaign: Campaign;
  /** Versions in which its status was live, oldest first. */
  versions: number[];
  /** The newest version it appears in. */
  lastVersion: number;
  /** The first version after `lastVersion`, and whether it was a restore; null while it is in the live one. */
  removedBy: { version: number; rollback: boolean } | null;
}

/** Versions read at most this far back: a results request stays bounded. */
const MAX_VERSIONS = 500;
/** By version and publish time: a test's fresh store may reuse a version number for other content. */
const snapshots = new Map<string, { config: SiteConfig | null; meta: SnapshotMeta }>();

async function snapshot(env: Env, version: number, publishedAt: string) {
  const key = `${version}@${publishedAt}`;
  let found = snapshots.get(key);
  if (!found) {
    const read = await readSnapshot(env, version);
    const parsed = read ? parseSiteConfig({ ...read.config, version }) : null;
    found = { config: parsed?.ok ? parsed.config : null, meta: read?.meta ?? {} };
    if (read && publishedAt) snapshots.set(key, found);
  }
  return found;
}

export async function campaignHistories(env: Env): Promise<Map<string, CampaignHistory>> {
  const { versions } = await listVersions(env);
  const ordered = [...versions].sort((a, b) => a.version - b.version).slice(-MAX_VERSIONS);
  const read = await Promise.all(ordered.map(async ({ version, publishedAt }) => ({ version, ...(await snapshot(env, version, publishedAt)) })));
  const out = new Map<string, CampaignHistory>();
  for (const { version, config, meta } of read) {
    if (!config) continue;
    const here = new Set<string>();
    for (const c of config.campaigns) {
      here.add(c.id);
      const h = out.get(c.id) ?? { campaign: c, versions: [], lastVersion: version, removedBy: null };
      h.campaign = c;
      h.lastVersion = version;
      h.removedBy = null;
      if (c.status === 'live') h.versions.push(version);
      out.set(c.id, h);
    }
    for (const h of out.values()) {
      if (!here.has(h.campaign.id) && h.removedBy === null) {
        h.removedBy = { version, rollback: meta.action === 'rollback' || (meta.action === undefined && /^restored version/.test(meta.note ?? '')) };
      }
    }
  }
  return out;
}
