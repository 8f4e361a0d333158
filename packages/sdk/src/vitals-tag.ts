/**
 * Entry of `/__sw/sw-vitals.js`, which the Worker adds to pages where a campaign measuring page
 * experience was decided. It hands its report to the page's SDK (`window.sw`), or queues it
 * there for the SDK to replay if it has not started yet (page-instance.ts).
 */
import type { PageGlobal } from './page-instance.ts';
import { watchVitals } from './vitals.ts';

try {
  watchVitals((vitals) => {
    const w = window as PageGlobal;
    const sw = (w.sw ??= []);
    if (Array.isArray(sw)) sw.push(['track', 'vitals', vitals]);
    else sw.track('vitals', { ...vitals });
  });
} catch {
  // Never let Slotwise break the page.
}
