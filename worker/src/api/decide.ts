/**
 * The Decide API (`GET|POST /__sw/decide`, docs/decide-api.md): the same decisions the edge makes
 * for a page, as JSON, for any channel — email, app, call centre. It calls core's decideSlots
 * on the same live config, so a visitor id, profile and context get the answer the website
 * gives. Authenticated with a server key (the DECIDE_KEY secret); deciding records nothing:
 * a channel that shows a variant reports the exposure (`POST /__sw/decide/exposures`).
 */
import type { Content } from '@slotwise/core';
import { type RenderedSlot, type RequestContext, buildContext, decideSlots, renderSlot } from '@slotwise/core/decide';
import { type Profile, decodeProfileCookie, emptyProfile } from '@slotwise/core/profile';
import { type Contact, decodeContacts, decodeFrequency, isVisitorId } from '@slotwise/core/protocol';
import { customerContacts, mergeContacts } from '../config/contacts.ts';
import { type Recommendation, decodeRecentItems } from '@slotwise/core/recommend';
import { recommendationsFor } from '../catalog/recommend.ts';
import { isUserId, userFromCookie } from '@slotwise/core/identity';
import * as v from 'valibot';
import { liveConfig, settledConfig } from '../config/live.ts';
import { traitsOf } from '../config/traits.ts';
import type { Env } from '../env.ts';
import { trustedUserId, userIdHash } from '../page/identity.ts';
import { HttpError } from '../http/errors.ts';
import { IdSchema } from '@slotwise/core';
import { parseOr400, readJson } from '../http/json-body.ts';

/** The Decide API's body cap (app.ts mounts it): a request of a few profile fields and ids. */
export const DECIDE_BODY_BYTES = 64 * 1024;
const Short = (max: number) => v.pipe(v.string(), v.maxLength(max));
const Count = v.pipe(v.number(), v.finite(), v.minValue(0));
const EventStatsSchema = v.object({ d1: Count, d7: Count, d30: Count, d90: Count, total: Count, last: Count });

/** A profile as `sw.profile()` returns it (extra derived fields such as segments are ignored). */
export const ProfileSchema = v.object({
  firstSeen: v.optional(Count, 0),
  lastSeen: v.optional(Count, 0),
  sessions: v.optional(Count, 0),
  pageviews: v.optional(Count, 0),
  events: v.optional(
    v.pipe(
      v.record(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/)), EventStatsSchema),
      v.check((r) => Object.keys(r).length <= 100, 'at most 100 event types'),
    ),
    {},
  ),
  interests: v.optional(
    v.pipe(
      v.record(Short(64), v.pipe(v.number(), v.finite())),
      v.check((r) => Object.keys(r).length <= 100, 'at most 100 categories'),
    ),
    {},
  ),
  orders: v.optional(Count, 0),
  revenue: v.optional(Count, 0),
  returnGap: v.optional(Count, 0),
});

export const DecideRequestSchema = v.object({
  /** The visitor id the website uses (its `sw_id` cookie): experiments bucket by it. */
  visitorId: v.optional(
    v.pipe(
      v.string(),
      v.check((id: string) => isVisitorId(id), 'must be a Slotwise visitor id (16-64 letters, digits, "-" or "_")'),
    ),
  ),
  /**
   * The site's own id for the visitor (as passed to identify): ID lists and stored traits apply.
   * Trusted as given: only a server holding the Decide key can send it.
   */
  userId: v.optional(
    v.pipe(
      v.string(),
      v.check((id: string) => isUserId(id), 'must be 1-128 printable ASCII characters'),
    ),
  ),
  /** Or the browser's `sw_uid` cookie as it is (a channel forwarding it): used only when its signature checks out. */
  userCookie: v.optional(Short(400)),
  /** The visitor's profile, or the `sw_p` cookie as the browser holds it. */
  profile: v.optional(ProfileSchema),
  profileCookie: v.optional(Short(4096)),
  /** The `sw_f` cookie (frequency-cap counts), so capped campaigns are honoured as on the site. */
  frequencyCookie: v.optional(Short(2048)),
  /** The `sw_b` cookie (the device's promotional contacts), so contact budgets count the website's messages too. */
  contactsCookie: v.optional(Short(4096)),
  /** The channel asking: `web` draws from web-only budgets too; email, app and the rest (`other`, the default) do not. */
  channel: v.optional(v.picklist(['web', 'email', 'app', 'sms', 'call', 'other']), 'other'),
  /** The `sw_i` cookie (items viewed, carted, bought) as the browser holds it, for recommendations. */
  itemsCookie: v.optional(Short(2048)),
  context: v.optional(
    v.object({
      path: v.optional(v.pipe(v.string(), v.startsWith('/', 'must start with "/"'), v.maxLength(2000)), '/'),
      query: v.optional(v.record(Short(100), Short(200)), {}),
      referrer: v.optional(Short(2000), ''),
      country: v.optional(v.pipe(v.string(), v.regex(/^([A-Z]{2})?$/, 'must be a two-letter country code in capitals')), ''),
      region: v.optional(Short(100), ''),
      city: v.optional(Short(100), ''),
      timezone: v.optional(Short(64), 'UTC'),
      userAgent: v.optional(Short(512), ''),
      language: v.optional(Short(64), ''),
    }),
    {},
  ),
  /** Slots to decide; every configured slot on the page when omitted. */
  slots: v.optional(v.pipe(v.array(IdSchema), v.maxLength(50))),
  /** Epoch ms to decide at (schedules, recency); now when omitted. */
  now: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  trace: v.optional(v.boolean(), false),
});

export type DecideRequest = v.InferOutput<typeof DecideRequestSchema>;

/** Other channels can wait longer than a page for the catalog's reads (the page's budget: catalog/recommend.ts). */
const DECIDE_CATALOG_BUDGET_MS = 2000;

const json = (body: unknown, status = 200) => Response.json(body, { status, headers: { 'cache-control': 'no-store' } });

export async function decideApi(request: Request, url: URL, env: Env, ctx: ExecutionContext): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'POST') throw new HttpError(405, 'method: must be GET or POST');
  const input = parseOr400(DecideRequestSchema, request.method === 'GET' ? fromQuery(url) : await readJson(request));
  const live = await settledConfig(liveConfig, env, ctx);
  if (!live) throw new HttpError(503, 'no published config is available yet; publish one in the editor');
  if (input.userId !== undefined && input.userCookie !== undefined) throw new HttpError(400, 'userCookie: send userId or userCookie, not both');
  const userId = input.userId ?? (await trustedUserId(env, userFromCookie(input.userCookie)));
  const [traits, idHash, stored] = userId
    ? await Promise.all([traitsOf(env, userId), userIdHash(env, userId), live.budgets.length ? customerContacts(env, userId) : []])
    : [undefined, '', []];
  const contacts = mergeContacts(decodeContacts(input.contactsCookie), stored);
  return json(await decide(live, input, { idHash, contacts, ...(traits ? { traits } : {}) }, env.CONFIG));
}

type Compiled = NonNullable<Awaited<ReturnType<typeof liveConfig>>['config']>;

/** The profile a channel sent: as fields (missing ones empty), or as the browser's `sw_p` cookie (an empty profile when neither). */
export function givenProfile(given: { profile?: Partial<Profile> | undefined; profileCookie?: string | undefined }): Profile {
  return given.profile ? { ...emptyProfile(), ...given.profile } : decodeProfileCookie(given.profileCookie);
}

/** Decides for a request; `user` is what was worked out about an identified visitor (page/identity.ts, stored traits). */
export async function decide(
  config: Compiled,
  input: DecideRequest,
  user: { idHash?: string; traits?: Record<string, unknown>; contacts?: readonly Contact[] } = {},
  catalog?: KVNamespace,
) {
  const now = input.now ?? Date.now();
  const profile = givenProfile(input);
  profile.items = decodeRecentItems(input.itemsCookie);
  const decisions = decideSlots(config, {
    visitorId: input.visitorId ?? null,
    profile,
    context: contextOf(input, now),
    now,
    ...(input.slots ? { slots: input.slots } : {}),
    trace: input.trace,
    frequency: decodeFrequency(input.frequencyCookie),
    ...(user.contacts ? { contacts: user.contacts } : {}),
    channel: input.channel === 'web' ? 'web' : 'other',
    ...(user.idHash ? { idHash: user.idHash } : {}),
    ...(user.traits ? { traits: user.traits } : {}),
  });
  // The same items the edge shows this visitor on this page (catalog/recommend.ts).
  const recommended = catalog
    ? await recommendationsFor(catalog, config.siteId, decisions, profile, input.context.path, now, DECIDE_CATALOG_BUDGET_MS)
    : { slots: {} as Record<string, Recommendation> };
  const slots = Object.fromEntries(
    Object.values(decisions.slots).map((d) => {
      const shown = recommended.slots[d.slot];
      return [
        d.slot,
        {
          campaign: d.campaign,
          variant: d.variant,
          tracked: d.tracked,
          content: d.content ? renderedContent(d.content.kind, renderSlot(d.content, decisions.attributes, shown)) : null,
          ...(shown ? { items: shown.items.map((item) => item.id), strategy: shown.strategy } : {}),
        },
      ];
    }),
  );
  return {
    version: config.version,
    visitorId: input.visitorId ?? null,
    slots,
    segments: decisions.attributes.profile.segments,
    ...(input.trace ? { trace: decisions.trace } : {}),
  };
}

function renderedContent(kind: Content['kind'], { html, attrs }: RenderedSlot) {
  return { kind, html, attrs: Object.fromEntries(attrs) };
}

function contextOf(input: DecideRequest, now: number): RequestContext {
  const { path, query, ...rest } = input.context;
  const url = new URL(path, 'https://decide.invalid');
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return buildContext({ url, ...rest }, now);
}

/** The GET form: `?visitorId=…&path=/&country=DE&slots=hero,promo&utm_source=…` (other params are the page's query). */
function fromQuery(url: URL): Record<string, unknown> {
  const p = url.searchParams;
  const known = new Set(['userId', 'userCookie', 'visitorId', 'path', 'country', 'slots', 'trace', 'profileCookie', 'itemsCookie', 'userAgent', 'language', 'timezone']);
  const query: Record<string, string> = {};
  for (const [key, value] of p) if (!known.has(key) && Object.keys(query).length < 30) query[key] = value;
  const context: Record<string, unknown> = { query };
  for (const key of ['path', 'country', 'userAgent', 'language', 'timezone']) if (p.has(key)) context[key] = p.get(key);
  return {
    ...(p.has('visitorId') ? { visitorId: p.get('visitorId') } : {}),
    ...(p.has('userId') ? { userId: p.get('userId') } : {}),
    ...(p.has('userCookie') ? { userCookie: p.get('userCookie') } : {}),
    ...(p.has('profileCookie') ? { profileCookie: p.get('profileCookie') } : {}),
    ...(p.has('itemsCookie') ? { itemsCookie: p.get('itemsCookie') } : {}),
    ...(p.has('slots') ? { slots: p.get('slots')!.split(',').filter(Boolean) } : {}),
    ...(p.get('trace') === 'true' ? { trace: true } : {}),
    context,
  };
}
