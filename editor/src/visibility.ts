/**
 * "Can any visitor see this campaign?" for the editor's screens: core's whyHidden with what the
 * editor knows — the preview visitors, the pages the frame has shown, this browser's frequency
 * cookie — and the one-click fixes it offers.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { type HiddenReason, seenByNobody, whyHidden } from '@slotwise/core/decide';
import { decodeFrequency, readCookie } from '@slotwise/core/protocol';
import { type CampaignInput, reorderCampaigns, updateCampaign } from './store/draft-ops.ts';
import { presetVisitors, previewAttributes } from './preview.ts';
import { draft } from './store/draft.ts';
import { seenPages } from './store/frame-page.ts';
import { editCampaign, showView } from './store/navigation.ts';

export type { HiddenReason };

/** Why no visitor sees `campaign` of `config` (empty when someone does). */
export function hiddenReasons(config: SiteConfigInput, campaign: CampaignInput): HiddenReason[] {
  const path = campaign.pages?.find((p) => p.startsWith('/') && !p.includes('*')) ?? '/';
  const presets = presetVisitors().map((v) => ({ label: v.label, attributes: previewAttributes(v, path) }));
  // An element slot is not marked in the page, so the frame does not list it: whether its
  // element is there is for the template's reach and the selector health to say, not this check.
  const elementSlots = config.slots.filter((s) => s.selector).map((s) => s.name);
  return whyHidden(config, campaign, {
    now: Date.now(),
    presets,
    seenPages: seenPages.value.map((p) => ({ ...p, slots: [...p.slots, ...elementSlots] })),
    frequency: decodeFrequency(readCookie(document.cookie, 'sw_f')),
  });
}

/** True when no visitor at all can see it (not merely none of the preview visitors). */
export const hiddenFromAll = (config: SiteConfigInput, campaign: CampaignInput): boolean => seenByNobody(hiddenReasons(config, campaign));

/** The first words of the sentence for a campaign no visitor sees. */
export function hiddenLead(campaign: CampaignInput): string {
  return campaign.status === 'draft' ? 'stays a draft' : campaign.status === 'paused' ? 'stays paused' : 'no visitor will see it';
}

/** Applies a reason's fix: a change to the draft, or opening the campaign where the fix is made. */
export function applyFix(campaignId: string, action: NonNullable<HiddenReason['fix']>['action']): void {
  if (action === 'make-live') updateCampaign(campaignId, (c) => ({ ...c, status: 'live' }));
  else if (action === 'start-now') updateCampaign(campaignId, (c) => withSchedule(c, 'start'));
  else if (action === 'clear-end') updateCampaign(campaignId, (c) => withSchedule(c, 'end'));
  else if (action === 'move-first') {
    const ordered = [...(draft.value?.campaigns ?? [])].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    reorderCampaigns([campaignId, ...ordered.filter((id) => id !== campaignId)]);
  } else {
    editCampaign(campaignId);
    showView('site');
  }
}

function withSchedule(c: CampaignInput, drop: 'start' | 'end'): CampaignInput {
  const { schedule, ...rest } = c;
  const { [drop]: _, ...kept } = schedule ?? {};
  return Object.keys(kept).length ? { ...rest, schedule: kept } : rest;
}
