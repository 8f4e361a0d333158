/**
 * A campaign's metrics (issue 21): one primary, any number of secondary and guardrail metrics.
 * A campaign without a `metrics` list keeps its single `goal` as the primary metric, so every
 * config written before the list existed reads as before.
 *
 * Each metric is measured per visitor from the events after their first exposure (the event
 * store's sums, never raw rows), against one pre-exposure covariate the SDK attached to that
 * exposure (CUPED): the visitor's count of the same event in the 30 days before, or their page
 * views for page goals and page-experience metrics.
 */
import type { Campaign, Goal, Metric } from './schema.ts';
import type { MetricKind } from './stats-metric-types.ts';

export const WEB_VITALS = ['lcp', 'cls', 'inp'] as const;
export type WebVital = (typeof WEB_VITALS)[number];

/** A goal as the primary metric it always was. */
export function goalMetric(goal: Goal): Metric {
  return goal.type === 'event' ? { id: 'goal', role: 'primary', kind: 'conversion', event: goal.event } : { id: 'goal', role: 'primary', kind: 'page-visit', path: goal.path };
}

/**
 * The metrics results report on, primary first: the campaign's list when it has one with a
 * primary, else its goal (or `fallback`, a purchase) as the primary, then the list's others.
 */
export function metricsOf(campaign: Pick<Campaign, 'goal' | 'metrics'>, fallback: Goal): Metric[] {
  const list = campaign.metrics ?? [];
  const primary = list.find((m) => m.role === 'primary') ?? goalMetric(campaign.goal ?? fallback);
  return [primary, ...list.filter((m) => m !== primary)];
}

/** Page experience: measured by the SDK on each page view, reported as `vitals` events. */
export const isWebVital = (kind: MetricKind): boolean => kind === 'lcp' || kind === 'cls' || kind === 'inp';

/** The event type whose per-visitor sums measure a metric in the event store. */
export function metricKey(m: Metric): string {
  if (m.kind === 'page-visit') return `page:${m.path ?? ''}`;
  if (isWebVital(m.kind)) return `vital:${m.kind}`;
  return m.event ?? 'purchase';
}

/** The event type of the SDK's web-vitals report (one per page view, `{ lcp, cls, inp }`). */
export const VITALS_EVENT = 'vitals';

/** The pre-exposure covariate (a count in the SDK's `pre` prop) CUPED adjusts a metric with. */
export function covariateOf(key: string): string {
  return key.startsWith('page:') || key.startsWith('vital:') ? 'page_view' : key;
}

/** Whether a campaign measures page experience: then the Worker adds the web-vitals chunk to the pages it is decided on. */
export const measuresVitals = (c: Pick<Campaign, 'metrics'>): boolean => (c.metrics ?? []).some((m) => isWebVital(m.kind));

const VITAL_NAMES: Record<WebVital, string> = { lcp: 'LCP (loading)', cls: 'CLS (layout shift)', inp: 'INP (responsiveness)' };

/** How a metric reads on the results screen and in the change history. */
export function metricName(m: Metric): string {
  switch (m.kind) {
    case 'conversion':
      return `Conversion: ${m.event ?? 'purchase'}`;
    case 'revenue-per-visitor':
      return `Revenue per visitor${m.event && m.event !== 'purchase' ? ` (${m.event})` : ''}`;
    case 'aov':
      return `Average order value${m.event && m.event !== 'purchase' ? ` (${m.event})` : ''}`;
    case 'page-visit':
      return `Visits to ${m.path ?? ''}`;
    default:
      return VITAL_NAMES[m.kind];
  }
}
