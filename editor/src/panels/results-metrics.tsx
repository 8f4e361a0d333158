/**
 * The results screen's metrics (issue 21): which intervals it shows and why they can be read
 * every day, every metric of the campaign against control (primary, secondary, guardrails),
 * and the red flag of a guardrail that is worse with confidence.
 */
import type { CampaignSummary, MetricComparison, MetricResult, ResultsView } from '@slotwise/core/stats';
import { resultsView, setResultsView } from '../store/results.ts';

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const number = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3));
const CORRECTION = { holm: 'Holm', bh: 'Benjamini–Hochberg', none: 'no' } as const;

/** The view switch and what the chosen view means, in words. */
export function ViewChoice() {
  const view = resultsView.value;
  const choose = (v: ResultsView) => setResultsView(v);
  return (
    <div class="card view-choice" data-testid="results-view">
      <div class="segmented" role="group" aria-label="Intervals">
        <button type="button" class={view === 'sequential' ? 'on' : ''} aria-pressed={view === 'sequential'} onClick={() => choose('sequential')}>
          Always valid
        </button>
        <button type="button" class={view === 'fixed' ? 'on' : ''} aria-pressed={view === 'fixed'} onClick={() => choose('fixed')}>
          Fixed horizon
        </button>
      </div>
      {view === 'sequential' ? (
        <p class="small" data-testid="view-note">
          <strong>You can read these results every day.</strong> The intervals are always valid: however often you look, and whenever you stop, a difference called with confidence
          stays a real one at the stated level. Peeking does not inflate false wins.
        </p>
      ) : (
        <p class="small" data-testid="view-note">
          <strong>Fixed horizon:</strong> these intervals are valid only if you decided the number of visitors in advance and read them once, at that number. Reading them daily and
          stopping at the first “significant” result makes false wins several times more likely.
        </p>
      )}
    </div>
  );
}

/** Red: the guardrails worse with confidence, and whether the campaign was paused for it. */
export function GuardrailFlag({ c }: { c: CampaignSummary }) {
  const worse = c.metrics?.guardrailWorse ?? [];
  if (worse.length === 0) return null;
  const name = (id: string) => c.metrics.metrics.find((m) => m.id === id)?.name ?? id;
  const arm = (id: string) => c.arms.find((a) => a.id === id)?.name ?? id;
  return (
    <div class="guardrail-flag" role="alert" data-testid="guardrail-flag">
      <strong>Guardrail worse with confidence:</strong> {worse.map((g) => `${name(g.metric)} in ${arm(g.arm)}`).join(', ')}.
      {c.status === 'paused' ? ' The campaign is paused.' : ''}
    </div>
  );
}

function Comparison({ m, cmp, view, arm }: { m: MetricResult; cmp: MetricComparison; view: ResultsView; arm: string }) {
  const e = cmp.best;
  const interval = e?.[view];
  const tone = cmp.outcome === 'better' ? 'good' : cmp.outcome === 'worse' ? 'bad' : '';
  return (
    <tr data-testid={`metric-row-${m.id}-${cmp.arm}`}>
      <td>
        <strong>{m.name}</strong> <span class={`pill role-${m.role}`}>{m.role}</span>
      </td>
      <td>{arm}</td>
      <td>
        {number(cmp.controlMean)} → {number(cmp.variantMean)}
      </td>
      <td>
        {e && interval ? (
          <span class={tone}>
            {signed(e.rel)}{' '}
            <span class="muted small">
              ({signed(interval.lo)} to {signed(interval.hi)})
            </span>
          </span>
        ) : (
          <span class="muted">not enough data</span>
        )}
      </td>
      <td>{cmp.cuped ? `${Math.max(0, Math.round(cmp.cuped.varianceReduction * 100))}%` : <span class="muted">—</span>}</td>
      <td class={tone} data-testid="metric-outcome">
        {cmp.outcome === 'inconclusive' ? 'no call yet' : m.direction === 'lower' ? (cmp.outcome === 'worse' ? 'worse (higher)' : 'better (lower)') : cmp.outcome}
      </td>
    </tr>
  );
}

/** Every metric, each variant against control, in the view chosen. */
export function MetricsTable({ c }: { c: CampaignSummary }) {
  const a = c.metrics;
  if (!a || a.metrics.length === 0) return null;
  const armName = (id: string) => c.arms.find((x) => x.id === id)?.name ?? id;
  const level = `${Math.round(a.confidence * 100)}%`;
  return (
    <>
      <h2 class="section-title">Metrics</h2>
      <p class="muted small" data-testid="metrics-method">
        {a.view === 'sequential' ? `Always-valid ${level} intervals` : `Fixed-horizon ${level} intervals`} of each variant's lift over control.{' '}
        {a.comparisons > 1
          ? `${CORRECTION[a.correction]} correction for ${a.comparisons} comparisons (variants × metrics), so more metrics and variants do not mean more false calls.`
          : 'One comparison: no correction needed.'}{' '}
        Variance reduction: how much of the noise the visitors' behaviour before they saw the campaign explained (CUPED), narrowing the interval for the same traffic.
      </p>
      <table class="table results-table" data-testid="metrics-table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Variant</th>
            <th>Control → variant</th>
            <th>Lift ({a.view === 'sequential' ? 'always valid' : 'fixed horizon'})</th>
            <th>Variance reduction</th>
            <th>Call</th>
          </tr>
        </thead>
        <tbody>{a.metrics.flatMap((m) => m.comparisons.map((cmp) => <Comparison key={`${m.id}:${cmp.arm}`} m={m} cmp={cmp} view={a.view} arm={armName(cmp.arm)} />))}</tbody>
      </table>
    </>
  );
}
