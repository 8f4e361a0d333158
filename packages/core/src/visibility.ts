/**
 * Why no visitor can see a campaign right now, in words a marketer reads, each with the fix the
 * editor offers in one click. Pure: the editor passes what it knows (the time, the preview
 * visitors, the pages it has seen in the frame, this browser's frequency counts) and shows the
 * reasons on the campaign's card, in the slot panel and in the publish dialog.
 */
import type { AttributeValues } from './attributes.ts';
import { evalCondition } from './condition.ts';
import { type FrequencyCounts, shownCount } from './frequency.ts';
import { compilePages } from './pages.ts';
import type { SiteConfigInput } from './schema.ts';

type CampaignInput = SiteConfigInput['campaigns'][number];

export type HiddenCode = 'draft' | 'paused' | 'not-started' | 'ended' | 'no-page' | 'slots-missing' | 'shadowed' | 'audience-matches-no-one' | 'capped';

export interface HiddenReason {
  code: HiddenCode;
  /** One sentence, e.g. "its status is Draft". */
  text: string;
  /**
   * True when no visitor at all can see it for this reason; false for what only the editor's
   * samples show (no preview visitor matches its audience; this browser reached its cap).
   */
  certain: boolean;
  /** The one-click fix the editor offers, when there is one. */
  fix?: { label: string; action: 'make-live' | 'start-now' | 'clear-end' | 'edit-audience' | 'edit-pages' | 'move-first' };
}

export interface VisibilityInput {
  /** Epoch ms. */
  now: number;
  /** Visitors to try the audience on (the preview presets), as attribute objects. */
  presets?: readonly { label: string; attributes: AttributeValues }[];
  /** Pages the editor has seen, with the slots each really has. */
  seenPages?: readonly { path: string; slots: readonly string[] }[];
  /** How often this browser was shown capped campaigns (the `sw_f` cookie). */
  frequency?: FrequencyCounts;
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** A concrete path a page pattern stands for ("/shoes/*" → "/shoes", "*" → "/"). */
const exampleOf = (pattern: string) => (pattern === '*' ? '/' : pattern.replace(/\/\*$/, '') || '/').replace(/\*/g, 'x');

/**
 * The reasons no visitor sees `campaign` (empty when some visitor can). A campaign whose status
 * is not Live gets that reason first; the others say what would still stop it once live.
 */
export function whyHidden(config: SiteConfigInput, campaign: CampaignInput, input: VisibilityInput): HiddenReason[] {
  const reasons: HiddenReason[] = [];
  if (campaign.status === 'draft') reasons.push({ code: 'draft', text: 'its status is Draft', certain: true, fix: { label: 'Make it live', action: 'make-live' } });
  if (campaign.status === 'paused') reasons.push({ code: 'paused', text: 'it is paused', certain: true, fix: { label: 'Make it live', action: 'make-live' } });

  const start = campaign.schedule?.start ? Date.parse(campaign.schedule.start) : Number.NEGATIVE_INFINITY;
  const end = campaign.schedule?.end ? Date.parse(campaign.schedule.end) : Number.POSITIVE_INFINITY;
  if (input.now >= end)
    reasons.push({ code: 'ended', text: `its schedule ended on ${day(campaign.schedule!.end!)} UTC`, certain: true, fix: { label: 'Remove the end date', action: 'clear-end' } });
  else if (input.now < start)
    reasons.push({
      code: 'not-started',
      text: `it is scheduled to start on ${day(campaign.schedule!.start!)} UTC`,
      certain: true,
      fix: { label: 'Start now', action: 'start-now' },
    });

  // Pages where both one of its slots and the campaign itself may show.
  const campaignPages = compilePages(campaign.pages);
  const slotPatterns = campaign.slots.map((name) => config.slots.find((s) => s.name === name)?.pages);
  const candidates = [...(campaign.pages ?? []), ...slotPatterns.flatMap((p) => p ?? []), '/'].map(exampleOf);
  const reachable = candidates.some((path) => campaignPages(path) && slotPatterns.some((p) => compilePages(p)(path)));
  if (!reachable) {
    reasons.push({ code: 'no-page', text: 'none of its pages is a page its slots are on', certain: true, fix: { label: 'Edit its pages', action: 'edit-pages' } });
  } else if (input.seenPages?.length) {
    // Pages the editor has opened where the campaign may show: if none has any of its slots, the edge has nothing to replace there.
    const relevant = input.seenPages.filter((p) => campaignPages(p.path) && campaign.slots.some((_s, i) => compilePages(slotPatterns[i])(p.path)));
    if (relevant.length > 0 && relevant.every((p) => !campaign.slots.some((s) => p.slots.includes(s)))) {
      const where = relevant
        .slice(0, 3)
        .map((p) => p.path)
        .join(', ');
      reasons.push({
        code: 'slots-missing',
        text: `its slot${campaign.slots.length > 1 ? 's are' : ' is'} missing on its pages (${where})`,
        certain: true,
        fix: { label: 'Edit its pages', action: 'edit-pages' },
      });
    }
  }

  // A campaign shows only when all its slots on the page are free: one that comes first, for
  // everyone, everywhere, always, on all of them leaves it nothing (its control group included).
  const first = config.campaigns.find(
    (x) =>
      x.id !== campaign.id &&
      comesBefore(x, campaign) &&
      x.status === 'live' &&
      x.audience === undefined &&
      x.pages === undefined &&
      x.frequencyCap === undefined &&
      runningAt(x, input.now) &&
      campaign.slots.every((s) => x.slots.includes(s)),
  );
  if (first) {
    reasons.push({
      code: 'shadowed',
      text: `“${first.name}” comes first on ${campaign.slots.join(', ')} for every visitor`,
      certain: true,
      fix: { label: 'Put it first', action: 'move-first' },
    });
  }

  const audience = campaign.audience === undefined ? undefined : config.audiences.find((a) => a.id === campaign.audience);
  if (audience && input.presets?.length) {
    const groups = config.savedGroups ?? {};
    const anyone = input.presets.some((p) => {
      try {
        return evalCondition(p.attributes, audience.condition, groups);
      } catch {
        return true; // a rule core cannot evaluate is reported by validation, not here
      }
    });
    if (!anyone)
      reasons.push({
        code: 'audience-matches-no-one',
        text: `its audience “${audience.name}” matches none of the preview visitors`,
        certain: false,
        fix: { label: 'Edit the audience', action: 'edit-audience' },
      });
  }

  const cap = campaign.frequencyCap;
  if (cap && input.frequency) {
    const shown = shownCount(input.frequency, campaign.id, input.now);
    if ((cap.perDay !== undefined && shown.today >= cap.perDay) || (cap.total !== undefined && shown.total >= cap.total)) {
      reasons.push({ code: 'capped', text: 'its frequency cap is reached in this browser', certain: false });
    }
  }
  return reasons;
}

/** Priority order, as the engine evaluates it: 1 first, ties by id. */
const comesBefore = (a: CampaignInput, b: CampaignInput) => a.priority < b.priority || (a.priority === b.priority && a.id < b.id);

function runningAt(c: CampaignInput, now: number): boolean {
  const start = c.schedule?.start ? Date.parse(c.schedule.start) : Number.NEGATIVE_INFINITY;
  const end = c.schedule?.end ? Date.parse(c.schedule.end) : Number.POSITIVE_INFINITY;
  return now >= start && now < end;
}

/** Whether no visitor at all sees it (a certain reason), not merely none of the samples. */
export const seenByNobody = (reasons: readonly HiddenReason[]): boolean => reasons.some((r) => r.certain);
