/**
 * What the campaign is judged on (issue 21): the primary metric (the goal above unless one is
 * chosen here), secondary metrics, and guardrails — what must not get worse, page experience
 * included — each of which can pause the campaign by itself.
 */
import type { MetricKind, MetricRole } from '../../store/metrics.ts';
import { METRIC_CHOICES, addMetric, removeMetric, setAutoPause, setCapPercentile, setMetricKind, setMetricRole, setMetricTarget } from '../../store/metrics.ts';
import { useEffect } from 'preact/hooks';
import { guardrailFlags, refreshGuardrailFlags } from '../../store/results.ts';
import type { SectionProps } from './section.tsx';

const ROLES: { role: MetricRole; label: string }[] = [
  { role: 'primary', label: 'Primary' },
  { role: 'secondary', label: 'Secondary' },
  { role: 'guardrail', label: 'Guardrail' },
];

export function Metrics({ campaign, errors, change }: SectionProps) {
  useEffect(() => void refreshGuardrailFlags(), [campaign.id]);
  const metrics = campaign.metrics ?? [];
  const hasPrimary = metrics.some((m) => m.role === 'primary');
  return (
    <section class="block" data-testid="metrics-form">
      <h3>Metrics</h3>
      {guardrailFlags.value[campaign.id] && (
        <p class="guardrail-flag" role="alert" data-testid="guardrail-flag">
          <strong>Guardrail worse with confidence:</strong> {guardrailFlags.value[campaign.id]?.join(', ')}.
        </p>
      )}
      <p class="muted small">
        {hasPrimary ? 'The primary metric below decides the verdict.' : 'The goal above is the primary metric: it decides the verdict.'} Secondary metrics are reported beside it. A
        guardrail is something this campaign must not make worse — revenue, or how fast and steady the page is (LCP, CLS, INP, as your visitors' browsers measure them).
      </p>
      {metrics.length > 0 && (
        <ul class="metric-list">
          {metrics.map((m) => (
            <li key={m.id} class="row metric-row" data-testid={`metric-${m.id}`}>
              <select aria-label="Metric role" value={m.role} onChange={(e) => change(setMetricRole(m.id, e.currentTarget.value as MetricRole))}>
                {ROLES.map((r) => (
                  <option key={r.role} value={r.role}>
                    {r.label}
                  </option>
                ))}
              </select>
              <select aria-label="Metric" value={m.kind} onChange={(e) => change(setMetricKind(m.id, e.currentTarget.value as MetricKind))}>
                {METRIC_CHOICES.map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label}
                  </option>
                ))}
              </select>
              {(m.kind === 'conversion' || m.kind === 'revenue-per-visitor' || m.kind === 'aov') && (
                <input aria-label="Metric event" class="grow" value={m.event ?? 'purchase'} onInput={(e) => change(setMetricTarget(m.id, e.currentTarget.value.trim()))} />
              )}
              {m.kind === 'page-visit' && (
                <input aria-label="Metric page" class="grow" value={m.path ?? ''} onInput={(e) => change(setMetricTarget(m.id, e.currentTarget.value.trim()))} />
              )}
              {m.kind === 'revenue-per-visitor' && (
                <label class="field inline" title="One huge order can swing revenue more than any real effect: values above this percentile of buyers' count as that value">
                  <span>Cap at percentile</span>
                  <input
                    type="number"
                    min={50}
                    max={100}
                    class="narrow"
                    aria-label="Cap outliers at percentile"
                    placeholder="no cap"
                    value={m.capPercentile ?? ''}
                    onInput={(e) => change(setCapPercentile(m.id, e.currentTarget.value))}
                  />
                </label>
              )}
              {m.role === 'guardrail' && (
                <label class="toggle" title="Stop serving this campaign as soon as this guardrail is worse with confidence (always-valid interval)">
                  <input type="checkbox" aria-label="Pause automatically" checked={m.autoPause === true} onChange={(e) => change(setAutoPause(m.id, e.currentTarget.checked))} />
                  Pause the campaign if worse
                </label>
              )}
              <button type="button" class="btn icon ghost" aria-label={`Remove metric ${m.id}`} onClick={() => change(removeMetric(m.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div class="row">
        <button type="button" class="btn" onClick={() => change(addMetric('revenue-per-visitor', 'secondary'))}>
          + Secondary metric
        </button>
        <button type="button" class="btn" onClick={() => change(addMetric('cls', 'guardrail'))}>
          + Guardrail
        </button>
      </div>
      {errors.some((e) => e.path.includes('.metrics')) && (
        <ul class="errors" role="alert">
          {errors
            .filter((e) => e.path.includes('.metrics'))
            .map((e) => (
              <li key={e.path + e.text}>{e.text}</li>
            ))}
        </ul>
      )}
    </section>
  );
}
