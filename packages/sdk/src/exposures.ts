/**
 * Exposures: a personalized slot (`data-sw-v="campaign:variant"`) counts as seen once at least
 * half of it is in view. Part of the reporting chunk (`/__sw/sw-send.mjs`), which sw.js loads
 * only when the page has a variant this visitor has not been reported for yet.
 */
import type { EventProps } from '@slotwise/core/protocol';

/**
 * Watches the page's personalized slots; the function returned looks for new ones (after
 * browser decisions). `reported(mark)`: whether this visitor's exposure to it was recorded.
 */
export function exposures(reported: (mark: string) => boolean, record: (type: string, props: EventProps) => void): () => void {
  const seen = new IntersectionObserver(
    (entries) => {
      for (const { isIntersecting, target } of entries) {
        if (!isIntersecting) continue;
        seen.unobserve(target);
        const mark = target.getAttribute('data-sw-v') ?? '';
        const [campaign, variant] = mark.split(':');
        if (!campaign || !variant || reported(mark)) continue;
        const slot = target.getAttribute('data-slot') ?? '';
        // A recommendation also says which items it showed (`data-sw-items`, written by the edge).
        const items = target.getAttribute('data-sw-items');
        record('exposure', items ? { campaign, variant, slot, items: items.slice(0, 500) } : { campaign, variant, slot });
        // Forwarding to Google Tag Manager / GA4, when the site's tag asks for it (`data-sw-datalayer`).
        if (document.querySelector('script[data-sw-datalayer]')) {
          const w = window as unknown as { dataLayer?: unknown[] };
          (w.dataLayer ??= []).push({ event: 'slotwise_exposure', slotwise_campaign: campaign, slotwise_variant: variant, slotwise_slot: slot });
        }
      }
    },
    { threshold: 0.5 },
  );
  // `data-sw-u`: decided before consent, without a visitor id: an experiment showed its
  // best-known variant to someone not bucketed, which must not count as that arm's exposure.
  const watch = () => document.querySelectorAll('[data-sw-v]:not([data-sw-u])').forEach((el) => seen.observe(el));
  watch();
  return watch;
}
