/**
 * The draft and the published versions, in KV. A version is an immutable snapshot
 * (`config/<n>`, with its publish time and note as KV metadata); publishing writes the next
 * snapshot and then moves the live pointer, so a reader never sees a half-published config.
 * Rolling back publishes an old snapshot's content again under a new, higher number: the
 * Worker only ever moves forward, and the history stays complete.
 */
import { type SiteConfig, type SiteConfigInput, parseSiteConfig } from '@slotwise/core';
import { DRAFT_KEY, LIVE_POINTER_KEY, SNAPSHOT_PREFIX, snapshotKey } from './config-keys.ts';
import type { Env } from './env.ts';
import { type Removal, sanitizeConfig } from './sanitize.ts';

export interface VersionInfo {
  version: number;
  publishedAt: string;
  note: string;
  campaigns: number;
  live: boolean;
}

interface SnapshotMeta {
  publishedAt?: string;
  note?: string;
  campaigns?: number;
}

export type Checked = { ok: true; config: SiteConfig; removed: Removal[] } | { ok: false; errors: string[] };

/** Sanitizes, then validates: what is stored is always what passed. */
export function checkConfig(input: unknown, version: number): Checked {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['config: must be an object'] };
  const first = parseSiteConfig({ ...input, version });
  if (!first.ok) return first;
  const { config, removed } = sanitizeConfig(first.config);
  const parsed = parseSiteConfig(config);
  return parsed.ok ? { ok: true, config: parsed.config, removed } : parsed;
}

export async function liveVersion(env: Env): Promise<number | null> {
  const pointer = await env.CONFIG.get(LIVE_POINTER_KEY);
  const version = pointer === null ? Number.NaN : Number(pointer);
  return Number.isSafeInteger(version) && version >= 0 ? version : null;
}

export async function readSnapshot(env: Env, version: number): Promise<{ config: SiteConfigInput; meta: SnapshotMeta } | null> {
  const { value, metadata } = await env.CONFIG.getWithMetadata<SnapshotMeta>(snapshotKey(version));
  if (value === null) return null;
  return { config: JSON.parse(value) as SiteConfigInput, meta: metadata ?? {} };
}

export async function listVersions(env: Env): Promise<{ live: number | null; versions: VersionInfo[] }> {
  const live = await liveVersion(env);
  const versions: VersionInfo[] = [];
  let cursor: string | null = null;
  do {
    const page: KVNamespaceListResult<SnapshotMeta, string> = await env.CONFIG.list<SnapshotMeta>({ prefix: SNAPSHOT_PREFIX, cursor });
    for (const key of page.keys) {
      const version = Number(key.name.slice(SNAPSHOT_PREFIX.length));
      if (!Number.isSafeInteger(version)) continue;
      const meta = key.metadata ?? {};
      versions.push({ version, publishedAt: meta.publishedAt ?? '', note: meta.note ?? '', campaigns: meta.campaigns ?? 0, live: version === live });
    }
    cursor = page.list_complete ? null : page.cursor;
  } while (cursor);
  return { live, versions: versions.sort((a, b) => b.version - a.version) };
}

/** The saved draft; without one, the live config; without that, an empty config for a new site. */
export async function readDraft(env: Env): Promise<{ draft: SiteConfigInput; live: number | null; changed: boolean }> {
  const [saved, live] = await Promise.all([env.CONFIG.get(DRAFT_KEY), liveVersion(env)]);
  const published = live === null ? null : (await readSnapshot(env, live))?.config ?? null;
  const draft = saved ? (JSON.parse(saved) as SiteConfigInput) : published ?? emptyConfig();
  return { draft, live, changed: published === null || !sameContent(draft, published) };
}

export async function writeDraft(env: Env, config: SiteConfig): Promise<void> {
  await env.CONFIG.put(DRAFT_KEY, JSON.stringify(config));
}

/** Publishes a checked config as the next version and points live at it. */
export async function publishConfig(env: Env, input: SiteConfigInput, note: string): Promise<{ version: number; publishedAt: string } | { errors: string[] }> {
  const { versions } = await listVersions(env);
  const version = Math.max(0, ...versions.map((v) => v.version), (await liveVersion(env)) ?? 0) + 1;
  const checked = checkConfig(input, version);
  if (!checked.ok) return { errors: checked.errors };
  const publishedAt = new Date().toISOString();
  const metadata: SnapshotMeta = { publishedAt, note: note.slice(0, 200), campaigns: checked.config.campaigns.length };
  await env.CONFIG.put(snapshotKey(version), JSON.stringify(checked.config), { metadata });
  await env.CONFIG.put(LIVE_POINTER_KEY, String(version));
  await writeDraft(env, checked.config);
  return { version, publishedAt };
}

function emptyConfig(): SiteConfigInput {
  return { schema: 1, version: 0, site: { id: 'site', consent: 'required' }, slots: [], audiences: [], campaigns: [] };
}

/** Same content, whatever the version numbers say. */
function sameContent(a: SiteConfigInput, b: SiteConfigInput): boolean {
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 });
}
