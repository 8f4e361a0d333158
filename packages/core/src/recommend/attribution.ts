/**
 * Attribution of what follows a click on a recommended item. The item's link carries
 * `sw_rc=<campaign>.<variant>.<slot>` (template.ts); the edge, serving that item's page to a
 * tracked visitor, records a `reco_click` and remembers the click in the `sw_ra` cookie for
 * ATTRIBUTION_DAYS. An `add_to_cart` or `purchase` of that item delivered later is then also
 * recorded as `reco_cart` / `reco_purchase` for the same campaign, variant, slot and strategy:
 * results add click-through and attributed revenue per arm. Nothing new leaves the device.
 *
 * Cookie form: entries `item!campaign!variant!slot!strategy` joined by `*`, newest first.
 */
import { isId } from '../schema.ts';
import { isItemId } from '../item-id.ts';
import { STRATEGIES, type Strategy } from './schema.ts';

export const ATTRIBUTION_DAYS = 7;
const MAX_CLICKS = 10;

export interface RecoClick {
  item: string;
  campaign: string;
  variant: string;
  slot: string;
  strategy: Strategy;
}

const isStrategy = (s: string): s is Strategy => (STRATEGIES as readonly string[]).includes(s);

/** The `sw_rc` value of a decision: `campaign.variant.slot` (ids hold no dots). */
export const clickRef = (d: { campaign: string; variant: string; slot: string }): string => `${d.campaign}.${d.variant}.${d.slot}`;

/** The `sw_rc` value: campaign, variant and slot ids, or null when it is not one. */
export function parseClickRef(ref: string | null): { campaign: string; variant: string; slot: string } | null {
  const [campaign, variant, slot, ...rest] = (ref ?? '').split('.');
  return rest.length === 0 && isId(campaign) && isId(variant) && isId(slot) ? { campaign, variant, slot } : null;
}

export function decodeClicks(value: string | null | undefined): RecoClick[] {
  if (typeof value !== 'string' || value.length > 2000 || value === '') return [];
  const clicks: RecoClick[] = [];
  for (const entry of value.split('*').slice(0, MAX_CLICKS)) {
    const [item = '', campaign = '', variant = '', slot = '', strategy = '', ...rest] = entry.split('!');
    if (rest.length || !isItemId(item) || !isId(campaign) || !isId(variant) || !isId(slot) || !isStrategy(strategy)) return [];
    clicks.push({ item, campaign, variant, slot, strategy });
  }
  return clicks;
}

export function encodeClicks(clicks: readonly RecoClick[]): string {
  return clicks
    .slice(0, MAX_CLICKS)
    .map((c) => [c.item, c.campaign, c.variant, c.slot, c.strategy].join('!'))
    .join('*');
}

/** The click first, and earlier clicks on other items after it. */
export const addClick = (clicks: readonly RecoClick[], click: RecoClick): RecoClick[] => [click, ...clicks.filter((c) => c.item !== click.item)].slice(0, MAX_CLICKS);
