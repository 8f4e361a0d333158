/**
 * Exposures: a personalized slot (`data-sw-v="campaign:variant"`) counts as seen once at least
 * half of it is in view. Part of the reporting chunk (`/__sw/sw-send.mjs`), which sw.js loads
 * only when the page has a variant this visitor has not been reported for yet.
 */
import { decodeProfileCookie } from '@slotwise/core/profile';
import { type EventProps, encodeCovariates } from '@slotwise/core/protocol';

/**
 * Pre-exposure covariates (CUPED, issue 21): the visitor's most frequent event types of the last
 * 30 days, from the profile summary the SDK keeps in its cookie (`sw_p`, as sw.js last wrote it:
 * reading document.cookie right after a write would wait on the browser's cookie store). Counts
 * only; nothing personal. The event store uses those of a visitor's first exposure to each campaign.
 */
function covariates(profileCookie: string | null): EventProps {
  const pre = encodeCovariates(decodeProfileCookie(profileCookie));
  return pre ? { pre } : {};
}

/**
 * Watches the page's personalized slots; the function returned looks for new ones (after
 * browser decisions). `reported(mark)`: whether this visitor's exposure to it was recorded;
 * `profileCookie()`: the `sw_p` value now.
 */
export function exposures(reported: (mark: string) => boolean, record: (type: string, props: EventProps) => void, profileCookie: () => string | null): () => void {
  // A hidden variant (`hide`, display: none) has no box to see: it counts as seen when the place
  // it would be in is, its parent's box in view, so a hide-vs-show test compares like with like.
  const hiddenIn = new Map<Element, Element[]>();
  const place = new IntersectionObserver((entries) => {
    for (const { isIntersecting, target } of entries) {
      if (!isIntersecting) continue;
      place.unobserve(target);
      for (const el of hiddenIn.get(target) ?? []) report(el);
      hiddenIn.delete(target);
    }
  });
  const seen = new IntersectionObserver(
    (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting) continue;
        seen.unobserve(target);
        report(target);
      }
    },
    { threshold: 0.5 },
  );
  /** Each decision the element carries: two element slots on one element list theirs space-separated, in order (core's element-marks.ts). */
  function report(target: Element): void {
    const slots = (target.getAttribute('data-slot') ?? '').split(' ');
    (target.getAttribute('data-sw-v') ?? '').split(' ').forEach((mark, i) => reportMark(target, mark, slots[i] ?? ''));
  }
  function reportMark(target: Element, mark: string, slot: string): void {
    const [campaign, variant] = mark.split(':');
    if (!campaign || !variant || reported(mark)) return;
    // A recommendation also says which items it showed (`data-sw-items`, written with its decision).
    const items = target.getAttribute('data-sw-items');
    record('exposure', { campaign, variant, slot, ...covariates(profileCookie()), ...(items ? { items: items.slice(0, 500) } : {}) });
    // Forwarding to Google Tag Manager / GA4, when the site's tag asks for it (`data-sw-datalayer`).
    if (document.querySelector('script[data-sw-datalayer]')) {
      const w = window as unknown as { dataLayer?: unknown[] };
      (w.dataLayer ??= []).push({ event: 'slotwise_exposure', slotwise_campaign: campaign, slotwise_variant: variant, slotwise_slot: slot });
    }
  }
  // `data-sw-u`: decided before consent, without a visitor id: an experiment showed its
  // best-known variant to someone not bucketed, which must not count as that arm's exposure.
  const watch = () =>
    document.querySelectorAll('[data-sw-v]:not([data-sw-u])').forEach((el) => {
      const parent = el.parentElement;
      // Hidden by the variant itself (core's hide), not by the site's own CSS.
      if (!parent || !el.getAttribute('style')?.includes('display: none !important')) return seen.observe(el);
      const waiting = hiddenIn.get(parent) ?? [];
      if (!waiting.includes(el)) hiddenIn.set(parent, [...waiting, el]);
      place.observe(parent);
    });
  watch();
  return watch;
}
