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
import type { Campaign, Goal, Metric, MetricKind } from './schema.ts';

export const WEB_VITALS = ['lcp', 'cls', 'inp'] as const;
export type WebVital = (typeof WEB_VITALS)[number];

/** A goal as the primary metric it always was. */
export function goalMetric(goal: Goal): Metric {
  return goal.type === 'event' ? { id: 'goal', role: 'primary', kind: 'conversion', event: goal.event } : { id: 'goal', role: 'primary', kind: 'page', path: goal.path };
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

/** Higher is better for conversions and money; lower for page experience (slower, shiftier pages are worse). */
export const lowerIsBetter = (kind: MetricKind): boolean => kind === 'lcp' || kind === 'cls' || kind === 'inp';

/** Ratio metrics are a sum per visitor over a count per visitor (delta method): AOV, and each page view's experience. */
export const isRatioMetric = (kind: MetricKind): boolean => kind === 'aov' || lowerIsBetter(kind);

/** The event type whose per-visitor sums measure a metric in the event store. */
export function metricKey(m: Metric): string {
  if (m.kind === 'page') return `page:${m.path ?? ''}`;
  if (lowerIsBetter(m.kind)) return `vital:${m.kind}`;
  return m.event ?? 'purchase';
}

/** The event type of the SDK's web-vitals report (one per page view, `{ lcp, cls, inp }`). */
export const VITALS_EVENT = 'vitals';

/** The pre-exposure covariate (a count in the SDK's `pre` prop) CUPED adjusts a metric with. */
export function covariateOf(key: string): string {
  return key.startsWith('page:') || key.startsWith('vital:') ? 'page_view' : key;
}

/** Whether any live-or-paused campaign measures page experience: then the Worker adds the web-vitals chunk to its pages. */
export const measuresVitals = (c: Pick<Campaign, 'metrics'>): boolean => (c.metrics ?? []).some((m) => lowerIsBetter(m.kind));
