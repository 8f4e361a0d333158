/**
 * Page experience as the browser measures it in the field (issue 21): LCP, CLS and INP from the
 * browser's own PerformanceObserver entries, reported once per page view as a `vitals` event
 * when the page is first hidden (the last moment a page is sure to have). The Worker adds this
 * chunk (`/__sw/sw-vitals.js`) only to pages where a campaign that measures page experience was
 * decided, so sw.js and every other page carry none of it. The SDK records the event like any
 * other (consent first; delivered from the outbox, by the tab's next page if this one is being left).
 *
 * The definitions follow web.dev's (and the web-vitals library's) in a few hundred bytes:
 * - LCP: the start time of the last largest-contentful-paint entry before the first input.
 * - CLS: the largest session window of layout shifts not caused by input (shifts < 1 s apart,
 *   a window at most 5 s long).
 * - INP: the longest interaction (entries grouped by interactionId); with 50 or more, the one
 *   at the 98th percentile, as the metric's definition allows one outlier per 50.
 */

type Shift = PerformanceEntry & { value: number; hadRecentInput: boolean };
type Timing = PerformanceEntry & { interactionId?: number };

export interface Vitals {
  lcp?: number;
  cls?: number;
  inp?: number;
}

/** The CLS of these layout shifts, in order: the largest session window's sum. */
export function clsOf(shifts: readonly Pick<Shift, 'startTime' | 'value' | 'hadRecentInput'>[]): number {
  let best = 0;
  let sum = 0;
  let first = 0;
  let last = 0;
  for (const s of shifts) {
    if (s.hadRecentInput) continue;
    if (sum > 0 && (s.startTime - last >= 1000 || s.startTime - first >= 5000)) sum = 0;
    if (sum === 0) first = s.startTime;
    sum += s.value;
    last = s.startTime;
    best = Math.max(best, sum);
  }
  return best;
}

/** The INP of these interactions' longest durations. */
export function inpOf(durations: readonly number[]): number | undefined {
  if (durations.length === 0) return undefined;
  const sorted = [...durations].sort((a, b) => b - a);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 50))];
}

/** Starts observing; `report` gets the page's vitals once, when it is first hidden. */
export function watchVitals(report: (vitals: Vitals) => void): void {
  let lcp: number | undefined;
  const shifts: Shift[] = [];
  const interactions = new Map<number, number>();
  const observe = (type: string, fn: (entries: PerformanceEntry[]) => void, extra: Record<string, unknown> = {}) => {
    try {
      new PerformanceObserver((list) => fn(list.getEntries())).observe({ type, buffered: true, ...extra } as PerformanceObserverInit);
    } catch {
      // a browser without this entry type reports without it
    }
  };
  observe('largest-contentful-paint', (entries) => {
    const last = entries[entries.length - 1];
    if (last) lcp = last.startTime;
  });
  observe('layout-shift', (entries) => shifts.push(...(entries as Shift[])));
  observe(
    'event',
    (entries) => {
      for (const e of entries as Timing[]) if (e.interactionId) interactions.set(e.interactionId, Math.max(interactions.get(e.interactionId) ?? 0, e.duration));
    },
    { durationThreshold: 16 },
  );
  let sent = false;
  const done = () => {
    if (sent) return;
    sent = true;
    const inp = inpOf([...interactions.values()]);
    const vitals: Vitals = { cls: Math.round(clsOf(shifts) * 10_000) / 10_000 };
    if (lcp !== undefined) vitals.lcp = Math.round(lcp);
    if (inp !== undefined) vitals.inp = Math.round(inp);
    report(vitals);
  };
  // Leaving a page fires pagehide, then hides it; switching tabs only hides it. Capture
  // listeners on window run before the SDK's own, so the report is in the events the SDK hands
  // over to the tab's next page at pagehide (an IndexedDB save would be aborted by the navigation).
  addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && done(), true);
  addEventListener('pagehide', done, true);
}
