/**
 * A click on a recommended item lands on the item's page with `sw_rc=<campaign>.<variant>.<slot>`
 * (core's recommend/attribution.ts). Serving that page to a tracked visitor, the edge records a
 * `reco_click` (once per visitor, item and day: the event id says so) and remembers the click in
 * the `sw_ra` cookie, so a later cart or purchase of the item is attributed (api/collect.ts).
 */
import type { CompiledConfig } from '@slotwise/core/decide';
import { ATTRIBUTION_COOKIE, type SwEvent, readCookie, serializeCookie, utcDay } from '@slotwise/core/protocol';
import { idHash } from '@slotwise/core/identity';
import { ATTRIBUTION_DAYS, CLICK_PARAM, addClick, decodeClicks, encodeClicks, parseClickRef } from '@slotwise/core/recommend';

export interface ClickRecord {
  events: SwEvent[];
  cookies: string[];
}

const NONE: ClickRecord = { events: [], cookies: [] };

export function recordClick(config: CompiledConfig, request: Request, url: URL, visitorId: string | null, item: string | undefined, now: number): ClickRecord {
  const ref = parseClickRef(url.searchParams.get(CLICK_PARAM));
  if (!ref || !item || visitorId === null) return NONE;
  // Only a slot of a campaign that has this recommendation: a stale or made-up link counts nothing.
  const strategy = config.source.campaigns.find((c) => c.id === ref.campaign)?.variants.find((v) => v.id === ref.variant)?.content[ref.slot]?.recommend?.strategy;
  if (!strategy) return NONE;
  const click = { item, ...ref, strategy };
  const clicks = addClick(decodeClicks(readCookie(request.headers.get('cookie'), ATTRIBUTION_COOKIE)), click);
  const id = `rc-${idHash(`${ref.campaign}:${item}`)}-${utcDay(now)}-${visitorId}`.slice(0, 64);
  return {
    events: [{ id, type: 'reco_click', ts: now, props: click }],
    cookies: [serializeCookie(ATTRIBUTION_COOKIE, encodeClicks(clicks), { maxAge: ATTRIBUTION_DAYS * 86_400, secure: url.protocol === 'https:' })],
  };
}
