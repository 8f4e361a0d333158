/**
 * The client-side decision chunk (`/__sw/sw-decide.mjs`), loaded only when a page has slots the
 * edge did not decide. It asks the Worker for just this page's part of the live config and runs
 * the same core engine the edge runs, so both give the same answer for the same visitor.
 */
import { type CompiledConfig, FREQUENCY_COOKIE, USER_COOKIE, compileConfig, userIdFromCookie, decideSlots, decodeFrequency, encodeFrequency, parseSiteConfig, recordShown, renderSlot } from '@slotwise/core';
import { browserContext, readCookie, writeCookie } from './browser.ts';
import type { ClientDecider, Decision } from './sdk.ts';

const configs = new Map<string, Promise<CompiledConfig | null>>();

function configFor(path: string): Promise<CompiledConfig | null> {
  let config = configs.get(path);
  if (!config) {
    config = fetch(`/__sw/config?path=${encodeURIComponent(path)}`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.json() : null))
      .then((json) => {
        const parsed = json === null ? null : parseSiteConfig(json);
        return parsed?.ok ? compileConfig(parsed.config) : null;
      })
      .catch(() => null);
    configs.set(path, config);
  }
  return config;
}

export const decideInBrowser: ClientDecider = async ({ profile, country, visitorId }) => {
  const config = await configFor(location.pathname);
  if (!config) return [];
  const elements = [...document.querySelectorAll<HTMLElement>('[data-slot]:not([data-sw-v])')];
  const now = Date.now();
  // Frequency caps are counted in a cookie only when the visitor may be tracked (visitorId set).
  const frequency = decodeFrequency(visitorId ? readCookie(FREQUENCY_COOKIE) : null);
  const result = decideSlots(config, {
    visitorId,
    profile,
    context: browserContext(country),
    now,
    slots: elements.map((el) => el.dataset.slot ?? ''),
    frequency,
    userId: visitorId ? userIdFromCookie(readCookie(USER_COOKIE)) : null,
  });
  const shown = visitorId ? recordShown(frequency, result, config.capped, now) : null;
  if (shown) writeCookie(FREQUENCY_COOKIE, encodeFrequency(shown), 400 * 86_400);
  const attributes = result.attributes as unknown as Record<string, unknown>;
  const decisions: Decision[] = [];
  for (const el of elements) {
    const d = result.slots[el.dataset.slot ?? ''];
    if (!d) continue;
    if (d.content) {
      const rendered = renderSlot(d.content, attributes);
      el.innerHTML = rendered.html;
      for (const [name, value] of rendered.attrs) el.setAttribute(name, value);
    }
    el.setAttribute('data-sw-v', `${d.campaign}:${d.variant}`);
    if (!d.tracked) el.setAttribute('data-sw-u', '');
    decisions.push({ slot: d.slot, campaign: d.campaign, variant: d.variant, source: 'client' });
  }
  return decisions;
};
