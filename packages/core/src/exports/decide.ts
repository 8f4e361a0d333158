/**
 * @slotwise/core/decide — the decision engine: compile a config, build a visit's context and
 * attributes, decide every slot (audiences, experiments, schedules, caps), render the content.
 */
export { compileConfig, type CompiledConfig } from '../compile.ts';
export { decideSlots, type DecideInput, type Decisions, type SlotDecision, type TraceStep } from '../decide.ts';
export { evalCondition, type SavedGroups } from '../condition.ts';
export { useRe2, hasRe2, usesRegex, type Re2 } from '../regex.ts';
export { buildAttributes, type Attributes, type AttributeValues, type Identity } from '../attributes.ts';
export { buildContext, deviceFromUserAgent, type ContextInput, type RequestContext, type DeviceType } from '../context.ts';
export { renderSlot, applyRendered, markDecided, escapeHtml, type RenderedSlot, type ChangeTarget } from '../content.ts';
export { compilePages, type PageMatcher } from '../pages.ts';
export { elementSlotsOn, hasElementSlots, SDK_CHUNK_MARKER, type ElementSlot } from '../element-slots.ts';
export { replacedBy, joinsChanges, withMark } from '../element-marks.ts';
export { needsServerData } from '../server-data.ts';
export { budgetVerdict, budgetUsed, describeBudget, type BudgetVerdict, type BudgetedCampaign } from '../budget.ts';
export { rankByValue, type RateEstimate, type RateEstimates, type Ranked } from '../arbitration.ts';
export { inLayerSlice, layerOverlaps } from '../layers.ts';
export { whyHidden, seenByNobody, type HiddenReason, type HiddenCode, type VisibilityInput } from '../visibility.ts';
