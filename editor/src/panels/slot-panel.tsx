/** One slot: what it shows by default and the campaigns that may replace it, in priority order. */
import { addCampaign } from '../store/draft-ops.ts';
import { draft } from '../store/draft.ts';
import { page } from '../store/frame-page.ts';
import { editCampaign, selectSlot } from '../store/navigation.ts';
import { StatusPill } from '../ui/status-pill.tsx';
import { HiddenNote } from '../ui/hidden-note.tsx';
import { plural } from '../words.ts';

export function SlotPanel({ slot }: { slot: string }) {
  const config = draft.value;
  const onPage = page.value?.slots.find((s) => s.name === slot);
  const element = config?.slots.find((s) => s.name === slot && s.selector);
  const campaigns = (config?.campaigns ?? []).filter((c) => c.slots.includes(slot)).sort((a, b) => a.priority - b.priority);
  const audienceName = (id?: string) => (id ? (config?.audiences.find((a) => a.id === id)?.name ?? id) : 'Everyone');

  return (
    <div class="panel-body">
      <button class="link back" onClick={() => selectSlot(null)}>
        ← All slots on this page
      </button>
      <h2 class="panel-title">
        Slot <code>{slot}</code>
      </h2>
      {element ? (
        <div class="default-box">
          <span class="label">An element you picked</span>
          <p>
            <code>{element.selector}</code> on {(element.pages ?? []).join(', ')}
            {element.match === 'all' ? ' (every match)' : ''}
          </p>
          <p class="muted small">To change it another way, click it on the page.</p>
        </div>
      ) : (
        <div class="default-box">
          <span class="label">Default content (from the page)</span>
          <p class="clamp">{onPage?.text || '(empty)'}</p>
        </div>
      )}
      <div class="section-head">
        <h3>Campaigns on this slot</h3>
        {!element && (
          <button class="btn primary small" onClick={() => editCampaign(addCampaign(slot, onPage?.html ?? ''))}>
            + New campaign
          </button>
        )}
      </div>
      {campaigns.length === 0 ? (
        <div class="empty">
          <p>
            <strong>Everyone sees the default here.</strong>
          </p>
          <p class="muted">Create a campaign to show a different message to an audience.</p>
        </div>
      ) : (
        <ul class="campaign-cards">
          {campaigns.map((c) => (
            <li key={c.id}>
              <button class="campaign-card" onClick={() => editCampaign(c.id)}>
                <span class="row">
                  <strong>{c.name}</strong>
                  <StatusPill status={c.status} />
                </span>
                <span class="muted small">
                  #{c.priority} · {audienceName(c.audience)} · {plural(c.variants.length, 'variant')}
                  {c.holdoutPct ? ` · ${c.holdoutPct}% control` : ''}
                </span>
              </button>
              {config && <HiddenNote config={config} campaign={c} />}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
