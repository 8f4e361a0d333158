/**
 * The changes a marketer makes to the draft, each a pure step from one config to the next,
 * applied through edit() (store/draft.ts) (validated at once, saved shortly after).
 */
import type { SiteConfigInput } from '@slotwise/core';
import { draft, edit } from './draft.ts';
import { idFrom } from './ids.ts';

export type CampaignInput = SiteConfigInput['campaigns'][number];
export type VariantInput = CampaignInput['variants'][number];
export type AudienceInput = SiteConfigInput['audiences'][number];
export type ContentInput = VariantInput['content'][string];

export function updateCampaign(id: string, change: (c: CampaignInput) => CampaignInput): void {
  edit((config) => ({ ...config, campaigns: config.campaigns.map((c) => (c.id === id ? change(c) : c)) }));
}

export function updateVariant(campaignId: string, variantId: string, change: (v: VariantInput) => VariantInput): void {
  updateCampaign(campaignId, (c) => ({ ...c, variants: c.variants.map((v) => (v.id === variantId ? change(v) : v)) }));
}

export function setVariantContent(campaignId: string, variantId: string, slot: string, content: ContentInput | null): void {
  updateVariant(campaignId, variantId, (v) => {
    const next = { ...v.content };
    if (content) next[slot] = content;
    else delete next[slot];
    return { ...v, content: next };
  });
}

const letter = (n: number) => String.fromCharCode(65 + (n % 26));

/** A new campaign on a slot, as a draft with one variant starting from the slot's default. */
export function addCampaign(slot: string, defaultHtml: string): string {
  const config = draft.value!;
  const name = `New ${slot} campaign`;
  const id = idFrom(
    name,
    config.campaigns.map((c) => c.id),
  );
  ensureSlot(slot);
  edit((c) => ({ ...c, campaigns: [...c.campaigns, draftCampaign(c, id, name, slot, { kind: 'html', body: defaultHtml.trim() || 'Your message here' })] }));
  return id;
}

/** A draft campaign on one slot whose one variant holds `content`: a 10% control group and purchases as its goal. */
function draftCampaign(config: SiteConfigInput, id: string, name: string, slot: string, content: ContentInput): CampaignInput {
  return {
    id,
    name,
    status: 'draft',
    priority: nextPriority(config),
    slots: [slot],
    variants: [{ id: 'a', name: 'Variant A', content: { [slot]: content } }],
    holdoutPct: 10,
    goal: { type: 'event', event: 'purchase' },
  };
}

export function duplicateCampaign(id: string): string | null {
  const config = draft.value!;
  const source = config.campaigns.find((c) => c.id === id);
  if (!source) return null;
  const copyId = idFrom(
    `${source.id}-copy`,
    config.campaigns.map((c) => c.id),
  );
  edit((c) => ({ ...c, campaigns: [...c.campaigns, { ...structuredClone(source), id: copyId, name: `${source.name} (copy)`, status: 'draft', priority: nextPriority(c) }] }));
  return copyId;
}

export function removeCampaign(id: string): void {
  edit((c) => ({ ...c, campaigns: c.campaigns.filter((x) => x.id !== id) }));
}

export function addVariant(campaignId: string): void {
  updateCampaign(campaignId, (c) => {
    const ids = c.variants.map((v) => v.id);
    const n = c.variants.length;
    const id = idFrom(letter(n).toLowerCase(), ids);
    const from = c.variants[n - 1];
    return { ...c, variants: [...c.variants, { id, name: `Variant ${letter(n)}`, content: structuredClone(from?.content ?? {}) }] };
  });
}

export function removeVariant(campaignId: string, variantId: string): void {
  updateCampaign(campaignId, (c) => ({ ...c, variants: c.variants.filter((v) => v.id !== variantId) }));
}

/** Sets priorities 1…n in the given order of campaign ids (drag to reorder). */
export function reorderCampaigns(order: string[]): void {
  edit((c) => ({ ...c, campaigns: c.campaigns.map((x) => ({ ...x, priority: order.indexOf(x.id) + 1 || x.priority })) }));
}

export function addAudience(name: string, condition: Record<string, unknown> = {}): string {
  const id = idFrom(
    name,
    draft.value!.audiences.map((a) => a.id),
  );
  edit((c) => ({ ...c, audiences: [...c.audiences, { id, name, condition }] }));
  return id;
}

export function updateAudience(id: string, change: (a: AudienceInput) => AudienceInput): void {
  edit((c) => ({ ...c, audiences: c.audiences.map((a) => (a.id === id ? change(a) : a)) }));
}

export function removeAudience(id: string): void {
  edit((c) => ({ ...c, audiences: c.audiences.filter((a) => a.id !== id) }));
}

/** A slot found on the site but not yet in the config is added, limited to nothing (any page). */
export function ensureSlot(name: string): void {
  if (draft.value!.slots.some((s) => s.name === name)) return;
  edit((c) => ({ ...c, slots: [...c.slots, { name }] }));
}

function nextPriority(config: SiteConfigInput): number {
  return Math.max(0, ...config.campaigns.map((c) => c.priority)) + 1;
}

export type SlotInput = SiteConfigInput['slots'][number];

export function updateSlot(name: string, change: (s: SlotInput) => SlotInput): void {
  edit((c) => ({ ...c, slots: c.slots.map((s) => (s.name === name ? change(s) : s)) }));
}

/** A name for an element slot a marketer picked: where (the pattern's first part) and what (its first class, else its tag). */
function elementSlotName(element: { tag: string; classes: string[] }, pages: string[], taken: string[]): string {
  const where = (pages[0] ?? '').split('/').find((part) => part && part !== '*') ?? 'page';
  const what = element.classes.find((c) => /^[a-z][a-z-]{2,}$/i.test(c)) ?? element.tag;
  return idFrom(`${where} ${what}`, taken);
}

export interface NewElementCampaign {
  element: { tag: string; text: string; classes: string[] };
  selector: string;
  match: 'one' | 'all';
  pages: string[];
  content: ContentInput;
}

/**
 * An element slot (the picked element's selector and the pages it applies to; the same slot
 * again when one already has both) and a draft campaign on it whose one variant holds the change.
 */
export function addElementCampaign({ element, selector, match, pages, content }: NewElementCampaign): string {
  const config = draft.value!;
  const same = config.slots.find((s) => s.selector === selector && (s.match ?? 'one') === match && JSON.stringify(s.pages ?? []) === JSON.stringify(pages));
  const slot =
    same?.name ??
    elementSlotName(
      element,
      pages,
      config.slots.map((s) => s.name),
    );
  const label = element.text.replace(/\s+/g, ' ').trim().slice(0, 40) || element.tag;
  const name = `Change “${label}”`;
  const id = idFrom(
    `${slot} change`,
    config.campaigns.map((c) => c.id),
  );
  edit((c) => ({
    ...c,
    slots: same ? c.slots : [...c.slots, { name: slot, selector, ...(match === 'all' ? { match } : {}), pages }],
    campaigns: [...c.campaigns, draftCampaign(c, id, name, slot, content)],
  }));
  return id;
}
