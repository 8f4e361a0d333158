/**
 * Where the marketer is: the tab, what is open in it (a campaign, an audience, a campaign's
 * results), the selected slot, and the page and width the site frame shows.
 */
import { signal } from '@preact/signals';

export type View = 'site' | 'campaigns' | 'audiences' | 'programme' | 'products' | 'results' | 'versions' | 'team';
/** Frame widths a marketer checks a page at: the site's own breakpoints decide the rest. */
export type Device = 'desktop' | 'tablet' | 'phone';

export const view = signal<View>('site');
export const selectedSlot = signal<string | null>(null);
/** The campaign open in the campaign editor (by id), or null for the list. */
export const openCampaign = signal<string | null>(null);
/** The variant tab open in the campaign editor (the frame shows it). */
export const activeVariant = signal<string | null>(null);
export const openAudience = signal<string | null>(null);
/** The campaign whose results are open, or null for the overview. */
export const openResults = signal<string | null>(null);
/** The path the frame was last sent to; the frame's own navigation updates `page` instead. */
export const framePath = signal('/');
export const device = signal<Device>('desktop');
/** What a click in the frame does: pick the element (the default), or browse the site. */
export const frameMode = signal<'pick' | 'browse'>('pick');

export const showView = (next: View): void => void (view.value = next);
export const selectSlot = (slot: string | null): void => void (selectedSlot.value = slot);
/** Opens a campaign in the site screen's side panel (null: back to the slot). */
export const editCampaign = (id: string | null): void => void (openCampaign.value = id);
export const chooseVariant = (id: string | null): void => void (activeVariant.value = id);
export const editAudience = (id: string | null): void => void (openAudience.value = id);
export const showResults = (campaignId: string | null): void => void (openResults.value = campaignId);
export const goToPath = (path: string): void => void (framePath.value = path);
export const setDevice = (next: Device): void => void (device.value = next);
export const chooseFrameMode = (next: 'pick' | 'browse'): void => void (frameMode.value = next);

/** A campaign in the site screen: its first concrete page in the frame, its slot selected, the campaign open. */
export function openCampaignOnSite(campaignId: string, slot: string | null, page: string | null): void {
  if (page) framePath.value = page;
  selectedSlot.value = slot;
  openCampaign.value = campaignId;
  view.value = 'site';
}
