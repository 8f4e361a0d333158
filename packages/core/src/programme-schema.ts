/**
 * The programme's rules across campaigns ("air traffic control"): contact budgets shared by every
 * channel, experiment layers whose experiments never share a visitor, and how competing
 * campaigns are ranked. Part of the site config (schema.ts); the rules are budget.ts, layers.ts
 * and arbitration.ts.
 */
import * as v from 'valibot';

const Id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit'));
const Name = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const Percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));

/**
 * At most `limit` promotional messages per customer per day or per week (the last 7 UTC days),
 * counted on every channel or on the web only, for every campaign or one group's.
 */
export const BudgetSchema = v.object({
  id: Id,
  name: v.optional(Name),
  /** At most 30: the device remembers a week of contacts, up to 40 (budget.ts). */
  limit: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(30)),
  per: v.picklist(['day', 'week']),
  /** `all` (absent): web slots, the Decide API's channels and reported exposures draw from it; `web`: web slots only. */
  channels: v.optional(v.picklist(['all', 'web']), 'all'),
  /** Only campaigns of this group count and are limited; every promotional campaign when absent. */
  group: v.optional(Id),
});

/** A layer: the experiments placed in it never share a visitor (each takes its own share of the layer). */
export const LayerSchema = v.object({ id: Id, name: Name });

/** A campaign's place in a layer: visitors whose layer hash falls in [start, end) percent. */
export const CampaignLayerSchema = v.object({ id: Id, start: Percent, end: Percent });

/** `priority` (default): the first eligible campaign by priority wins a slot; `value`: the highest expected value does. */
export const ArbitrationSchema = v.picklist(['priority', 'value']);

export type Budget = v.InferOutput<typeof BudgetSchema>;
export type Layer = v.InferOutput<typeof LayerSchema>;
export type CampaignLayer = v.InferOutput<typeof CampaignLayerSchema>;
export type Arbitration = v.InferOutput<typeof ArbitrationSchema>;
