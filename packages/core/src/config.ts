/**
 * Validates a site config: shape (schema.ts) first, then the references and rules a schema
 * cannot express. Every error names the field it is about.
 */
import * as v from 'valibot';
import { checkCondition } from './condition-check.ts';
import { describeIssue, formatPath } from './issue-path.ts';
import { recommendationProblems } from './recommend/check.ts';
import { type SiteConfig, SiteConfigSchema } from './schema.ts';

/** The id results use for the global holdout: personalized visitors against held-out ones. */
export const PROGRAMME_CAMPAIGN = 'sw-programme';

export type ConfigResult = { ok: true; config: SiteConfig } | { ok: false; errors: string[] };

export function parseSiteConfig(input: unknown): ConfigResult {
  const parsed = v.safeParse(SiteConfigSchema, input);
  if (!parsed.success) {
    return { ok: false, errors: parsed.issues.slice(0, 50).map((issue) => describeIssue(issue)) };
  }
  const errors = checkReferences(parsed.output);
  return errors.length ? { ok: false, errors } : { ok: true, config: parsed.output };
}

function checkReferences(config: SiteConfig): string[] {
  const errors: string[] = [];
  const slotNames = new Set<string>();
  config.slots.forEach((slot, i) => {
    if (slotNames.has(slot.name)) errors.push(`slots[${i}].name: duplicate slot "${slot.name}"`);
    slotNames.add(slot.name);
  });
  const audienceIds = new Set<string>();
  config.audiences.forEach((audience, i) => {
    if (audienceIds.has(audience.id)) errors.push(`audiences[${i}].id: duplicate audience "${audience.id}"`);
    audienceIds.add(audience.id);
    errors.push(...checkCondition(audience.condition, ['audiences', i, 'condition']));
  });
  const campaignIds = new Set<string>();
  config.campaigns.forEach((campaign, i) => {
    const at = (...rest: (string | number)[]) => formatPath(['campaigns', i, ...rest]);
    if (campaignIds.has(campaign.id)) errors.push(`${at('id')}: duplicate campaign "${campaign.id}"`);
    if (campaign.id === PROGRAMME_CAMPAIGN) errors.push(`${at('id')}: "${PROGRAMME_CAMPAIGN}" is reserved for the global holdout's results`);
    campaignIds.add(campaign.id);
    if (campaign.audience !== undefined && !audienceIds.has(campaign.audience)) {
      errors.push(`${at('audience')}: unknown audience "${campaign.audience}"`);
    }
    campaign.slots.forEach((name, j) => {
      if (!slotNames.has(name)) errors.push(`${at('slots', j)}: unknown slot "${name}"`);
    });
    const variantIds = new Set<string>();
    campaign.variants.forEach((variant, j) => {
      if (variant.id === 'control') errors.push(`${at('variants', j, 'id')}: "control" is reserved for the control group`);
      if (variantIds.has(variant.id)) errors.push(`${at('variants', j, 'id')}: duplicate variant "${variant.id}"`);
      variantIds.add(variant.id);
      for (const [slot, content] of Object.entries(variant.content)) {
        if (!campaign.slots.includes(slot)) {
          errors.push(`${at('variants', j, 'content', slot)}: slot "${slot}" is not one of the campaign's slots`);
        }
        for (const [field, problem] of recommendationProblems(content)) errors.push(`${at('variants', j, 'content', slot, ...field)}: ${problem}`);
      }
    });
    const { start, end } = campaign.schedule ?? {};
    if (start && end && Date.parse(start) >= Date.parse(end)) {
      errors.push(`${at('schedule', 'end')}: must be after schedule.start`);
    }
    if (campaign.holdoutPct >= 100) errors.push(`${at('holdoutPct')}: must be below 100, or nobody sees a variant`);
    if (campaign.variants.every((variant) => variant.weight === 0)) {
      errors.push(`${at('variants')}: at least one variant needs a weight above 0`);
    }
  });
  return errors.slice(0, 50);
}
