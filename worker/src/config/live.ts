/**
 * The live config, from KV through an in-isolate cache. A page never waits on KV for longer
 * than a small budget: a cold isolate with a slow or failing KV serves the page unpersonalized,
 * a warm one keeps its last good config until a newer valid one loads. A snapshot that is not
 * signed with the Worker's key (config/signature.ts), is not UTF-8 JSON, fails validation, or
 * is older than the one in memory, is rejected whole.
 */
import { parseSiteConfig } from '@slotwise/core';
import { type CompiledConfig, compileConfig } from '@slotwise/core/decide';
import { LIVE_POINTER_KEY, snapshotKey } from './keys.ts';
import { publishedVersion, resetLiveVersion } from './live-version.ts';
import { signatureOf, signatureProblem } from './signature.ts';
import { resetBanditWeights, withCurrentWeights } from './bandit-weights.ts';
import { type Env, numberVar } from '../env.ts';

export type ConfigSource = 'fresh' | 'cached' | 'stale' | 'none';

export interface LiveConfig {
  config: CompiledConfig | null;
  source: ConfigSource;
  /** Set when a version is live but its snapshot was refused (missing, unsigned, invalid) and there is no last good one. */
  rejected?: true;
}

interface Cached {
  config: CompiledConfig | null;
  checkedAt: number;
  rejected?: true;
  /** A version the publisher announced whose snapshot could not be used: not tried again before the TTL. */
  tried?: number;
}

/** A KV read that has not answered by then is abandoned, so one hang cannot wedge every later refresh. */
const REFRESH_TIMEOUT_MS = 2000;

let cached: Cached | null = null;
let inflight: Promise<Cached> | null = null;

/** Forget the isolate's copy (tests, and a future purge hook). */
export function resetConfigCache(): void {
  cached = null;
  inflight = null;
  resetLiveVersion();
  resetBanditWeights();
}

/**
 * The config to decide with: the published one, with the current bandit weights applied
 * (config/bandit-weights.ts). `publishedConfig` gives it as published (results, the editor).
 */
export async function liveConfig(env: Env, ctx: ExecutionContext): Promise<LiveConfig> {
  const live = await publishedConfig(env, ctx);
  return live.config ? { ...live, config: withCurrentWeights(live.config, env, ctx) } : live;
}

export async function publishedConfig(env: Env, ctx: ExecutionContext): Promise<LiveConfig> {
  const ttl = numberVar(env.CONFIG_TTL_MS, 1000);
  // What the publisher last said is live (live-version.ts): a newer version than the isolate's
  // ends its copy's TTL at once, whatever KV's pointer still says.
  const announced = publishedVersion(env, ctx);
  const behind = announced !== null && announced > (cached?.config?.version ?? -1) && announced !== cached?.tried;
  if (cached && !behind && Date.now() - cached.checkedAt < ttl) return withRejected({ config: cached.config, source: 'cached' }, cached);

  const refresh = (inflight ??= withTimeout(refreshFromKv(env, announced), REFRESH_TIMEOUT_MS).finally(() => {
    inflight = null;
  }));
  ctx.waitUntil(refresh.catch(() => undefined));
  const result = await Promise.race([refresh.catch(() => null), sleep(numberVar(env.CONFIG_BUDGET_MS, 50))]);
  if (result) return withRejected({ config: result.config, source: 'fresh' }, result);
  return cached ? withRejected({ config: cached.config, source: 'stale' }, cached) : { config: null, source: 'none' };
}

/**
 * For the APIs, which have no page to fail open to: waits (up to `waitMs`) for a cold isolate's
 * first KV read to settle instead of giving up after a page's budget. Null when nothing is
 * published, or the read did not settle in time.
 */
export async function settledConfig(read: typeof liveConfig, env: Env, ctx: ExecutionContext, waitMs = 2000): Promise<CompiledConfig | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const live = await read(env, ctx);
    if (live.source !== 'none' || Date.now() > deadline) return live.config;
    await sleep(25);
  }
}

function withRejected(live: LiveConfig, from: Cached): LiveConfig {
  return from.rejected && live.config === null ? { ...live, rejected: true } : live;
}

/**
 * Reads the pointer, and the snapshot only when the version changed. A version the publisher
 * announced (`announced`) that is newer than the pointer is loaded first: its snapshot is
 * written before the pointer, under a key of its own. Failures keep the last good config.
 */
async function refreshFromKv(env: Env, announced: number | null): Promise<Cached> {
  const previous = cached?.config ?? null;
  const pointer = await env.CONFIG.get(LIVE_POINTER_KEY);
  const version = pointer === null ? null : Number(pointer);
  if (announced !== null && announced > (previous?.version ?? -1) && !(version !== null && version >= announced)) {
    const ahead = await loadSnapshot(env, announced);
    if (ahead) {
      cached = { config: ahead, checkedAt: Date.now() };
      return cached;
    }
  }
  let config = previous;
  if (version === null) {
    config = null;
  } else if (!Number.isSafeInteger(version) || version < 0) {
    console.warn(`slotwise: ignoring live pointer ${JSON.stringify(pointer)}: not a version number`);
  } else if (!previous || version > previous.version) {
    config = (await loadSnapshot(env, version)) ?? previous;
  } else if (version < previous.version) {
    console.warn(`slotwise: live pointer ${version} is older than v${previous.version} in memory; keeping v${previous.version}`);
  }
  const tried = announced !== null && announced > (config?.version ?? -1) ? { tried: announced } : {};
  cached = config === null && version !== null ? { config, checkedAt: Date.now(), rejected: true, ...tried } : { config, checkedAt: Date.now(), ...tried };
  return cached;
}

async function loadSnapshot(env: Env, version: number): Promise<CompiledConfig | null> {
  const { value, metadata } = await env.CONFIG.getWithMetadata(snapshotKey(version), 'arrayBuffer');
  if (value === null) {
    console.warn(`slotwise: snapshot v${version} is missing`);
    return null;
  }
  const bytes = new Uint8Array(value);
  const problem = await signatureProblem(env, bytes, signatureOf(metadata));
  if (problem !== null) {
    console.error(`slotwise: snapshot v${version} rejected: ${problem}; only configs published through the Admin API are used`);
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    console.error(`slotwise: snapshot v${version} is not valid UTF-8 JSON; rejected`);
    return null;
  }
  const parsed = parseSiteConfig(json);
  if (!parsed.ok) {
    console.error(`slotwise: snapshot v${version} rejected: ${parsed.errors.slice(0, 3).join('; ')}`);
    return null;
  }
  if (parsed.config.version !== version) {
    console.error(`slotwise: snapshot under v${version} says version ${parsed.config.version}; rejected`);
    return null;
  }
  return compileConfig(parsed.config);
}

const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`KV did not answer within ${ms} ms`)))]);
}
