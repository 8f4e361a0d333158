/**
 * A campaign's metrics as the campaign editor changes them (issue 21): one primary, secondary
 * metrics, guardrails with their auto-pause tick. Each is a pure step on one campaign, applied
 * through updateCampaign like the editor's other changes. Without a primary in the list, the
 * campaign's goal stays its primary metric (core's metricsOf).
 */
import type { Metric } from '@slotwise/core';
import type { CampaignInput } from './draft-ops.ts';
import { idFrom } from './ids.ts';

type Change = (c: CampaignInput) => CampaignInput;
type MetricInput = NonNullable<CampaignInput['metrics']>[number];
export type MetricRole = Metric['role'];
export type MetricKind = Metric['kind'];

/** The kinds a marketer picks from, in the words of the form. */
export const METRIC_CHOICES: { kind: MetricKind; label: string }[] = [
  { kind: 'conversion', label: 'Conversion (an event happens)' },
  { kind: 'revenue-per-visitor', label: 'Revenue per visitor' },
  { kind: 'aov', label: 'Average order value' },
  { kind: 'page-visit', label: 'A page is visited' },
  { kind: 'lcp', label: 'LCP: how fast the page loads' },
  { kind: 'cls', label: 'CLS: how much the layout shifts' },
  { kind: 'inp', label: 'INP: how fast the page responds' },
];

const withMetrics = (c: CampaignInput, metrics: MetricInput[]): CampaignInput => {
  const { metrics: _, ...rest } = c;
  return metrics.length ? { ...rest, metrics } : rest;
};

/** A metric with what its kind needs: an event for a conversion, a path for a page visit. */
function fresh(kind: MetricKind, role: MetricRole, taken: string[]): MetricInput {
  const metric: MetricInput = { id: idFrom(kind, taken), role, kind };
  if (kind === 'conversion') metric.event = 'purchase';
  if (kind === 'page-visit') metric.path = '/';
  return metric;
}

/** Adds a metric; a new primary takes over from the one before, which becomes secondary. */
export const addMetric =
  (kind: MetricKind, role: MetricRole): Change =>
  (c) => {
    const list = (c.metrics ?? []).map((m) => (role === 'primary' && m.role === 'primary' ? { ...m, role: 'secondary' as const } : m));
    return withMetrics(c, [
      ...list,
      fresh(
        kind,
        role,
        list.map((m) => m.id),
      ),
    ]);
  };

export const removeMetric =
  (id: string): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).filter((m) => m.id !== id),
    );

/** Changes a metric's kind, keeping its role; the fields the new kind does not use go. */
export const setMetricKind =
  (id: string, kind: MetricKind): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).map((m) => {
        if (m.id !== id) return m;
        const next: MetricInput = { id: m.id, role: m.role, kind };
        if (kind === 'conversion' || kind === 'revenue-per-visitor' || kind === 'aov') next.event = m.event ?? 'purchase';
        if (kind === 'page-visit') next.path = m.path ?? '/';
        if (m.role === 'guardrail' && m.autoPause) next.autoPause = true;
        if (kind === 'revenue-per-visitor' && m.capPercentile !== undefined) next.capPercentile = m.capPercentile;
        return next;
      }),
    );

/** The event a conversion, revenue or AOV metric counts, or the path of a page visit. */
export const setMetricTarget =
  (id: string, value: string): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).map((m) => (m.id !== id ? m : m.kind === 'page-visit' ? { ...m, path: value } : { ...m, event: value })),
    );

/** Moves a metric to another role: only guardrails auto-pause, and one primary at most. */
export const setMetricRole =
  (id: string, role: MetricRole): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).map((m) => {
        if (m.id === id) {
          const { autoPause: _, ...rest } = m;
          return { ...rest, role };
        }
        return role === 'primary' && m.role === 'primary' ? { ...m, role: 'secondary' as const } : m;
      }),
    );

/** Ticks or unticks a guardrail's auto-pause: the campaign stops being served when it is worse with confidence. */
export const setAutoPause =
  (id: string, on: boolean): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).map((m) => {
        if (m.id !== id || m.role !== 'guardrail') return m;
        const { autoPause: _, ...rest } = m;
        return on ? { ...rest, autoPause: true } : rest;
      }),
    );

/** Revenue per visitor: caps outliers at this percentile of buyers' values ('' for no cap; kept within 50–100). */
export const setCapPercentile =
  (id: string, typed: string): Change =>
  (c) =>
    withMetrics(
      c,
      (c.metrics ?? []).map((m) => {
        if (m.id !== id) return m;
        const { capPercentile: _, ...rest } = m;
        const value = Number(typed);
        return typed.trim() === '' || !Number.isFinite(value) ? rest : { ...rest, capPercentile: Math.min(100, Math.max(50, value)) };
      }),
    );
