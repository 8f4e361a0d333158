/**
 * Preview: the page as a chosen visitor would get it, decided by core's own engine from the
 * draft (draft campaigns included, as if live), so what the editor shows is what the edge will
 * serve once published. Visitors are made-up profiles plus a request context, with or without
 * consent: a visitor who cannot be measured has no profile and no visitor id, as at the edge.
 */
import { type Content, type SiteConfigInput, parseSiteConfig } from '@slotwise/core';
import type { Recommendation } from '@slotwise/core/recommend';
import { type Profile, emptyProfile } from '@slotwise/core/profile';
import { type BanditWeights, withBanditWeights } from '@slotwise/core/stats';
import { type SlotContents, trackingAllowed } from '@slotwise/core/protocol';
import {
  type Attributes,
  type Decisions,
  type RequestContext,
  buildAttributes,
  compileConfig,
  decideSlots,
  evalCondition,
  type RenderedSlot,
  renderSlot,
} from '@slotwise/core/decide';

export interface PreviewVisitor {
  label: string;
  profile: Profile;
  country: string;
  utmSource: string;
  device: 'desktop' | 'mobile' | 'tablet';
  hour: number;
  /** Bucketing id: another id may land in another arm of an experiment. */
  visitorId: string;
  /** Has accepted cookies (the site's banner called `sw.consent('granted')`). */
  consented: boolean;
  /** The browser sends a privacy signal (Global Privacy Control or Do Not Track): never measured. */
  gpc: boolean;
}

/**
 * Whether Slotwise may measure this visitor. "Has not consented" reads as no answer under
 * `required` and as declined under `implied`: either way nothing is stored for them.
 */
export function isMeasured(v: PreviewVisitor): boolean {
  return trackingAllowed('required', v.consented ? 'granted' : 'unknown', v.gpc);
}

/** What the engine knows of the visitor: without measurement, no stored profile and no id. */
function profileOf(v: PreviewVisitor): Profile {
  return isMeasured(v) ? v.profile : emptyProfile();
}

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const stats = (n: number, daysAgo = 0) => ({
  d1: daysAgo < 1 ? n : 0,
  d7: daysAgo < 7 ? n : 0,
  d30: daysAgo < 30 ? n : 0,
  d90: daysAgo < 90 ? n : 0,
  total: n,
  last: nowSeconds() - daysAgo * DAY,
});

function visitor(label: string, profile: Partial<Profile>, extra: Partial<PreviewVisitor> = {}): PreviewVisitor {
  return {
    label,
    profile: { ...emptyProfile(), ...profile },
    country: '',
    utmSource: '',
    device: 'desktop',
    hour: 12,
    visitorId: 'preview-1',
    consented: true,
    gpc: false,
    ...extra,
  };
}

/** Ready-made visitors for the common cases; "Custom" starts from the current one. */
export function presetVisitors(): PreviewVisitor[] {
  const now = nowSeconds();
  const regular = { firstSeen: now - 20 * DAY, lastSeen: now - 3600, sessions: 3, pageviews: 12 };
  return [
    visitor('Anonymous first visit', {}),
    visitor('First visit, no consent yet', {}, { consented: false }),
    visitor('Newsletter reader', {}, { utmSource: 'newsletter' }),
    visitor('Visitor in Germany', {}, { country: 'DE' }),
    visitor('Shoe fan', { ...regular, interests: { shoes: 3.2 }, events: { view_item: stats(4) } }),
    visitor('Cart abandoner', { ...regular, events: { add_to_cart: stats(1), view_item: stats(3) } }),
    visitor('Lapsed customer', { firstSeen: now - 120 * DAY, lastSeen: now - 45 * DAY, sessions: 4, pageviews: 20, orders: 1, revenue: 80, events: { purchase: stats(1, 60) } }),
    visitor('Loyal customer', { ...regular, sessions: 9, orders: 4, revenue: 420, events: { purchase: stats(4, 10) } }),
  ];
}

export function previewContext(v: PreviewVisitor, path: string): RequestContext {
  const url = new URL(path, location.origin);
  if (v.utmSource) url.searchParams.set('utm_source', v.utmSource);
  const query = Object.fromEntries(url.searchParams);
  return {
    page: { url: url.href, path: url.pathname, query, referrer: '', referrerHost: '' },
    utm: v.utmSource ? { source: v.utmSource.toLowerCase() } : {},
    geo: { country: v.country.toUpperCase(), region: '', city: '', timezone: 'UTC' },
    device: { type: v.device, browser: 'chrome', os: 'macos' },
    locale: { language: 'en' },
    time: { hour: v.hour, weekday: new Date().getDay() },
  };
}

export function previewAttributes(v: PreviewVisitor, path: string): Attributes {
  return buildAttributes(profileOf(v), previewContext(v, path), Date.now());
}

/** Whether a condition matches the preview visitor (the audience builder's live check). */
export function matches(condition: Record<string, unknown>, v: PreviewVisitor, path: string, savedGroups: Record<string, (string | number)[]> = {}): boolean {
  return evalCondition(previewAttributes(v, path), condition, savedGroups);
}

/**
 * The draft's decisions for the visitor on the page, draft campaigns counted as live; bandits
 * split by the live weights (store/preview.ts), as the edge serves them.
 */
export function decidePreview(config: SiteConfigInput, v: PreviewVisitor, path: string, slots: string[], banditWeights: BanditWeights): Decisions | { error: string } {
  const asLive = { ...config, version: 0, campaigns: config.campaigns.map((c) => (c.status === 'draft' ? { ...c, status: 'live' as const } : c)) };
  const parsed = parseSiteConfig(asLive);
  if (!parsed.ok) return { error: parsed.errors[0] ?? 'invalid draft' };
  return decideSlots(compileConfig(withBanditWeights(parsed.config, banditWeights)), {
    visitorId: isMeasured(v) ? v.visitorId : null,
    profile: profileOf(v),
    context: previewContext(v, path),
    now: Date.now(),
    slots,
    trace: true,
  });
}

/** A campaign's name as the marketer gave it (its id when it has none). */
export function campaignName(config: SiteConfigInput, id: string): string {
  return config.campaigns.find((c) => c.id === id)?.name || id;
}

/** "Summer hero → Variant B", or "… → Control (page as it is)". */
export function decisionLabel(config: SiteConfigInput, campaignId: string, variantId: string): string {
  const campaign = config.campaigns.find((c) => c.id === campaignId);
  const variant = variantId === 'control' ? 'Control (page as it is)' : campaign?.variants.find((v) => v.id === variantId)?.name || variantId;
  return `${campaign?.name || campaignId} → ${variant}`;
}

/** The frame's form of a rendered slot. */
export function slotContent({ html, attrs }: RenderedSlot): { html: string; attrs: Record<string, string> } {
  return { html, attrs: Object.fromEntries(attrs) };
}

/**
 * The products a recommendation variant shows, or null while they are not known (the frame keeps
 * the page's default meanwhile, as the edge does when none fit).
 */
export type ShownFor = (content: Content) => Recommendation | null;

/** One variant's content as the frame shows it: a recommendation with no products keeps the default. */
export function frameContent(content: Content, attributes: Attributes, shownFor: ShownFor): { html: string; attrs: Record<string, string> } | null {
  if (content.kind !== 'recommendations') return slotContent(renderSlot(content, attributes));
  const shown = shownFor(content);
  return shown?.items.length ? slotContent(renderSlot(content, attributes, shown)) : null;
}

/** What the frame shows for these decisions: rendered exactly as the edge renders them. */
export function contentsFor(decisions: Decisions, slots: string[], shownFor: ShownFor): SlotContents {
  const out: SlotContents = {};
  for (const slot of slots) {
    const d = decisions.slots[slot];
    out[slot] = d?.content ? frameContent(d.content, decisions.attributes, shownFor) : null;
  }
  return out;
}
