/**
 * Everything a page's personalization needs that does not depend on the origin's answer, as
 * plain values: the live config, who the visitor is, the request context, the decisions for
 * every slot, and what serving them means — the Set-Cookie values the page carries and the
 * events the edge records. Nothing here writes or records anything, so the Worker computes it
 * while the origin is still working on a page load (handle.ts) and the decision costs the
 * visitor no time to first byte.
 */
import { type CompiledConfig, type Decisions, type RequestContext, decideSlots } from '@slotwise/core/decide';
import type { Contact, SwEvent } from '@slotwise/core/protocol';
import { customerContacts, mergeContacts } from '../config/contacts.ts';
import { type VisitRecommendations, recommendationsFor } from '../catalog/recommend.ts';
import { recordClick } from '../catalog/clicks.ts';
import { viewedOnPage } from '../catalog/viewed.ts';
import { type LiveConfig, liveConfig } from '../config/live.ts';
import type { Env } from '../env.ts';
import { sameSecret } from '../http/secrets.ts';
import { requestContext } from './context.ts';
import { devOverrides } from './dev-overrides.ts';
import { pageGoalEvents } from './goals.ts';
import { trustedUserId, userIdHash } from './identity.ts';
import { showings } from './showings.ts';
import { type Visitor, identifyVisitor } from './visitor.ts';

export interface PageDecision {
  live: LiveConfig & { config: CompiledConfig };
  visitor: Visitor;
  context: RequestContext;
  decisions: Decisions;
  /** The items each recommendation slot shows, and the catalog item this page shows. */
  recommendations: VisitRecommendations;
  /** Set-Cookie values the personalized page carries (visitor id, dev overrides, showings). */
  cookies: string[];
  /** What the edge records when it serves the page personalized (page goals, the holdout arm). */
  events: SwEvent[];
  /** A signed-in customer's promotional contacts after this page, to record for every channel (config/contacts.ts); null when unchanged. */
  customerContacts: { userId: string; contacts: Contact[] } | null;
  now: number;
  debug: boolean;
  /** Milliseconds waiting for the config (I/O), and deciding (0 on Cloudflare, see handle.ts). */
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
  const now = Date.now();
  const dev = devOverrides(request, url, env);
  const visitor = identifyVisitor(request, url, live.config.consent);
  const debug = await isDebugRequest(request, url, env);
  // Only a signed sw_uid counts; hashed before deciding (WebCrypto is async, decisions are not).
  const userId = visitor.claimedUser ? await trustedUserId(env, visitor.claimedUser) : null;
  const idHash = userId ? await userIdHash(env, userId) : '';
  // A signed-in customer's budget counts every channel's contacts: read while the origin works.
  const known = userId && visitor.id && live.config.budgets.length ? { ...visitor, contacts: mergeContacts(visitor.contacts, await customerContacts(env, userId)) } : visitor;
  const { contacts, ...visit } = decideVisit(live, known, requestContext(request, url, now, dev.geo), { url, now, debug, idHash });
  const customer = userId && contacts ? { userId, contacts } : null;
  const recommendations = await recommendationsFor(env.CONFIG, live.config.siteId, visit.decisions, visitor.profile, url.pathname, now);
  const viewed = viewedOnPage(visitor, recommendations.current, url);
  const counted = visit.context.device.type !== 'bot' ? visitor.id : null;
  const click = recordClick(live.config, request, url, counted, recommendations.current, now);
  return {
    ...visit,
    recommendations,
    cookies: [...visitor.setCookies, ...dev.setCookies, ...visit.cookies, ...viewed, ...click.cookies],
    events: [...visit.events, ...click.events],
    customerContacts: customer,
    configWait,
  };
}

/**
 * The synchronous part: decisions for a known visitor and context, and the cookies and events
 * serving them brings. Only counted visitors (not crawlers) record events.
 */
export function decideVisit(
  live: PageDecision['live'],
  visitor: Visitor,
  context: RequestContext,
  { url, now, debug, idHash }: { url: URL; now: number; debug: boolean; idHash: string },
): Omit<PageDecision, 'configWait' | 'customerContacts' | 'recommendations'> & { contacts: Contact[] | null } {
  const { config } = live;
  const started = performance.now();
  const decisions = decideSlots(config, {
    visitorId: visitor.id,
    profile: visitor.profile,
    context,
    now,
    trace: debug,
    frequency: visitor.frequency,
    contacts: visitor.contacts,
    idHash,
  });
  const decideMs = performance.now() - started;
  const counted = context.device.type !== 'bot' && visitor.id !== null;
  const shown = showings(config, decisions, visitor, now, url.protocol === 'https:', counted);
  const goals = counted && visitor.id ? pageGoalEvents(config, visitor.id, url.pathname, now) : [];
  return { live, visitor, context, decisions, cookies: shown.cookies, events: [...goals, ...shown.events], contacts: shown.contacts, now, debug, decideMs };
}

async function isDebugRequest(request: Request, url: URL, env: Env): Promise<boolean> {
  const token = env.DEBUG_TOKEN;
  if (!token) return false;
  const given = request.headers.get('x-slotwise-debug') ?? url.searchParams.get(DEBUG_PARAM);
  return given !== null && sameSecret(given, token);
}
