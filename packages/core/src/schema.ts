/**
 * The site config: the one definition of Slotwise's model. Types are inferred from these
 * schemas so the Worker, the SDK and the editor can never drift from what is validated.
 */
import * as v from 'valibot';
import { LIST_HASH } from './id-hash.ts';
import { RecommendSchema } from './recommend/schema.ts';

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
export const ID_RULE = 'must be 1-64 letters, digits, "-" or "_", starting with a letter or digit';

/** The id rule of slot names and campaign, variant, audience and list ids, as a predicate. */
export const isId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);

export const IdSchema = v.pipe(v.string(), v.regex(ID_PATTERN, ID_RULE));
const Percent = v.pipe(v.number(), v.minValue(0), v.maxValue(100));
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));
const IsoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp'));

/** URL path patterns: "/" exact, "/shoes/*" prefix, "*" anywhere (see pages.ts). */
export const PagePatternsSchema = v.pipe(v.array(v.pipe(v.string(), v.minLength(1), v.maxLength(200), v.regex(/^(\*|\/)/, 'must start with "/" or be "*"'))), v.maxLength(50));

/** Attributes a variant may set on the slot element itself (an <a> slot's href, an <img> slot's src). */
export const SlotAttrsSchema = v.record(v.picklist(['href', 'src', 'alt', 'title', 'class']), Text(2000));

/**
 * What a variant puts into a slot. `body` may hold profile tokens
 * (`{{profile.topCategory | fallback}}`) in every kind; `html` is sanitized on every write path.
 * `recommendations` is HTML too (sanitized the same way) with one repeated item block filled
 * from the catalog as `recommend` asks (recommend/template.ts).
 */
export const ContentSchema = v.object({
  kind: v.picklist(['html', 'text', 'recommendations']),
  body: Text(20_000),
  attrs: v.optional(SlotAttrsSchema),
  recommend: v.optional(RecommendSchema),
});

/** A condition in the MongoDB-style operator language; its structure is checked by condition-check.ts. */
export const ConditionSchema = v.record(v.string(), v.unknown());

export const SlotSchema = v.object({
  name: IdSchema,
  description: v.optional(Text(500)),
  pages: v.optional(PagePatternsSchema),
});

export const AudienceSchema = v.object({
  id: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  condition: ConditionSchema,
});

export const VariantSchema = v.object({
  id: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  /** Relative traffic weight among variants (any positive scale); equal when all omitted. */
  weight: v.optional(v.pipe(v.number(), v.minValue(0))),
  /** Content per slot name; a slot the campaign targets but this variant omits keeps its default. */
  content: v.record(IdSchema, ContentSchema),
});

export const GoalSchema = v.variant('type', [
  v.object({ type: v.literal('event'), event: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) }),
  v.object({ type: v.literal('page'), path: v.pipe(v.string(), v.minLength(1), v.maxLength(200)) }),
]);

export const CampaignSchema = v.object({
  id: IdSchema,
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  status: v.picklist(['draft', 'live', 'paused']),
  /** 1 is evaluated first; ties are broken by id so the order is always deterministic. */
  priority: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1_000_000)),
  /** Audience id; absent means everyone. */
  audience: v.optional(IdSchema),
  slots: v.pipe(v.array(IdSchema), v.minLength(1), v.maxLength(20)),
  /** Restricts the campaign to these pages, on top of each slot's own pages. */
  pages: v.optional(PagePatternsSchema),
  variants: v.pipe(v.array(VariantSchema), v.minLength(1), v.maxLength(20)),
  /** Share of matching visitors held back as the control group: they keep the default content. */
  holdoutPct: v.optional(Percent, 0),
  schedule: v.optional(v.object({ start: v.optional(IsoDate), end: v.optional(IsoDate) })),
  goal: v.optional(GoalSchema),
  /**
   * How traffic is split among the variants: `fixed` (absent) by their weights; `bandit` shifts it
   * towards the variants converting best (Thompson sampling, bandit.ts). The holdout stays fixed.
   */
  allocation: v.optional(v.picklist(['fixed', 'bandit'])),
  /** At most this many showings per visitor per UTC day and in all (frequency.ts); unlimited when absent. */
  frequencyCap: v.optional(
    v.object({
      perDay: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
      total: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
    }),
  ),
  /** Bucketing seed; defaults to the campaign id. Changing it reshuffles visitors. */
  seed: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
});

export const SiteConfigSchema = v.object({
  schema: v.literal(1),
  /** Monotonic version; each publish increments it. */
  version: v.pipe(v.number(), v.integer(), v.minValue(0)),
  site: v.object({
    id: IdSchema,
    name: v.optional(Text(200)),
    /** `required`: nothing is stored or tracked before consent. `implied`: where the law allows. */
    consent: v.optional(v.picklist(['required', 'implied']), 'required'),
    /** Global holdout: this share of (consenting) visitors sees no personalization at all, to measure the whole programme. */
    holdoutPct: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(50))),
  }),
  slots: v.pipe(v.array(SlotSchema), v.maxLength(200)),
  audiences: v.pipe(v.array(AudienceSchema), v.maxLength(500)),
  savedGroups: v.optional(v.record(IdSchema, v.pipe(v.array(v.union([v.string(), v.number()])), v.maxLength(100_000)))),
  /** How each ID list's entries were hashed (id-hash.ts); a list without one predates keyed hashes and must be uploaded again. */
  savedGroupHashes: v.optional(v.record(IdSchema, v.picklist([LIST_HASH]))),
  campaigns: v.pipe(v.array(CampaignSchema), v.maxLength(2000)),
});

export type Content = v.InferOutput<typeof ContentSchema>;
export type Condition = v.InferOutput<typeof ConditionSchema>;
export type Slot = v.InferOutput<typeof SlotSchema>;
export type Audience = v.InferOutput<typeof AudienceSchema>;
export type Variant = v.InferOutput<typeof VariantSchema>;
export type Goal = v.InferOutput<typeof GoalSchema>;
export type Campaign = v.InferOutput<typeof CampaignSchema>;
export type SiteConfig = v.InferOutput<typeof SiteConfigSchema>;
/** What an author writes: defaults (consent, holdoutPct) may be omitted. */
export type SiteConfigInput = v.InferInput<typeof SiteConfigSchema>;
