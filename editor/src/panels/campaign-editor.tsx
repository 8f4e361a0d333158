/**
 * One campaign, edited beside the live page: where it shows (slots, pages), who sees it (an
 * audience, built visually), what they see (variants, shown in the frame while edited), how it
 * is measured (goal, control group, split) and when (priority, schedule, status).
 */
import { useEffect } from 'preact/hooks';
import { AudienceBuilder } from '../audience/audience-builder.tsx';
import {
  type CampaignInput,
  addAudience,
  addVariant,
  duplicateCampaign,
  removeCampaign,
  removeVariant,
  setVariantContent,
  updateAudience,
  updateCampaign,
  updateVariant,
} from '../store/draft-ops.ts';
import { type FormSection, type MarketerError, explainError } from '@slotwise/core';
import { catalog, draft, errorsAt } from '../store/draft.ts';
import { page } from '../store/frame-page.ts';
import { activeVariant, chooseVariant, editCampaign } from '../store/navigation.ts';
import { ContentEditor } from './content-editor.tsx';

/** Errors in marketer words, shown next to the part of the form they are about. */
function FieldErrors({ list, at }: { list: MarketerError[]; at: FormSection[] }) {
  const here = list.filter((e) => at.includes(e.section));
  if (here.length === 0) return null;
  return <ul class="errors" role="alert">{here.map((e) => <li key={e.path + e.text}>{e.text}</li>)}</ul>;
}

const toLocal = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
const fromLocal = (value: string) => (value ? new Date(`${value}:00Z`).toISOString() : undefined);

export function CampaignEditor({ id }: { id: string }) {
  const config = draft.value!;
  const index = config.campaigns.findIndex((c) => c.id === id);
  const campaign = config.campaigns[index];
  useEffect(() => {
    if (campaign && !campaign.variants.some((v) => v.id === activeVariant.value)) chooseVariant(campaign.variants[0]?.id ?? null);
  }, [campaign?.variants.length, id]);
  useEffect(() => () => chooseVariant(null), []);
  if (!campaign) {
    return <div class="panel-body"><button class="link back" onClick={() => editCampaign(null)}>← Back</button><p>This campaign no longer exists.</p></div>;
  }
  const at = `campaigns[${index}]`;
  const errors = errorsAt(at).map((e) => explainError(config, e));
  const change = (fn: (c: CampaignInput) => CampaignInput) => updateCampaign(id, fn);
  const allSlots = [...new Set([...config.slots.map((s) => s.name), ...(page.value?.slots.map((s) => s.name) ?? [])])];
  const audience = config.audiences.find((a) => a.id === campaign.audience);
  const audienceIndex = config.audiences.findIndex((a) => a.id === campaign.audience);
  const usedBy = config.campaigns.filter((c) => c.audience && c.audience === campaign.audience).length;
  const totalWeight = campaign.variants.reduce((sum, v) => sum + (v.weight ?? 1), 0) || 1;
  const holdout = campaign.holdoutPct ?? 0;

  return (
    <div class="panel-body campaign-editor" data-testid="campaign-editor">
      <div class="row space">
        <button class="link back" onClick={() => editCampaign(null)}>← Slot</button>
        <div class="row">
          <button class="link" onClick={() => { const copy = duplicateCampaign(id); if (copy) editCampaign(copy); }}>Duplicate</button>
          <button class="link danger" onClick={() => { if (confirm(`Delete “${campaign.name}” from the draft?`)) { editCampaign(null); removeCampaign(id); } }}>Delete</button>
        </div>
      </div>
      <input class="title-input" aria-label="Campaign name" value={campaign.name} onInput={(e) => change((c) => ({ ...c, name: e.currentTarget.value }))} />
      <div class="segmented status" role="radiogroup" aria-label="Status">
        {(['draft', 'live', 'paused'] as const).map((s) => (
          <button key={s} role="radio" aria-checked={campaign.status === s} class={campaign.status === s ? `on status-${s}` : ''} onClick={() => change((c) => ({ ...c, status: s }))}>
            {s === 'draft' ? 'Draft' : s === 'live' ? 'Live when published' : 'Paused'}
          </button>
        ))}
      </div>
      <FieldErrors list={errors} at={['name', 'status', 'other']} />

      <section class="block">
        <h3>Where</h3>
        <div class="chips" role="group" aria-label="Slots">
          {allSlots.map((s) => (
            <label key={s} class={`chip ${campaign.slots.includes(s) ? 'on' : ''}`}>
              <input type="checkbox" checked={campaign.slots.includes(s)} onChange={(e) => {
                const on = e.currentTarget.checked;
                change((c) => ({ ...c, slots: on ? [...c.slots, s] : c.slots.filter((x) => x !== s) }));
              }} />
              {s}
            </label>
          ))}
        </div>
        <label class="field">
          <span>Only on pages <small class="muted">(optional: /, /shoes/*, * — comma-separated)</small></span>
          <input value={(campaign.pages ?? []).join(', ')} placeholder="every page the slot is on" onChange={(e) => {
            const pages = e.currentTarget.value.split(',').map((s) => s.trim()).filter(Boolean);
            change((c) => { const { pages: _, ...rest } = c; return pages.length ? { ...rest, pages } : rest; });
          }} />
        </label>
        <FieldErrors list={errors} at={['slots', 'pages']} />
      </section>

      <section class="block">
        <h3>Who</h3>
        <div class="row">
          <select aria-label="Audience" value={campaign.audience ?? ''} onChange={(e) => {
            const value = e.currentTarget.value;
            if (value === '__new') {
              const newId = addAudience(`${campaign.name} audience`);
              change((c) => ({ ...c, audience: newId }));
            } else change((c) => { const { audience: _, ...rest } = c; return value ? { ...rest, audience: value } : rest; });
          }}>
            <option value="">Everyone</option>
            {config.audiences.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
            <option value="__new">+ New audience…</option>
          </select>
        </div>
        {audience && (
          <div class="audience-inline">
            <label class="field">
              <span>Audience name {usedBy > 1 && <small class="muted">(shared by {usedBy} campaigns: changes apply to all)</small>}</span>
              <input value={audience.name} onInput={(e) => updateAudience(audience.id, (a) => ({ ...a, name: e.currentTarget.value }))} />
            </label>
            <AudienceBuilder key={audience.id} condition={audience.condition} path={page.value?.path ?? '/'}
              onChange={(condition) => updateAudience(audience.id, (a) => ({ ...a, condition }))} />
            {errorsAt(`audiences[${audienceIndex}]`).map((e) => <p key={e} class="error" role="alert">{explainError(config, e).text}</p>)}
          </div>
        )}
        <FieldErrors list={errors} at={['audience']} />
      </section>

      <section class="block">
        <h3>What</h3>
        <div class="variant-tabs" role="tablist" aria-label="Variants">
          {campaign.variants.map((v) => (
            <button key={v.id} role="tab" aria-selected={activeVariant.value === v.id} class={activeVariant.value === v.id ? 'on' : ''} onClick={() => chooseVariant(v.id)}>
              {v.name} <span class="muted small">{Math.round(((v.weight ?? 1) / totalWeight) * (100 - holdout))}%</span>
            </button>
          ))}
          <button class="btn small ghost" onClick={() => addVariant(id)}>+ Variant</button>
        </div>
        {campaign.variants.filter((v) => v.id === activeVariant.value).map((v) => {
          const vi = campaign.variants.indexOf(v);
          return (
            <div key={v.id} class="variant" role="tabpanel">
              <div class="row">
                <label class="field grow"><span>Variant name</span><input value={v.name} onInput={(e) => updateVariant(id, v.id, (x) => ({ ...x, name: e.currentTarget.value }))} /></label>
                <label class="field narrow"><span>Weight</span><input type="number" min={0} value={v.weight ?? 1} onInput={(e) => updateVariant(id, v.id, (x) => ({ ...x, weight: Math.max(0, Number(e.currentTarget.value) || 0) }))} /></label>
              </div>
              {campaign.slots.map((slot) => (
                <div key={slot} class="slot-content">
                  <span class="label">In <code>{slot}</code></span>
                  <ContentEditor path={`${at}.variants[${vi}].content.${slot}`} slotTag={page.value?.slots.find((s) => s.name === slot)?.tag ?? 'div'}
                    content={v.content[slot]} onChange={(content) => setVariantContent(id, v.id, slot, content)} />
                </div>
              ))}
              {campaign.variants.length > 1 && <button class="link danger" onClick={() => removeVariant(id, v.id)}>Remove this variant</button>}
            </div>
          );
        })}
        <FieldErrors list={errors} at={['variants']} />
        {campaign.variants.length > 1 && (
          <div class="segmented" role="radiogroup" aria-label="Traffic split">
            <button role="radio" aria-checked={campaign.allocation !== 'bandit'} class={campaign.allocation !== 'bandit' ? 'on' : ''}
              onClick={() => change((c) => { const { allocation: _, ...rest } = c; return rest; })}>Fixed split (A/B test)</button>
            <button role="radio" aria-checked={campaign.allocation === 'bandit'} class={campaign.allocation === 'bandit' ? 'on' : ''}
              onClick={() => change((c) => ({ ...c, allocation: 'bandit' }))}>Optimize automatically</button>
          </div>
        )}
        {campaign.allocation === 'bandit' && <p class="muted small">Traffic shifts toward the variant that converts best (Thompson sampling, checked every minute); each variant keeps at least 5%, and the control group stays for measuring uplift.</p>}
        <label class="field">
          <span>Control group: <strong>{holdout}%</strong> of measured visitors keep the page as it is, so the uplift can be measured; visitors who have not consented always see the best-known variant.</span>
          <input type="range" min={0} max={50} step={5} value={holdout} aria-label="Control group percent" onInput={(e) => change((c) => ({ ...c, holdoutPct: Number(e.currentTarget.value) }))} />
        </label>
        <FieldErrors list={errors} at={['control']} />
      </section>

      <section class="block">
        <h3>Goal and timing</h3>
        <div class="row">
          <label class="field">
            <span>Goal</span>
            <select aria-label="Goal type" value={campaign.goal?.type ?? 'none'} onChange={(e) => {
              const type = e.currentTarget.value;
              change((c) => {
                const { goal: _, ...rest } = c;
                return type === 'event' ? { ...rest, goal: { type: 'event', event: 'purchase' } } : type === 'page' ? { ...rest, goal: { type: 'page', path: '/checkout' } } : rest;
              });
            }}>
              <option value="none">No goal</option>
              <option value="event">An event happens</option>
              <option value="page">A page is visited</option>
            </select>
          </label>
          {campaign.goal?.type === 'event' && (
            <label class="field grow"><span>Event <small class="muted">(one your site sends)</small></span>
              <input aria-label="Goal event" list="sw-goal-events" value={campaign.goal.event} onInput={(e) => change((c) => ({ ...c, goal: { type: 'event', event: e.currentTarget.value.trim() } }))} />
              <datalist id="sw-goal-events">{goalEvents().map((ev) => <option key={ev} value={ev} />)}</datalist>
            </label>
          )}
          {campaign.goal?.type === 'page' && (
            <label class="field grow"><span>Page path</span>
              <input aria-label="Goal page" value={campaign.goal.path} onInput={(e) => change((c) => ({ ...c, goal: { type: 'page', path: e.currentTarget.value.trim() } }))} />
            </label>
          )}
        </div>
        <div class="row">
          <label class="field narrow"><span>Priority</span>
            <input type="number" min={1} aria-label="Priority" value={campaign.priority} onInput={(e) => change((c) => ({ ...c, priority: Math.max(1, Math.round(Number(e.currentTarget.value)) || 1) }))} />
          </label>
          <label class="field"><span>Starts (UTC)</span>
            <input type="datetime-local" value={toLocal(campaign.schedule?.start)} onChange={(e) => change((c) => ({ ...c, schedule: clean({ ...c.schedule, start: fromLocal(e.currentTarget.value) }) }))} />
          </label>
          <label class="field"><span>Ends (UTC)</span>
            <input type="datetime-local" value={toLocal(campaign.schedule?.end)} onChange={(e) => change((c) => ({ ...c, schedule: clean({ ...c.schedule, end: fromLocal(e.currentTarget.value) }) }))} />
          </label>
        </div>
        {campaign.goal?.type === 'event' && <GoalWarning event={campaign.goal.event} onPick={(event) => change((c) => ({ ...c, goal: { type: 'event', event } }))} />}
        <FieldErrors list={errors} at={['goal', 'priority', 'schedule']} />
        <p class="muted small">1 is considered first; a slot shows at most one campaign.</p>
        <div class="row">
          <label class="field narrow"><span>At most, per day</span>
            <input type="number" min={1} aria-label="Frequency cap per day" placeholder="no limit" value={campaign.frequencyCap?.perDay ?? ''}
              onInput={(e) => change((c) => withCap(c, 'perDay', e.currentTarget.value))} />
          </label>
          <label class="field narrow"><span>At most, in all</span>
            <input type="number" min={1} aria-label="Frequency cap in all" placeholder="no limit" value={campaign.frequencyCap?.total ?? ''}
              onInput={(e) => change((c) => withCap(c, 'total', e.currentTarget.value))} />
          </label>
          <p class="muted small grow">Frequency cap: how often one visitor sees this campaign (per UTC day / ever); after that the slot goes to the next campaign or its default.</p>
        </div>
        <FieldErrors list={errors} at={['cap']} />
      </section>
    </div>
  );
}

/** Events to offer as goals: those the site has sent first, then the standard ones. */
function goalEvents(): string[] {
  const { seenEvents, events } = catalog.value;
  return [...new Set([...(seenEvents ?? []), ...events])];
}

/** Edits between two names (Levenshtein), to suggest the event a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * A goal on an event the site has never sent would never convert: say so, and offer the name
 * it most likely meant. Shown only once the Worker reports what the site sends.
 */
function GoalWarning({ event, onPick }: { event: string; onPick: (event: string) => void }) {
  const seen = catalog.value.seenEvents;
  if (!seen || !event || seen.includes(event)) return null;
  const known = goalEvents();
  const near = known.map((k) => [k, distance(event, k)] as const).filter(([, d]) => d > 0 && d <= 2).sort((a, b) => a[1] - b[1])[0]?.[0];
  return (
    <p class="warning small" role="status" data-testid="goal-warning">
      Your site has not sent “{event}” yet{seen.length ? '' : ' (no events received so far)'}: this goal counts no conversion until it does.
      {near && <> Did you mean <button type="button" class="link" onClick={() => onPick(near)}>{near}</button>?</>}
    </p>
  );
}

/** Sets or clears one frequency-cap limit; an empty or invalid entry means no limit. */
function withCap(c: CampaignInput, key: 'perDay' | 'total', raw: string): CampaignInput {
  const n = Math.round(Number(raw));
  const cap = { ...c.frequencyCap };
  if (raw.trim() !== '' && Number.isFinite(n) && n >= 1) cap[key] = n;
  else delete cap[key];
  const { frequencyCap: _, ...rest } = c;
  return Object.keys(cap).length ? { ...rest, frequencyCap: cap } : rest;
}

function clean(schedule: { start?: string | undefined; end?: string | undefined }): { start?: string; end?: string } {
  return { ...(schedule.start ? { start: schedule.start } : {}), ...(schedule.end ? { end: schedule.end } : {}) };
}
