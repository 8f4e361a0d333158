/**
 * Validates a site config: shape (schema.ts) first, then the references and rules a schema
 * cannot express. Every error names the field it is about.
 */
import * as v from 'valibot';
import { checkCondition } from './condition-check.ts';
import { describeIssue, formatPath } from './issue-path.ts';
import { layerOverlaps } from './layers.ts';
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
    if (slot.selector !== undefined && (slot.pages === undefined || slot.pages.length === 0)) {
      errors.push(`slots[${i}].pages: an element slot (with a selector) needs the pages it applies to, e.g. ["/p/*"]`);
    }
    if (slot.selector === undefined && slot.match !== undefined) errors.push(`slots[${i}].match: only an element slot (with a selector) has a match`);
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
  errors.push(...checkProgramme(config));
  return errors.slice(0, 50);
}

/** Budgets, layers and their references: ids unique, layers known, a layer's slices never overlapping. */
function checkProgramme(config: SiteConfig): string[] {
  const errors: string[] = [];
  const budgetIds = new Set<string>();
  (config.budgets ?? []).forEach((b, i) => {
    if (budgetIds.has(b.id)) errors.push(`budgets[${i}].id: duplicate budget "${b.id}"`);
    budgetIds.add(b.id);
  });
  const layers = new Map<string, string>();
  (config.layers ?? []).forEach((l, i) => {
    if (layers.has(l.id)) errors.push(`layers[${i}].id: duplicate layer "${l.id}"`);
    layers.set(l.id, l.name);
  });
  const placed = config.campaigns.map((c) => (c.layer && c.status !== 'paused' ? { name: c.name, layer: c.layer } : null));
  config.campaigns.forEach((c, i) => {
    if (!c.layer) return;
    const at = formatPath(['campaigns', i, 'layer']);
    if (!layers.has(c.layer.id)) errors.push(`${at}.id: unknown layer "${c.layer.id}"`);
    if (c.layer.start >= c.layer.end) errors.push(`${at}.end: must be above layer.start (its share of the layer is ${c.layer.start}–${c.layer.end}%)`);
  });
  for (const [i, j] of layerOverlaps(placed)) {
    const a = placed[i]!;
    const b = placed[j]!;
    errors.push(
      `${formatPath(['campaigns', i, 'layer'])}: its share ${a.layer.start}–${a.layer.end}% of layer "${layers.get(a.layer.id) ?? a.layer.id}" overlaps "${b.name}" (${b.layer.start}–${b.layer.end}%); experiments of one layer never share a visitor, so their shares must not overlap`,
    );
  }
  return errors;
}
