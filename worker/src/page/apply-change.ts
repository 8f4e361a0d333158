/**
 * Puts a slot decision on an element while the page streams: core renders the variant and says
 * how it applies (content.ts: applyRendered); this adapts HTMLRewriter's Element to it and marks
 * the element with the decision, so the SDK reports the exposure. Declared and element slots
 * both come here.
 */
import { type AttributeValues, type ChangeTarget, type SlotDecision, applyRendered, renderSlot } from '@slotwise/core/decide';
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
    if (rendered) applyRendered(changeTarget(el), rendered);
    // What a recommendation showed, for its exposure (the SDK reports the items with it).
    if (shown) el.setAttribute('data-sw-items', shown.items.map((item) => item.id).join(','));
    el.setAttribute('data-sw-v', `${decision.campaign}:${decision.variant}`);
    // Decided without a visitor id (no consent yet): shown, but never reported as an exposure.
    if (!decision.tracked) el.setAttribute('data-sw-u', '');
  } catch (error) {
    console.warn(`slotwise: slot "${decision.slot}" kept its default: ${String(error)}`);
  }
}
