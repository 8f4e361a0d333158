/**
 * Programme: the air-traffic-control view. Contact budgets (how many promotional messages one
 * customer gets across every channel) and how competing campaigns are ranked; the budget as it
 * is spent week by week, for all customers and per lifecycle segment (how many reached it, how
 * many got nothing — the airline's chart); experiment layers with their traffic split; and every live campaign by page, slot,
 * layer, audience and channel.
 */
import { ALL_CUSTOMERS_ROW, type ProgrammeView, type ProgrammeWeek } from '@slotwise/core/protocol';
import { useEffect, useState } from 'preact/hooks';
import { chartRows, segmentLabel, thisWeekBySegment } from '../store/budget-chart.ts';
import { draft } from '../store/draft.ts';
import { layerSplits } from '../store/layers.ts';
import { loadProgramme, programme } from '../store/programme.ts';

type Config = NonNullable<typeof draft.value>;

function Budgets({ config }: { config: Config }) {
  const budgets = config.budgets ?? [];
  return (
    <section class="card" data-testid="budgets">
      <h2>Contact budgets</h2>
      <p class="muted">At most this many promotional messages per customer, counted across campaigns and channels. Service messages never count.</p>
      {budgets.length === 0 && <p class="muted">No budget: every campaign may reach a customer as often as its own caps allow.</p>}
      {budgets.map((b) => (
        <div class="row budget-row" key={b.id}>
          <label class="field narrow">
            <span>At most</span>
            <input
              type="number"
              min={1}
              max={30}
              aria-label="Messages at most"
              value={b.limit}
              onInput={(e) => programme.changeBudget(b.id, { limit: Math.max(1, Math.min(30, Math.round(Number(e.currentTarget.value)) || 1)) })}
            />
          </label>
          <label class="field narrow">
            <span>messages a</span>
            <select aria-label="Budget period" value={b.per} onChange={(e) => programme.changeBudget(b.id, { per: e.currentTarget.value as 'day' | 'week' })}>
              <option value="week">week</option>
              <option value="day">day</option>
            </select>
          </label>
          <label class="field">
            <span>on</span>
            <select aria-label="Budget channels" value={b.channels ?? 'all'} onChange={(e) => programme.changeBudget(b.id, { channels: e.currentTarget.value as 'all' | 'web' })}>
              <option value="all">every channel (web, email, app…)</option>
              <option value="web">the website only</option>
            </select>
          </label>
          <label class="field narrow">
            <span>for group</span>
            <input
              aria-label="Budget group"
              placeholder="all campaigns"
              value={b.group ?? ''}
              onInput={(e) => programme.changeBudget(b.id, { group: e.currentTarget.value.trim() })}
            />
          </label>
          <button type="button" class="btn ghost small" onClick={() => programme.removeBudget(b.id)}>
            Remove
          </button>
        </div>
      ))}
      <div class="row">
        <button type="button" class="btn" onClick={() => programme.addBudget()}>
          + Add a budget
        </button>
        <label class="field">
          <span>When campaigns compete for a slot or the last message</span>
          <select aria-label="Ranking" value={config.arbitration ?? 'priority'} onChange={(e) => programme.setArbitration(e.currentTarget.value as 'priority' | 'value')}>
            <option value="priority">the highest priority wins</option>
            <option value="value">the highest expected value wins (conversion rate × worth)</option>
          </select>
        </label>
      </div>
    </section>
  );
}

/** The histogram's bars: 0, 1, … up to one past the budget or the highest count seen, the last one summing the rest ("5+"). */
function shownBuckets(got: readonly number[], limit: number | null): { label: string; from: number; n: number }[] {
  const lastSeen = got.reduce((last, n, i) => (n > 0 ? i : last), 0);
  const end = Math.min(got.length - 1, Math.max(lastSeen, (limit ?? 3) + 1));
  return got.slice(0, end + 1).map((n, i) => (i < end ? { label: String(i), from: i, n } : { label: `${i}+`, from: i, n: got.slice(i).reduce((a, b) => a + b, 0) }));
}

function WeekHistogram({ w, limit, who }: { w: ProgrammeWeek; limit: number | null; who: string }) {
  if (w.visitors === 0) {
    return (
      <p class="budget-week muted">
        <strong>Week from {w.start}</strong> · no {who} seen
      </p>
    );
  }
  const buckets = shownBuckets(w.got, limit);
  const most = Math.max(1, ...buckets.map((b) => b.n));
  return (
    <div class="budget-week">
      <div class="budget-week-head">
        <strong>Week from {w.start}</strong>{' '}
        <span class="muted">
          {w.visitors.toLocaleString()} visitor{w.visitors === 1 ? '' : 's'} · {w.got[0]?.toLocaleString() ?? 0} got nothing
          {w.atBudget === null ? '' : ` · ${w.atBudget.toLocaleString()} reached the budget`}
        </span>
      </div>
      <div class="histogram" role="img" aria-label={`Week from ${w.start}: ${buckets.map((b) => `${b.n} got ${b.label}`).join(', ')}`}>
        {buckets.map((b) => (
          <div key={b.label} class={`bar ${limit !== null && b.from >= limit ? 'at-budget' : ''} ${b.from === 0 ? 'none' : ''}`}>
            <span class="bar-count">{b.n}</span>
            <span class="bar-fill" style={{ height: `${(b.n / most) * 100}%` }} />
            <span class="bar-label">{b.label}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** This week, one line per segment: who is flooded and who is forgotten, side by side. Clicking a line shows its weeks. */
function SegmentSummary({ view, onPick }: { view: ProgrammeView; onPick: (id: string) => void }) {
  const lines = thisWeekBySegment(view);
  const limit = view.weeklyBudget;
  return (
    <table class="table" data-testid="segment-summary">
      <caption class="muted">This week so far, by segment (a customer in several segments counts in each)</caption>
      <thead>
        <tr>
          <th>Customers</th>
          <th>Seen</th>
          <th>Got nothing</th>
          {limit !== null && <th>Reached the budget</th>}
        </tr>
      </thead>
      <tbody>
        {lines.map((l) => (
          <tr key={l.id}>
            <td>
              <button type="button" class="btn ghost small" onClick={() => onPick(l.id)}>
                {l.label}
              </button>
            </td>
            <td>{l.week.visitors.toLocaleString()}</td>
            <td>{(l.week.got[0] ?? 0).toLocaleString()}</td>
            {limit !== null && <td>{(l.week.atBudget ?? 0).toLocaleString()}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function BudgetChart({ view }: { view: ProgrammeView | null }) {
  const [picked, setPicked] = useState<string>(ALL_CUSTOMERS_ROW.id);
  if (!view) return null;
  const limit = view.weeklyBudget;
  const rows = chartRows(view);
  const row = rows.find((r) => r.id === picked) ?? rows[0];
  if (!row) return null;
  const who = row.id === ALL_CUSTOMERS_ROW.id ? 'customers' : `“${segmentLabel(row.id)}” customers`;
  return (
    <section class="card" data-testid="budget-chart">
      <h2>The budget as it is spent</h2>
      <p class="muted">Promotional messages each active visitor got, per week{limit === null ? '' : `; the weekly budget is ${limit}`}.</p>
      <SegmentSummary view={view} onPick={setPicked} />
      <div class="row">
        <label class="field">
          <span>Show the weeks of</span>
          <select aria-label="Customers shown" value={row.id} onChange={(e) => setPicked(e.currentTarget.value)}>
            {rows.map((r) => (
              <option key={r.id} value={r.id}>
                {segmentLabel(r.id)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p class="muted" data-testid="budget-chart-reading">
        {segmentLabel(row.id)}: {row.description}. Each bar is how many of these customers got that many promotional messages in the week (web, email, app and every other channel
        together; a campaign shown again the same day counts once). The first bar is those who got nothing
        {limit === null ? '' : `; bars from ${limit} on reached the budget`}.
      </p>
      {row.weeks.map((w) => (
        <WeekHistogram key={w.start} w={w} limit={limit} who={who} />
      ))}
    </section>
  );
}

function Layers({ config }: { config: Config }) {
  const [name, setName] = useState('');
  return (
    <section class="card" data-testid="layers">
      <h2>Experiment layers</h2>
      <p class="muted">Experiments in one layer never share a visitor: each takes its own share of the layer's traffic.</p>
      {layerSplits(config).map((l) => (
        <div key={l.id} class="layer-row">
          <strong>{l.name}</strong> <span class="muted">{l.freePct}% free</span>
          <div class="layer-split" role="group" aria-label={`Traffic of layer ${l.name}`}>
            {l.shares.map((s) => (
              <span key={s.campaign} class="layer-share" style={{ left: `${s.start}%`, width: `${s.end - s.start}%` }} title={`${s.name}: ${s.start}–${s.end}%`}>
                {s.name} {s.end - s.start}%
              </span>
            ))}
          </div>
        </div>
      ))}
      <form
        class="row"
        onSubmit={(e) => {
          e.preventDefault();
          if (!name.trim()) return;
          programme.addLayer(name);
          setName('');
        }}
      >
        <input aria-label="New layer name" placeholder="e.g. Checkout experiments" value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit" class="btn">
          + Add a layer
        </button>
      </form>
    </section>
  );
}

function LiveCampaigns({ config }: { config: Config }) {
  const live = config.campaigns.filter((c) => c.status === 'live');
  const audience = (id?: string) => (id ? (config.audiences.find((a) => a.id === id)?.name ?? id) : 'Everyone');
  const layer = (id?: string) => (id ? (config.layers?.find((l) => l.id === id)?.name ?? id) : '—');
  const pages = (c: Config['campaigns'][number]) =>
    [...new Set([...(c.pages ?? []), ...config.slots.filter((s) => c.slots.includes(s.name)).flatMap((s) => s.pages ?? [])])].join(', ') || 'every page';
  return (
    <section class="card">
      <h2>Live campaigns</h2>
      <table class="table" data-testid="programme-campaigns">
        <thead>
          <tr>
            <th>Campaign</th>
            <th>Pages</th>
            <th>Slots</th>
            <th>Layer</th>
            <th>Audience</th>
            <th>Kind</th>
            <th>Channels</th>
          </tr>
        </thead>
        <tbody>
          {live.map((c) => (
            <tr key={c.id}>
              <td>{c.name}</td>
              <td>{pages(c)}</td>
              <td>{c.slots.join(', ')}</td>
              <td>{layer(c.layer?.id)}</td>
              <td>{audience(c.audience)}</td>
              <td>{c.purpose === 'service' ? 'Service' : 'Promotional'}</td>
              <td>Website, Decide API</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ProgrammeScreen() {
  const config = draft.value;
  const [view, setView] = useState<ProgrammeView | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    loadProgramme().then(setView, (e: Error) => setError(e.message));
  }, []);
  if (!config) return null;
  return (
    <div class="page-screen">
      <div class="page-head">
        <div>
          <h1>Programme</h1>
          <p class="muted">
            Every campaign and experiment together: how often one customer hears from you, and which experiments may share visitors. Changes here are part of the draft: publish to
            apply them.
          </p>
        </div>
      </div>
      <Budgets config={config} />
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : (
        <BudgetChart view={view} />
      )}
      <Layers config={config} />
      <LiveCampaigns config={config} />
    </div>
  );
}
