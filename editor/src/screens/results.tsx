/**
 * Results: every published campaign with its verdict, and one campaign in depth — visitors,
 * conversions, rates, revenue, uplift against the control group with its interval, the chance
 * to beat control, the traffic-split check and a chart over time. Refreshed every 10 seconds,
 * so a marketer sees visitors seconds after they saw the campaign.
 */
import type { ArmResult, CampaignSummary } from '@slotwise/core/stats';
import { RecommendationResults } from './results-recommendations.tsx';
import { useEffect, useState } from 'preact/hooks';
import { type CampaignResultsDetail, api } from '../api.ts';
import { openResults, showResults } from '../store/navigation.ts';
import { GuardrailFlag, MetricsTable, ViewChoice } from '../panels/results-metrics.tsx';
import { loadCampaignResults, loadResults, resultsView } from '../store/results.ts';
import { RateChart } from '../ui/rate-chart.tsx';

const REFRESH_MS = 10_000;
const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%`;
const money = (x: number) => x.toFixed(2);

/** Polls `load` while mounted; returns its latest value and error. */
function usePolled<T>(load: () => Promise<T>, key: string): { data: T | null; error: string } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let live = true;
    const run = () =>
      load().then(
        (d) => {
          if (live) {
            setData(d);
            setError('');
          }
        },
        (e: Error) => live && setError(e.message),
      );
    void run();
    const timer = setInterval(run, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [key]);
  return { data, error };
}

export function ResultsScreen() {
  return openResults.value ? <CampaignResults id={openResults.value} /> : <Overview />;
}

const LIFECYCLE: Record<NonNullable<CampaignSummary['lifecycle']>, string> = { live: 'Live', paused: 'Paused', draft: 'Draft', removed: 'Removed', 'rolled-back': 'Rolled back' };

/** Live, paused…, or Removed / Rolled back for a campaign no longer in the live config. */
function Lifecycle({ c }: { c: CampaignSummary }) {
  const state = c.lifecycle ?? c.status;
  return (
    <span class={`pill status-${state === 'live' || state === 'paused' || state === 'draft' ? state : 'removed'}`} data-testid="lifecycle">
      {LIFECYCLE[state]}
    </span>
  );
}

/** "v2–v4, v7": the versions a campaign was live in. */
export function versionRanges(versions: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < versions.length; i++) {
    let j = i;
    while (j + 1 < versions.length && versions[j + 1] === versions[j]! + 1) j++;
    parts.push(i === j ? `v${versions[i]}` : `v${versions[i]}–v${versions[j]}`);
    i = j;
  }
  return parts.join(', ');
}

/** Revenue matters for a goal that carries a value (a purchase's amount); others show none. */
const hasRevenue = (c: CampaignSummary) => c.arms.some((a) => a.valueSum !== 0);

function bestArm(c: CampaignSummary): ArmResult | undefined {
  return c.arms.filter((a) => a.uplift).sort((a, b) => (b.uplift?.rel ?? 0) - (a.uplift?.rel ?? 0))[0];
}

function Overview() {
  const { data, error } = usePolled(loadResults, `overview:${resultsView.value}`);
  return (
    <div class="page-screen">
      <div class="page-head">
        <div>
          <h1>Results</h1>
          <p class="muted">Every campaign that was ever published and seen, measured against its control group — removed and rolled-back ones too. Updates every 10 seconds.</p>
        </div>
      </div>
      <ViewChoice />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {data?.filtered && (
        <p class="muted small" data-testid="bots-filtered">
          {data.filtered.botEvents === 0
            ? 'No traffic was filtered as bots.'
            : `${data.filtered.botEvents} event${data.filtered.botEvents === 1 ? '' : 's'} in ${data.filtered.botBatches} batch${data.filtered.botBatches === 1 ? '' : 'es'} came from bots and crawlers and are not counted.`}{' '}
          Visitors who did not consent are never counted.
        </p>
      )}
      {!data ? (
        <p class="muted">Loading…</p>
      ) : data.campaigns.length === 0 ? (
        <div class="empty card">
          <p>
            <strong>Nothing published yet.</strong>
          </p>
          <p class="muted">Results appear here as soon as visitors see a published campaign.</p>
        </div>
      ) : (
        <table class="table" data-testid="results-overview">
          <thead>
            <tr>
              <th>Campaign</th>
              <th>Status</th>
              <th>Ran in</th>
              <th>Visitors</th>
              <th>Converted</th>
              <th>Best uplift</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {data.campaigns.map((c) => {
              const best = bestArm(c);
              return (
                <tr key={c.id}>
                  <td>
                    <button class="link strong" onClick={() => showResults(c.id)}>
                      {c.name}
                    </button>
                    {(c.metrics?.guardrailWorse.length ?? 0) > 0 && (
                      <span class="pill flag-bad" data-testid="guardrail-flag" title="A guardrail is worse with confidence">
                        guardrail worse
                      </span>
                    )}
                    {c.srm.warning && (
                      <span class="pill status-paused" title="Sample ratio mismatch">
                        split off
                      </span>
                    )}
                  </td>
                  <td>
                    <Lifecycle c={c} />
                  </td>
                  <td class="muted small">{versionRanges(c.versions ?? []) || '—'}</td>
                  <td>{c.arms.reduce((n, a) => n + a.exposed, 0)}</td>
                  <td>{c.arms.reduce((n, a) => n + a.converted, 0)}</td>
                  <td>
                    {best?.uplift ? (
                      <span class={best.uplift.lo > 0 ? 'good' : best.uplift.hi < 0 ? 'bad' : ''}>
                        {best.name}: {signed(best.uplift.rel)}
                      </span>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                  <td class="verdict-cell">{c.verdict}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The uplift with the interval of the chosen view: always-valid, or fixed-horizon. */
function Uplift({ a, view }: { a: ArmResult; view: 'sequential' | 'fixed' }) {
  const i = view === 'sequential' ? a.alwaysValid : a.uplift;
  if (!a.uplift || !i) return <span class="muted">—</span>;
  return (
    <span class={i.lo > 0 ? 'good' : i.hi < 0 ? 'bad' : ''}>
      {signed(a.uplift.rel)}{' '}
      <span class="muted small">
        ({signed(i.lo)} to {signed(i.hi)})
      </span>
    </span>
  );
}

function CampaignResults({ id }: { id: string }) {
  const view = resultsView.value;
  const { data, error } = usePolled<CampaignResultsDetail>(() => loadCampaignResults(id), `${id}:${view}`);
  return (
    <div class="page-screen">
      <button class="link back" onClick={() => showResults(null)}>
        ← All results
      </button>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!data ? (
        <p class="muted">Loading…</p>
      ) : (
        <>
          <div class="page-head">
            <div>
              <h1>
                {data.name} <Lifecycle c={data} />
              </h1>
              {(data.lifecycle === 'removed' || data.lifecycle === 'rolled-back') && (
                <p class="notice-line" data-testid="removed-note">
                  This campaign is no longer in the live version ({data.lifecycle === 'removed' ? 'it was removed' : 'a restore took it out'}); its results are kept. It ran in{' '}
                  {versionRanges(data.versions ?? []) || 'no live version'}.
                </p>
              )}
              <p class="muted">
                Goal:{' '}
                {data.goal.type === 'event' ? (
                  <>
                    the event <code>{data.goal.event}</code>
                  </>
                ) : (
                  <>
                    a visit to <code>{data.goal.path}</code>
                  </>
                )}{' '}
                · conversions count once per visitor, within 30 days of their first exposure
              </p>
            </div>
            <a class="btn" href={api.resultsCsvPath(id)} download>
              Export CSV
            </a>
          </div>
          <GuardrailFlag c={data} />
          <ViewChoice />
          <div class="verdict card" role="status" data-testid="verdict">
            {data.verdict}
          </div>
          {data.srm.warning && (
            <div class="warning" role="alert">
              <strong>Sample ratio mismatch</strong> (p = {data.srm.p?.toExponential(1)}): the traffic split differs from the configured one more than chance explains. Check for
              redirects, caching or bots before trusting these numbers.
            </div>
          )}
          <table class="table results-table" data-testid="results-table">
            <thead>
              <tr>
                <th>Arm</th>
                <th>Visitors</th>
                <th>Converted</th>
                <th>Rate</th>
                {hasRevenue(data) && <th>Revenue / visitor</th>}
                <th>Uplift vs control ({view === 'sequential' ? 'always-valid 95%' : '95% CI, fixed horizon'})</th>
                <th>Chance to beat control</th>
                {data.bandit && <th>Traffic now</th>}
              </tr>
            </thead>
            <tbody>
              {data.arms.map((a) => (
                <tr key={a.id}>
                  <td>
                    <strong>{a.name}</strong>
                    {a.id === 'control' && <span class="muted small"> (default content)</span>}
                  </td>
                  <td>{a.exposed}</td>
                  <td>
                    {a.converted}
                    {a.conversions !== a.converted && <span class="muted small"> ({a.conversions} in all)</span>}
                  </td>
                  <td>{pct(a.rate)}</td>
                  {hasRevenue(data) && <td>{money(a.revenuePerVisitor)}</td>}
                  <td>
                    <Uplift a={a} view={view} />
                  </td>
                  <td>{a.chanceToBeat === null ? <span class="muted">—</span> : pct(a.chanceToBeat, 0)}</td>
                  {data.bandit && <td>{data.bandit.weights[a.id] === undefined ? '—' : pct(data.bandit.weights[a.id]!, 0)}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          <MetricsTable c={data} />
          {data.recommendations && <RecommendationResults arms={data.arms} reco={data.recommendations} />}
          <h2 class="section-title">Conversion rate over time</h2>
          <div class="card">
            <RateChart daily={data.daily} arms={data.arms.map((a) => ({ id: a.id, name: a.name }))} />
          </div>
        </>
      )}
    </div>
  );
}
