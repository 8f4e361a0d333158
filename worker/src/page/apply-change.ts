/**
 * Puts a slot decision on an element while the page streams: core renders the variant and says
 * how it applies (content.ts: applyRendered); this adapts HTMLRewriter's Element to it and marks
 * the element with the decision, so the SDK reports the exposure. Declared and element slots
 * both come here.
 */
import { type AttributeValues, type ChangeTarget, type SlotDecision, applyRendered, markDecided, renderSlot } from '@slotwise/core/decide';
import type { Recommendation } from '@slotwise/core/recommend';

/** HTMLRewriter's Element as core's ChangeTarget. */
export const changeTarget = (el: Element): ChangeTarget => ({
  getAttribute: (name) => el.getAttribute(name),
  setAttribute: (name, value) => el.setAttribute(name, value),
  setInner: (html) => el.setInnerContent(html, { html: true }),
  before: (html) => el.before(html, { html: true }),
  after: (html) => el.after(html, { html: true }),
});

/**
 * Applies the decision and marks the element; a failed render leaves the element untouched.
 * `shown`: the items a recommendation variant shows (catalog/recommend.ts).
 */
export function applyDecision(el: Element, decision: SlotDecision, attributes: AttributeValues, shown?: Recommendation): void {
  try {
    // Rendered before the element changes, so a failed render leaves it untouched.
    const rendered = decision.content ? renderSlot(decision.content, attributes, shown) : null;
    const target = changeTarget(el);
    if (rendered) applyRendered(target, rendered);
    markDecided(target, decision, shown);
  } catch (error) {
    console.warn(`slotwise: slot "${decision.slot}" kept its default: ${String(error)}`);
  }
}
