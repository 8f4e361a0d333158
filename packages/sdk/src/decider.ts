/**
 * The client-side decision chunk (`/__sw/sw-decide.mjs`), loaded only when a page has slots the
 * edge did not decide. It asks the Worker for just this page's part of the live config and runs
 * the same core engine the edge runs, so both give the same answer for the same visitor. That
 * config leaves out campaigns gated by ID lists or traits (the edge alone decides them): slots
 * the edge rendered carry `data-sw-v` and are never decided again here, so its answer stands.
 * A recommendation slot's items come from the Worker too (`/__sw/recommendations`, the code the
 * edge runs for a page load), since only it reads the catalog.
 */
import { parseSiteConfig } from '@slotwise/core';
import {
  type AttributeValues,
  type CompiledConfig,
  type SlotDecision,
  applyRendered,
  compileConfig,
  elementSlotsOn,
  decideSlots,
  hasRe2,
  markDecided,
  renderSlot,
  useRe2,
  usesRegex,
} from '@slotwise/core/decide';
import { type Recommendation, clickRef } from '@slotwise/core/recommend';
import { CONTACTS_COOKIE, FREQUENCY_COOKIE, contactsAfter, decodeContacts, decodeFrequency, encodeContacts, encodeFrequency, recordShown } from '@slotwise/core/protocol';
import { browserContext, readCookie, writeCookie } from './browser.ts';
import { applyToElement, domTarget, elementTargets, rememberDecisions } from './element-slots.ts';
import type { ClientDecider, Decision } from './sdk.ts';

const configs = new Map<string, Promise<CompiledConfig | null>>();

function configFor(path: string): Promise<CompiledConfig | null> {
  let config = configs.get(path);
  if (!config) {
    config = fetch(`/__sw/config?path=${encodeURIComponent(path)}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then(async (json) => {
        const parsed = json === null ? null : parseSiteConfig(json);
        if (!parsed?.ok) return null;
        // The regex engine is a chunk of its own, loaded only for a config that needs it (if it
        // fails to load, nothing is decided here rather than decided differently from the edge).
        if (usesRegex(parsed.config.audiences) && !hasRe2()) useRe2((await import('@slotwise/core/re2')).RE2JS);
        return compileConfig(parsed.config);
      })
      .catch(() => null);
    configs.set(path, config);
  }
  return config;
}

export const decideInBrowser: ClientDecider = async ({ profile, country, visitorId }) => {
  const path = location.pathname;
  const config = await configFor(path);
  if (!config) return [];
  const elements = [...document.querySelectorAll<HTMLElement>('[data-slot]:not([data-sw-v])')];
  const picked = elementTargets(config, path);
  const now = Date.now();
  // Frequency caps are counted in a cookie only when the visitor may be tracked (visitorId set).
  const frequency = decodeFrequency(visitorId ? readCookie(FREQUENCY_COOKIE) : null);
  const contacts = decodeContacts(visitorId ? readCookie(CONTACTS_COOKIE) : null);
  const result = decideSlots(config, {
    visitorId,
    profile,
    context: browserContext(country),
    now,
    // Every element slot of the path, found yet or not: one the page renders later gets this decision (element-slots.ts).
    slots: [...elements.map((el) => el.dataset.slot ?? ''), ...elementSlotsOn(config, path).map((s) => s.name)],
    frequency,
    contacts,
  });
  rememberDecisions(path, config, result);
  const decisions: Decision[] = [];
  const recommending: [HTMLElement, SlotDecision][] = [];
  for (const el of elements) {
    const d = result.slots[el.dataset.slot ?? ''];
    if (!d) continue;
    // A recommendation's items come from the catalog, which only the Worker reads: filled once it answers.
    if (d.content?.kind === 'recommendations') recommending.push([el, d]);
    else decisions.push(show(el, d, result.attributes));
  }
  for (const [slot, targets] of picked) {
    const d = result.slots[slot.name];
    if (d && targets.map((el) => applyToElement(el, slot.name, result)).some(Boolean)) decisions.push({ slot: d.slot, campaign: d.campaign, variant: d.variant, source: 'client' });
  }
  if (recommending.length) {
    const shown = await recommendationsFor(
      path,
      recommending.map(([, d]) => d),
    );
    for (const [el, d] of recommending) {
      const items = Object.hasOwn(shown, d.slot) ? shown[d.slot] : undefined;
      if (items?.items.length && el.isConnected) decisions.push(show(el, d, result.attributes, items));
      // Nothing to show (no catalog or items, no answer, the route left): the slot keeps its
      // default content and the campaign is not counted as shown, as at the edge.
      else delete result.slots[d.slot];
    }
  }
  const shownNow = visitorId ? recordShown(frequency, result, config.capped, now) : null;
  if (shownNow) writeCookie(FREQUENCY_COOKIE, encodeFrequency(shownNow), 400 * 86_400);
  const contacted = visitorId ? contactsAfter(config, result, contacts, 'web', now) : null;
  if (contacted) writeCookie(CONTACTS_COOKIE, encodeContacts(contacted), 8 * 86_400);
  return decisions;
};

/** A declared slot shows its decision (`shown`: a recommendation's items) and is marked with it, as at the edge. */
function show(el: HTMLElement, d: SlotDecision, attributes: AttributeValues, shown?: Recommendation): Decision {
  const target = domTarget(el);
  if (d.content) applyRendered(target, renderSlot(d.content, attributes, shown));
  markDecided(target, d, shown);
  return { slot: d.slot, campaign: d.campaign, variant: d.variant, source: 'client' };
}

/** The items the Worker picks for these recommendation decisions, for this visitor (its cookies) on this path; none if it cannot say. */
async function recommendationsFor(path: string, wanted: SlotDecision[]): Promise<Record<string, Recommendation>> {
  try {
    const response = await fetch(`/__sw/recommendations?path=${encodeURIComponent(path)}&for=${wanted.map(clickRef).join(',')}`, { credentials: 'same-origin' });
    return response.ok ? ((await response.json()) as { slots: Record<string, Recommendation> }).slots : {};
  } catch {
    return {};
  }
}
