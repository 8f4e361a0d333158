/**
 * Exposures: a personalized slot (`data-sw-v="campaign:variant"`) counts as seen once at least
 * half of it is in view. Part of the reporting chunk (`/__sw/sw-send.js`), which sw.js loads
 * only when the page has a variant this visitor has not been reported for yet.
 */
import type { EventProps } from '@slotwise/core';

/**
 * Watches the page's personalized slots; the function returned looks for new ones (after
 * browser decisions). `reported(mark)`: whether this visitor's exposure to it was recorded.
 */
export function exposures(reported: (mark: string) => boolean, record: (type: string, props: EventProps) => void): () => void {
  const seen = new IntersectionObserver((entries) => {
    for (const { isIntersecting, target } of entries) {
      if (!isIntersecting) continue;
      seen.unobserve(target);
      const mark = target.getAttribute('data-sw-v') ?? '';
      const [campaign, variant] = mark.split(':');
      if (campaign && variant && !reported(mark)) record('exposure', { campaign, variant, slot: target.getAttribute('data-slot') ?? '' });
    }
  }, { threshold: 0.5 });
  const watch = () => document.querySelectorAll('[data-sw-v]').forEach((el) => seen.observe(el));
  watch();
  return watch;
}
