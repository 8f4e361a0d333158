/**
 * Every campaign in priority order: what runs where, for whom, and its state. Drag a row (or
 * use its arrow buttons) to change the order; the first match on a slot wins.
 */
import { useEffect, useState } from 'preact/hooks';
import { type CampaignInput, reorderCampaigns, updateCampaign } from '../store/draft-ops.ts';
import { draft, edit } from '../store/draft.ts';
import { openCampaignOnSite, showView } from '../store/navigation.ts';
import { compilePages } from '@slotwise/core/decide';
import { knownPaths } from '../store/frame-page.ts';
import { loadSlotHealth, warningsFor } from '../store/slot-health.ts';
import { guardrailFlags, refreshGuardrailFlags } from '../store/results.ts';
import { HiddenNote } from '../ui/hidden-note.tsx';

export function CampaignsScreen() {
  const config = draft.value;
  const [dragging, setDragging] = useState<string | null>(null);
  useEffect(() => void loadSlotHealth(), []);
  // Guardrails worse with confidence, from the results: flagged beside each campaign's name.
  useEffect(() => void refreshGuardrailFlags(), []);
  if (!config) return null;
  const ordered = [...config.campaigns].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
  const ids = ordered.map((c) => c.id);
  const move = (id: string, to: number) => {
    const next = ids.filter((x) => x !== id);
    next.splice(Math.max(0, Math.min(next.length, to)), 0, id);
    reorderCampaigns(next);
  };
  const audienceName = (c: CampaignInput) => (c.audience ? (config.audiences.find((a) => a.id === c.audience)?.name ?? c.audience) : 'Everyone');
  const open = (c: CampaignInput) => {
    const slot = config.slots.find((s) => s.name === c.slots[0]);
    // A concrete page of the slot, else a page the editor knows that its pattern matches (an element slot's /p/*).
    const first = slot?.pages?.find((p) => p.startsWith('/') && !p.includes('*')) ?? (slot?.pages ? knownPaths.value.find(compilePages(slot.pages)) : undefined);
    openCampaignOnSite(c.id, c.slots[0] ?? null, first ?? null);
  };

  return (
    <div class="page-screen">
      <div class="page-head">
        <div>
          <h1>Campaigns</h1>
          <p class="muted">In priority order: on each slot the first campaign whose audience matches wins. Drag to reorder.</p>
        </div>
        <button class="btn primary" onClick={() => showView('site')}>
          + New campaign on a slot
        </button>
      </div>
      <div class="card settings-row">
        <label class="field inline">
          <span>Global holdout</span>
          <input
            type="number"
            min={0}
            max={50}
            step={1}
            aria-label="Global holdout percent"
            value={config.site.holdoutPct ?? 0}
            class="num"
            onInput={(e) => {
              const pct = Math.min(50, Math.max(0, Number(e.currentTarget.value) || 0));
              edit((c) => {
                const { holdoutPct: _, ...site } = c.site;
                return { ...c, site: pct > 0 ? { ...site, holdoutPct: pct } : site };
              });
            }}
          />
          <span class="muted">% of visitors see no personalization at all, so Results can show what the whole programme adds.</span>
        </label>
      </div>
      {ordered.length === 0 ? (
        <div class="empty card">
          <p>
            <strong>No campaigns yet.</strong>
          </p>
          <p class="muted">Open the Site tab, click a slot on your page and create the first one.</p>
        </div>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th aria-label="Order" />
              <th>#</th>
              <th>Campaign</th>
              <th>Slots</th>
              <th>Audience</th>
              <th>Variants</th>
              <th>Control</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {ordered.map((c, i) => (
              <tr
                key={c.id}
                draggable
                class={dragging === c.id ? 'dragging' : ''}
                onDragStart={() => setDragging(c.id)}
                onDragEnd={() => setDragging(null)}
                onDragOver={(e) => e.preventDefault()}
                onDrop={(e) => {
                  e.preventDefault();
                  if (dragging) move(dragging, i);
                  setDragging(null);
                }}
              >
                <td class="handle">
                  <span aria-hidden="true">⋮⋮</span>
                  <button class="btn icon ghost" aria-label={`Move ${c.name} up`} disabled={i === 0} onClick={() => move(c.id, i - 1)}>
                    ↑
                  </button>
                  <button class="btn icon ghost" aria-label={`Move ${c.name} down`} disabled={i === ordered.length - 1} onClick={() => move(c.id, i + 1)}>
                    ↓
                  </button>
                </td>
                <td>{c.priority}</td>
                <td class="name-cell">
                  <button class="link strong" onClick={() => open(c)}>
                    {c.name}
                  </button>
                  {guardrailFlags.value[c.id] && (
                    <span class="pill flag-bad" data-testid="guardrail-flag" title={`Worse with confidence: ${guardrailFlags.value[c.id]?.join(', ')}`}>
                      guardrail worse
                    </span>
                  )}
                  <HiddenNote config={config} campaign={c} />
                  {warningsFor(c.slots).length > 0 && (
                    <p class="warning small" data-testid="selector-health-note">
                      Its change is not found on the page any more: open it to pick the element again.
                    </p>
                  )}
                </td>
                <td>
                  {c.slots.map((s) => (
                    <code key={s} class="tag">
                      {s}
                    </code>
                  ))}
                </td>
                <td>{audienceName(c)}</td>
                <td>{c.variants.length}</td>
                <td>{c.holdoutPct ?? 0}%</td>
                <td>
                  <select
                    aria-label={`Status of ${c.name}`}
                    class={`status-select status-${c.status}`}
                    value={c.status}
                    onChange={(e) => updateCampaign(c.id, (x) => ({ ...x, status: e.currentTarget.value as CampaignInput['status'] }))}
                  >
                    <option value="draft">Draft</option>
                    <option value="live">Live</option>
                    <option value="paused">Paused</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
