/**
 * @slotwise/core — the one place where Slotwise decides. Isomorphic: Node, workerd, browsers.
 *
 * This root is the model: the site config's schema (the types are inferred from it), its
 * parsing and the paths of its errors. The rest is imported from the subpath that holds it:
 *   @slotwise/core/decide    compile a config, build context and attributes, decide, render
 *   @slotwise/core/profile   profile state and folding, segments, the profile cookie
 *   @slotwise/core/stats     campaign results, verdicts, bandit weights
 *   @slotwise/core/protocol  cookie names and codecs, consent, events, frequency, the SDK tag,
 *                            Admin API shapes and roles, edit-mode messages
 *   @slotwise/core/identity  signed user ids, ID-list hashes, the HMAC key cache
 *   @slotwise/core/recommend catalog parsing, the recommendation template, the strategies
 *   @slotwise/core/sanitize  the HTML policy, URL checks, where template tokens may stand
 *   @slotwise/core/re2       the linear-time regex engine, for `useRe2` (kept out of bundles that do not need it)
 * Everything else is internal: core's tests import the source files directly.
 */
export * from './schema.ts';
export { BudgetSchema, LayerSchema, CampaignLayerSchema, type Budget, type Layer, type CampaignLayer, type Arbitration } from './programme-schema.ts';
export { CatalogItemSchema, ItemIdSchema, ITEM_ID_RULE, AVAILABILITY, type CatalogItem, type CatalogItemInput, type Availability } from './catalog.ts';
export {
  STRATEGIES,
  RecommendSchema,
  ItemFiltersSchema,
  ItemRulesSchema,
  ItemMatchSchema,
  type Strategy,
  type Recommend,
  type ItemFilters,
  type ItemRules,
  type ItemMatch,
} from './recommend/schema.ts';
export { parseSiteConfig, PROGRAMME_CAMPAIGN, type ConfigResult } from './config.ts';
export { describeIssue } from './issue-path.ts';
export {
  diffConfigs,
  mergeConfigs,
  attributeChanges,
  labelChange,
  describeValue,
  setAt,
  type DiffStep,
  type DiffPath,
  type FieldChange,
  type MergeConflict,
  type ChangeLabel,
  type DraftRevision,
  type DraftChange,
  type DraftChanges,
} from './config-diff.ts';
export { experimentCollisions, audiencesMayOverlap, type Collision } from './collisions.ts';
export { checkSelector, MAX_SELECTOR_LENGTH } from './selector.ts';
export { generateSelector, looksGenerated, type SelectorElement, type SelectorRoot } from './selector-generate.ts';
export { proposePagePattern } from './page-pattern.ts';
export { STYLE_PROPERTIES, checkStyleValue, type StyleProperty } from './element-style.ts';
export { metricsOf, metricName, goalMetric, metricKey, covariateOf, isWebVital, measuresVitals, VITALS_EVENT, WEB_VITALS, type WebVital } from './metrics.ts';
export { explainError, type MarketerError, type FormSection } from './marketer-errors.ts';
