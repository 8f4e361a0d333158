/**
 * What the Admin API reads and checks: the draft and live version (from the site's
 * ConfigPublisher), published snapshots (immutable, in KV, with their publish time and note
 * as metadata), and the one check every written config passes — sanitize, then validate.
 */
import { type SiteConfig, type SiteConfigInput, parseSiteConfig } from '@slotwise/core';
import type { VersionInfo } from '@slotwise/core/protocol';
import type { ConfigPublisher } from '../objects/config-publisher.ts';
import { SNAPSHOT_PREFIX, snapshotKey } from '../config/keys.ts';
import { signatureOf, signatureProblem } from '../config/signature.ts';
import type { Env } from '../env.ts';
import { type Removal, sanitizeConfig } from './sanitize.ts';

export interface SnapshotMeta {
  publishedAt?: string;
  note?: string;
  by?: string;
  campaigns?: number;
  /** How it was made: a publish, or a restore of an older version (absent on older snapshots). */
  action?: 'publish' | 'rollback';
}

export type Checked = { ok: true; config: SiteConfig; removed: Removal[] } | { ok: false; errors: string[] };

/** One publisher per Worker: a Worker serves one site. */
export function publisher(env: Env): DurableObjectStub<ConfigPublisher> {
  return env.PUBLISHER.get(env.PUBLISHER.idFromName('site'));
}

/** Sanitizes, then validates: what is stored is always what passed. */
export function checkConfig(input: unknown, version: number): Checked {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, errors: ['config: must be an object'] };
  const first = parseSiteConfig({ ...input, version });
  if (!first.ok) return first;
  const { config, removed, problems } = sanitizeConfig(first.config);
  if (problems.length > 0) return { ok: false, errors: problems };
  const parsed = parseSiteConfig(config);
  return parsed.ok ? { ok: true, config: parsed.config, removed } : parsed;
}

/**
 * A published snapshot, when its signature is genuine (config/signature.ts): what the edge
 * would refuse is never offered for rollback or as the base of the draft.
 */
export async function readSnapshot(env: Env, version: number): Promise<{ config: SiteConfigInput; meta: SnapshotMeta } | null> {
  const { value, metadata } = await env.CONFIG.getWithMetadata<SnapshotMeta>(snapshotKey(version), 'arrayBuffer');
  if (value === null) return null;
  const bytes = new Uint8Array(value);
  const problem = await signatureProblem(env, bytes, signatureOf(metadata));
  if (problem !== null) {
    console.error(`slotwise: snapshot v${version} ignored: ${problem}`);
    return null;
  }
  try {
    return { config: JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes)) as SiteConfigInput, meta: metadata ?? {} };
  } catch {
    console.error(`slotwise: snapshot v${version} ignored: not valid UTF-8 JSON`);
    return null;
  }
}

export function versionInfo(version: number, meta: SnapshotMeta, live: number | null): VersionInfo {
  return { version, publishedAt: meta.publishedAt ?? '', note: meta.note ?? '', by: meta.by ?? '', campaigns: meta.campaigns ?? 0, live: version === live };
}

/** The published versions whose snapshot is genuine (readSnapshot): only what could be restored is offered. */
export async function listVersions(env: Env): Promise<{ live: number | null; versions: VersionInfo[] }> {
  const live = await publisher(env).live();
  const listed: number[] = [];
  let cursor: string | null = null;
  do {
    const page: KVNamespaceListResult<SnapshotMeta, string> = await env.CONFIG.list<SnapshotMeta>({ prefix: SNAPSHOT_PREFIX, cursor });
    for (const key of page.keys) {
      const version = Number(key.name.slice(SNAPSHOT_PREFIX.length));
      if (Number.isSafeInteger(version)) listed.push(version);
    }
    cursor = page.list_complete ? null : page.cursor;
  } while (cursor);
  const checked = await Promise.all(
    listed.map(async (version) => {
      const snapshot = await readSnapshot(env, version);
      return snapshot && versionInfo(version, snapshot.meta, live);
    }),
  );
  const versions = checked.filter((info): info is VersionInfo => info !== null);
  return { live, versions: versions.sort((a, b) => b.version - a.version) };
}

/** The saved draft; without one, the live config; without that, an empty config for a new site. */
export async function readDraft(env: Env): Promise<{ draft: SiteConfigInput; revision: number; live: number | null; changed: boolean }> {
  const site = publisher(env);
  const [saved, live] = await Promise.all([site.draft(), site.live()]);
  const published = live === null ? null : ((await readSnapshot(env, live))?.config ?? null);
  const draft = saved ? (JSON.parse(saved.json) as SiteConfigInput) : (published ?? emptyConfig());
  return { draft, revision: saved?.revision ?? 0, live, changed: published === null || !sameContent(draft, published) };
}

function emptyConfig(): SiteConfigInput {
  return { schema: 1, version: 0, site: { id: 'site', consent: 'required' }, slots: [], audiences: [], campaigns: [] };
}

/**
 * Same content, whatever the version numbers say, and however it was written: both are compared
 * as the draft stores them (checked: defaults filled in, HTML sanitized), so a hand-written
 * snapshot (the demo seed) does not read as changed.
 */
function sameContent(a: SiteConfigInput, b: SiteConfigInput): boolean {
  const stored = (c: SiteConfigInput) => {
    const checked = checkConfig(c, 0);
    return JSON.stringify(checked.ok ? checked.config : { ...c, version: 0 });
  };
  return JSON.stringify({ ...a, version: 0 }) === JSON.stringify({ ...b, version: 0 }) || stored(a) === stored(b);
}
