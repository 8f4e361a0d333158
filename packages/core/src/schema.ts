/**
 * The site config: the one definition of Slotwise's model. Types are inferred from these
 * schemas so the Worker, the SDK and the editor can never drift from what is validated.
 */
import * as v from 'valibot';
import { CLASS_TOKENS, STYLE_PROPERTIES, type StyleProperty, checkStyleValue } from './element-style.ts';
import { LIST_HASH } from './id-hash.ts';
import { ArbitrationSchema, BudgetSchema, CampaignLayerSchema, LayerSchema } from './programme-schema.ts';
import { MAX_SELECTOR_LENGTH, checkSelector } from './selector.ts';
import { MAX_EVENT_SHARDS } from './shard.ts';
import { METRIC_KINDS, METRIC_ROLES } from './stats-metric-types.ts';
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
export const SlotAttrsSchema = v.record(v.picklist(['href', 'src', 'srcset', 'alt', 'title', 'class']), Text(2000));

/** Styles a variant may set on the element (element-style.ts): a few properties, safe values only. */
export const SlotStyleSchema = v.pipe(
  v.record(v.picklist(STYLE_PROPERTIES), Text(60)),
  v.check(
    (style) => styleProblem(style) === null,
    (issue) => styleProblem(issue.input as Record<string, string>) ?? 'unsupported style',
  ),
);

function styleProblem(style: Record<string, string>): string | null {
  for (const [property, value] of Object.entries(style)) {
    const problem = checkStyleValue(property as StyleProperty, value);
    if (problem) return `${property}: ${problem}`;
  }
  return null;
}

/**
 * What a variant puts into a slot. `body` may hold profile tokens
 * (`{{profile.topCategory | fallback}}`) in every kind; HTML bodies are sanitized on every write path.
 * - `html`, `text`: replace the element's inner content.
 * - `keep`: inner content untouched; only attrs, style and addClass apply.
 * - `hide`: the element is hidden (display: none).
 * - `before`, `after`: `body` (HTML) is inserted before / after the element, which stays as it is.
 * - `recommendations`: HTML too (sanitized the same way) with one repeated item block filled
 *   from the catalog as `recommend` asks (recommend/template.ts).
 */
export const ContentSchema = v.object({
  kind: v.picklist(['html', 'text', 'keep', 'hide', 'before', 'after', 'recommendations']),
  body: Text(20_000),
  attrs: v.optional(SlotAttrsSchema),
  style: v.optional(SlotStyleSchema),
  /** Class names (space-separated) added to the element, e.g. one from the site's own stylesheet. */
  addClass: v.optional(v.pipe(v.string(), v.maxLength(500), v.regex(CLASS_TOKENS, 'must be class names separated by spaces'))),
  recommend: v.optional(RecommendSchema),
});

/** A condition in the MongoDB-style operator language; its structure is checked by condition-check.ts. */
export const ConditionSchema = v.record(v.string(), v.unknown());

/** A CSS selector in the subset the edge and browsers agree on (selector.ts). */
export const SelectorSchema = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(MAX_SELECTOR_LENGTH),
  v.check(
    (selector) => checkSelector(selector) === null,
    (issue) => checkSelector(String(issue.input)) ?? 'unsupported selector',
  ),
);

/**
 * A slot is declared in the page (`data-slot="name"`), or — an element slot — defined here by a
 * `selector` on the pages its `pages` pattern matches (config.ts requires `pages` then).
 */
export const SlotSchema = v.object({
  name: IdSchema,
  description: v.optional(Text(500)),
  pages: v.optional(PagePatternsSchema),
  selector: v.optional(SelectorSchema),
  /** `one` (default): only the first element the selector matches; `all`: every one. */
  match: v.optional(v.picklist(['one', 'all'])),
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

/** A campaign's metrics (issue 21; metrics.ts): one primary, secondary ones, guardrails; the kinds the statistics know. */

const EventName = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be an event name: lower_snake_case, at most 40 characters'));

export const MetricSchema = v.object({
  id: IdSchema,
  role: v.picklist(METRIC_ROLES),
  /**
   * conversion: share of visitors with the event; revenue-per-visitor: the events' `value` per
   * visitor; aov: `value` per event (a ratio); page-visit: share of visitors who reached `path`;
   * lcp/cls/inp: the page experience the SDK measured, averaged over each visitor's page views.
   */
  kind: v.picklist(METRIC_KINDS),
  /** The event counted by conversion, revenue and aov (revenue and aov default to `purchase`). */
  event: v.optional(EventName),
  /** The page a page metric counts (as a page goal's path). */
  path: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
  /** Guardrails only: pause the campaign when this metric is worse with confidence. */
  autoPause: v.optional(v.boolean()),
  /** Revenue per visitor: visitors' revenue above this percentile of buyers' counts as that value (outliers). */
  capPercentile: v.optional(v.pipe(v.number(), v.minValue(50), v.maxValue(100))),
});

export const MetricsSchema = v.pipe(
  v.array(MetricSchema),
  v.maxLength(20),
  v.check((list) => list.filter((m) => m.role === 'primary').length <= 1, 'at most one primary metric'),
  v.check((list) => new Set(list.map((m) => m.id)).size === list.length, 'metric ids must be unique'),
  v.check((list) => list.every((m) => m.kind !== 'conversion' || m.event), 'a conversion metric needs its event'),
  v.check((list) => list.every((m) => m.kind !== 'page-visit' || m.path), 'a page metric needs its path'),
);

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
  /** Primary, secondary and guardrail metrics; without a primary, `goal` is the primary (metrics.ts). */
  metrics: v.optional(MetricsSchema),
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
  /** `promotional` (absent) counts against contact budgets; `service` (an order update) never counts and is never blocked. */
  purpose: v.optional(v.picklist(['promotional', 'service'])),
  /** The campaign group (a product line, a team) a budget may be limited to. */
  group: v.optional(IdSchema),
  /** The experiment layer and the share of it this campaign takes (programme-schema.ts). */
  layer: v.optional(CampaignLayerSchema),
  /** What one conversion of its goal is worth (site currency): value arbitration ranks by rate × value. */
  value: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(1_000_000))),
  /** Under value arbitration, still ranked first, by priority (an override). */
  override: v.optional(v.boolean()),
});

/**
 * Event storage: how many event stores the site's visitors are spread over (shard.ts), how many
 * days raw events are kept, and whether they are exported. 120 days is the floor: collect accepts events 90 days late and
 * attributes them over the 30 days before, so a younger event may still be needed for counting.
 */
export const MeasurementSchema = v.object({
  shards: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_EVENT_SHARDS))),
  retentionDays: v.optional(v.pipe(v.number(), v.integer(), v.minValue(120), v.maxValue(3650))),
  /** Raw events are written to R2 as files a warehouse reads; an event older than retentionDays then goes only once exported. */
  export: v.optional(v.boolean()),
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
    /** How the site's events are stored and kept (docs/measurement.md); omitted, one store and 180 days. */
    measurement: v.optional(MeasurementSchema),
  }),
  slots: v.pipe(v.array(SlotSchema), v.maxLength(200)),
  audiences: v.pipe(v.array(AudienceSchema), v.maxLength(500)),
  savedGroups: v.optional(v.record(IdSchema, v.pipe(v.array(v.union([v.string(), v.number()])), v.maxLength(100_000)))),
  /** How each ID list's entries were hashed (id-hash.ts); a list without one predates keyed hashes and must be uploaded again. */
  savedGroupHashes: v.optional(v.record(IdSchema, v.picklist([LIST_HASH]))),
  campaigns: v.pipe(v.array(CampaignSchema), v.maxLength(2000)),
  /** Contact budgets per customer across campaigns and channels (budget.ts). */
  budgets: v.optional(v.pipe(v.array(BudgetSchema), v.maxLength(20))),
  /** Experiment layers (layers.ts). */
  layers: v.optional(v.pipe(v.array(LayerSchema), v.maxLength(50))),
  /** How campaigns competing for a slot or a budget are ranked (arbitration.ts). */
  arbitration: v.optional(ArbitrationSchema),
});

export type Content = v.InferOutput<typeof ContentSchema>;
export type Condition = v.InferOutput<typeof ConditionSchema>;
export type Slot = v.InferOutput<typeof SlotSchema>;
export type Audience = v.InferOutput<typeof AudienceSchema>;
export type Variant = v.InferOutput<typeof VariantSchema>;
export type Goal = v.InferOutput<typeof GoalSchema>;
export type Metric = v.InferOutput<typeof MetricSchema>;
export type Campaign = v.InferOutput<typeof CampaignSchema>;
export type SiteConfig = v.InferOutput<typeof SiteConfigSchema>;
/** What an author writes: defaults (consent, holdoutPct) may be omitted. */
export type SiteConfigInput = v.InferInput<typeof SiteConfigSchema>;
