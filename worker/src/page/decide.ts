/**
 * Everything a page's personalization needs that does not depend on the origin's answer: the
 * live config, who the visitor is, the request context and the decisions for every slot. It
 * has no side effects, so the Worker computes it while the origin is still working on a page
 * load (index.ts) and the decision costs the visitor no time to first byte.
 */
import { type CompiledConfig, type Decisions, type RequestContext, decideSlots } from '@slotwise/core';
import { sameSecret } from '../http/secrets.ts';
import { type LiveConfig, liveConfig } from '../config/live.ts';
import { devOverrides } from './dev-overrides.ts';
import { trustedUserId, userIdHash } from './identity.ts';
import type { Env } from '../env.ts';
import { requestContext } from './context.ts';
import { type Visitor, identifyVisitor } from './visitor.ts';

export interface PageDecision {
  live: LiveConfig & { config: CompiledConfig };
  visitor: Visitor;
  context: RequestContext;
  decisions: Decisions;
  now: number;
  debug: boolean;
  /** Milliseconds waiting for the config (I/O), and deciding (0 on Cloudflare, see personalize.ts). */
  configWait: number;
  decideMs: number;
}

/** Nothing valid is published: the page passes through as it came, so nothing else is worked out. */
export interface Unpublished {
  /** Why nothing is live (`source`, `rejected`); its `config` is null. */
  live: LiveConfig;
  decisions: null;
}

/** The query parameter that carries the debug token (or the `X-Slotwise-Debug` header). */
export const DEBUG_PARAM = 'sw_debug';

const isPublished = (live: LiveConfig): live is PageDecision['live'] => live.config !== null;

export async function decidePage(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<PageDecision | Unpublished> {
  const configStarted = performance.now();
  const live = await liveConfig(env, ctx);
  const configWait = performance.now() - configStarted;
  if (!isPublished(live)) return { live, decisions: null };
  const { config } = live;
  const now = Date.now();
  const dev = devOverrides(request, url, env);
  const visitor = identifyVisitor(request, url, config.consent);
  visitor.setCookies.push(...dev.setCookies);
  const debug = await isDebugRequest(request, url, env);
  const context = requestContext(request, url, now, dev.geo);
  // Only a signed sw_uid counts; hashed before deciding (WebCrypto is async, decisions are not).
  const idHash = visitor.claimedUser ? await userIdHash(env, await trustedUserId(env, visitor.claimedUser)) : '';
  const started = performance.now();
  const decisions = decideSlots(config, { visitorId: visitor.id, profile: visitor.profile, context, now, trace: debug, frequency: visitor.frequency, idHash });
  return { live, visitor, context, decisions, now, debug, configWait, decideMs: performance.now() - started };
}

async function isDebugRequest(request: Request, url: URL, env: Env): Promise<boolean> {
  const token = env.DEBUG_TOKEN;
  if (!token) return false;
  const given = request.headers.get('x-slotwise-debug') ?? url.searchParams.get(DEBUG_PARAM);
  return given !== null && sameSecret(given, token);
}
