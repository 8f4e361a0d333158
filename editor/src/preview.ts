/**
 * Preview: the page as a chosen visitor would get it, decided by core's own engine from the
 * draft (draft campaigns included, as if live), so what the editor shows is what the edge will
 * serve once published. Visitors are made-up profiles plus a request context.
 */
import { signal } from '@preact/signals';
import {
  type Attributes,
  type Decisions,
  type Profile,
  type RequestContext,
  type SiteConfigInput,
  buildAttributes,
  compileConfig,
  decideSlots,
  emptyProfile,
  evalCondition,
  parseSiteConfig,
  type RenderedSlot,
  renderSlot,
} from '@slotwise/core';

export interface PreviewVisitor {
  label: string;
  profile: Profile;
  country: string;
  utmSource: string;
  device: 'desktop' | 'mobile' | 'tablet';
  hour: number;
  /** Bucketing id: another id may land in another arm of an experiment. */
  visitorId: string;
}

const DAY = 86_400;
const nowSeconds = () => Math.floor(Date.now() / 1000);
const stats = (n: number, daysAgo = 0) => ({ d1: daysAgo < 1 ? n : 0, d7: daysAgo < 7 ? n : 0, d30: daysAgo < 30 ? n : 0, d90: daysAgo < 90 ? n : 0, total: n, last: nowSeconds() - daysAgo * DAY });

function visitor(label: string, profile: Partial<Profile>, extra: Partial<PreviewVisitor> = {}): PreviewVisitor {
  return { label, profile: { ...emptyProfile(), ...profile }, country: '', utmSource: '', device: 'desktop', hour: 12, visitorId: 'preview-1', ...extra };
}

/** Ready-made visitors for the common cases; "Custom" starts from the current one. */
export function presetVisitors(): PreviewVisitor[] {
  const now = nowSeconds();
  const regular = { firstSeen: now - 20 * DAY, lastSeen: now - 3600, sessions: 3, pageviews: 12 };
  return [
    visitor('Anonymous first visit', {}),
    visitor('Newsletter reader', {}, { utmSource: 'newsletter' }),
    visitor('Visitor in Germany', {}, { country: 'DE' }),
    visitor('Shoe fan', { ...regular, interests: { shoes: 3.2 }, events: { view_item: stats(4) } }),
    visitor('Cart abandoner', { ...regular, events: { add_to_cart: stats(1), view_item: stats(3) } }),
    visitor('Lapsed customer', { firstSeen: now - 120 * DAY, lastSeen: now - 45 * DAY, sessions: 4, pageviews: 20, orders: 1, revenue: 80, events: { purchase: stats(1, 60) } }),
    visitor('Loyal customer', { ...regular, sessions: 9, orders: 4, revenue: 420, events: { purchase: stats(4, 10) } }),
  ];
}

export const previewOn = signal(false);
export const previewVisitor = signal<PreviewVisitor>(presetVisitors()[0]!);

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
  return buildAttributes(v.profile, previewContext(v, path), Date.now());
}

/** Whether a condition matches the preview visitor (the audience builder's live check). */
export function matches(condition: Record<string, unknown>, v: PreviewVisitor, path: string, savedGroups: Record<string, (string | number)[]> = {}): boolean {
  return evalCondition(previewAttributes(v, path) as unknown as Record<string, unknown>, condition, savedGroups);
}

/** The draft's decisions for the visitor on the page, draft campaigns counted as live. */
export function decidePreview(config: SiteConfigInput, v: PreviewVisitor, path: string, slots: string[]): Decisions | { error: string } {
  const asLive = { ...config, version: 0, campaigns: config.campaigns.map((c) => (c.status === 'draft' ? { ...c, status: 'live' as const } : c)) };
  const parsed = parseSiteConfig(asLive);
  if (!parsed.ok) return { error: parsed.errors[0] ?? 'invalid draft' };
  return decideSlots(compileConfig(parsed.config), {
    visitorId: v.visitorId, profile: v.profile, context: previewContext(v, path), now: Date.now(), slots, trace: true,
  });
}

export type SlotContents = Record<string, { html: string; attrs?: Record<string, string> } | null>;

/** The frame's form of a rendered slot. */
export function slotContent({ html, attrs }: RenderedSlot): { html: string; attrs: Record<string, string> } {
  return { html, attrs: Object.fromEntries(attrs) };
}

/** What the frame shows for these decisions: rendered exactly as the edge renders them. */
export function contentsFor(decisions: Decisions, slots: string[]): SlotContents {
  const attributes = decisions.attributes as unknown as Record<string, unknown>;
  const out: SlotContents = {};
  for (const slot of slots) {
    const d = decisions.slots[slot];
    out[slot] = d?.content ? slotContent(renderSlot(d.content, attributes)) : null;
  }
  return out;
}
