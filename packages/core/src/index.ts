/** @slotwise/core — the one place where Slotwise decides. Isomorphic: Node, workerd, browsers. */
export * from './schema.ts';
export { parseSiteConfig, PROGRAMME_CAMPAIGN, type ConfigResult } from './config.ts';
export { describeIssue, formatPath } from './issue-path.ts';
export { checkCondition } from './condition-check.ts';
export { compileCondition, evalCondition, type CompiledCondition, type SavedGroups } from './condition.ts';
export { useRe2, hasRe2, usesRegex, checkRegexPattern, MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE, type Re2 } from './regex.ts';
export { hash, getBucketRanges, chooseVariation, inNamespace, getEqualWeights, type BucketRange } from './hash.ts';
export { compileConfig, CONTROL, type CompiledConfig, type CompiledCampaign } from './compile.ts';
export { decideSlots, type DecideInput, type Decisions, type SlotDecision, type TraceStep } from './decide.ts';
export { buildAttributes, describeProfile, type Attributes, type ProfileAttributes, type Identity } from './attributes.ts';
export { type ClaimedUser, LIST_HASH, USER_COOKIE, idHash, isUserId, listHash, signUserId, userCookieValue, userFromCookie, verifiedUserId } from './id-hash.ts';
export { needsServerData } from './server-data.ts';
export { ROLES, isRole, hasRole, type Role, type Account, type AdminSession } from './roles.ts';
export { hmacKey } from './hmac.ts';
export { ALLOWED_TAGS, GLOBAL_ATTRIBUTES, ELEMENT_ATTRIBUTES, URL_SCHEMES, URL_ATTRIBUTES, DROPPED_WITH_CONTENT } from './sanitize-policy.ts';
export { renderSlot, escapeHtml, lookupPath, type RenderedSlot } from './content.ts';
export { tokensOf, tokenPlaces, type TokenSpan } from './template.ts';
export { htmlLayout } from './html-layout.ts';
export { decodeEntities, urlAllowed, urlPrefixSettled } from './url-check.ts';
export { BROWSER_SANITIZER_OPTIONS, attributeAllowed, isUrlAttribute, allowedUrl, allowedSrcset, type BrowserSanitizerOptions } from './browser-sanitizer.ts';
export { compilePages, type PageMatcher } from './pages.ts';
export { deviceFromUserAgent, primaryLanguage, pageContext, localTime, type RequestContext, type DeviceType } from './context.ts';
export { emptyProfile, type Profile, type EventStats } from './profile.ts';
export {
  encodeProfileCookie,
  decodeProfileCookie,
  PROFILE_COOKIE,
  PROFILE_COOKIE_VERSION,
  MAX_PROFILE_COOKIE_BYTES,
} from './profile-cookie.ts';
export { encodeBase64url, decodeBase64url, bytesToBase64url } from './base64url.ts';
export { SDK_PATH, SDK_TAG } from './sdk-tag.ts';
export {
  parseConsent,
  trackingAllowed,
  isVisitorId,
  CONSENT_COOKIE,
  VISITOR_COOKIE,
  type ConsentMode,
  type ConsentState,
} from './consent.ts';
export { EventSchema, EventIdSchema, EventTypeSchema, MAX_EVENT_PROPS, parseEvent, type SwEvent, type EventProps, type EventResult } from './events.ts';
export { STANDARD_EVENTS, DEAL_SIGNAL, isCoreEvent, MAX_BATCH_EVENTS, MAX_BATCH_BYTES } from './event-types.ts';
export { emptyState, foldEvent, foldEvents, summarize, profileCookie, ageState, SESSION_TIMEOUT_MS, INTEREST_HALF_LIFE_DAYS, MAX_DAYS, MAX_EVENT_TYPES, MAX_INTERESTS, type ProfileState } from './profile-state.ts';
export { segmentsOf, SEGMENTS, RETURNING_SESSIONS, LAPSED_DAYS, DISENGAGED_MIN_PAGEVIEWS, ADVOCATE_ORDERS, STRONG_INTEREST, MULTICATEGORY_COUNT, REGULAR_SESSIONS, REGULAR_SHARE, DEAL_SEEKER_SIGNALS } from './segments.ts';
export { readCookie, serializeCookie, type CookieOptions } from './cookies.ts';
export { FREQUENCY_COOKIE, MAX_CAPPED_CAMPAIGNS, decodeFrequency, encodeFrequency, recordShown, shownCount, utcDay, type FrequencyCounts, type Shown } from './frequency.ts';
export type { VersionInfo, AuditEntry, AuthAction, Removal, LibraryItem } from './admin-types.ts';
export { normalCdf, normalQuantile, normalTwoSided, chiSquaredSurvival, gammaP, gammaQ, logGamma, betaRegularized, studentTwoSided, studentQuantileTwoSided } from './stats-special.ts';
export {
  compareRates,
  chanceToBeat,
  compareMeans,
  sampleRatioMismatch,
  visitorsPerArm,
  DEFAULT_CONFIDENCE,
  SRM_ALPHA,
  type Rate,
  type Uplift,
  type Moments,
  type MeanComparison,
  type SampleRatioTest,
  type PowerOptions,
} from './stats.ts';
export { verdictOf, percent, roughly, MIN_DETECTABLE_EFFECT, type VerdictArm, type VerdictOptions } from './stats-verdict.ts';
export { campaignResults, banditWeightsToServe, DEFAULT_GOAL, type ArmTotals, type ArmResult, type CampaignResults, type CampaignSummary, type CampaignDetail, type DailyRow } from './stats-results.ts';
export { probabilityBest, banditWeights, withBanditWeights, DEFAULT_DRAWS, MIN_EXPLORATION_SHARE, type BanditOptions, type BanditWeights } from './bandit.ts';
export { diffConfigs, mergeConfigs, attributeChanges, labelChange, describeValue, valueAt, setAt, sameValue, type DiffStep, type DiffPath, type FieldChange, type MergeConflict, type ChangeLabel, type DraftRevision } from './config-diff.ts';
export { whyHidden, seenByNobody, type HiddenReason, type HiddenCode, type VisibilityInput } from './visibility.ts';
export { explainError, type MarketerError, type FormSection } from './marketer-errors.ts';
