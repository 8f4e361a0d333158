/**
 * "Preview as": the page as a chosen visitor gets it from the draft, with the engine's reasons.
 * Presets cover the common cases; country, utm_source, device, hour and the bucketing id can be
 * changed to make up any visitor.
 */
import { useState } from 'preact/hooks';
import { decidePreview, presetVisitors, previewOn, previewVisitor } from '../preview.ts';
import { draft, openCampaign, page } from '../state.ts';

export function PreviewBar() {
  const presets = presetVisitors();
  const [open, setOpen] = useState(false);
  const v = previewVisitor.value;
  const set = (patch: Partial<typeof v>) => (previewVisitor.value = { ...v, ...patch, label: patch.label ?? `${v.label.replace(/ \(edited\)$/, '')} (edited)` });
  const current = page.value;
  const decisions = previewOn.value && current && draft.value ? decidePreview(draft.value, v, current.path, current.slots.map((s) => s.name)) : null;

  return (
    <div class="preview-bar">
      <label class="toggle">
        <input type="checkbox" checked={previewOn.value} onChange={(e) => { previewOn.value = e.currentTarget.checked; if (previewOn.value) openCampaign.value = null; }} />
        Preview as
      </label>
      <select aria-label="Preview visitor" value={presets.findIndex((p) => p.label === v.label)} onChange={(e) => {
        previewVisitor.value = presets[Number(e.currentTarget.value)] ?? presets[0]!;
        previewOn.value = true;
        openCampaign.value = null;
      }}>
        {presets.findIndex((p) => p.label === v.label) < 0 && <option value={-1}>{v.label}</option>}
        {presets.map((p, i) => <option key={p.label} value={i}>{p.label}</option>)}
      </select>
      <button class="btn small ghost" aria-expanded={open} onClick={() => setOpen(!open)}>Edit visitor</button>
      {decisions && !('error' in decisions) && (
        <span class="muted small" data-testid="preview-summary">
          {Object.values(decisions.slots).filter((d) => d.content).length} slot(s) personalized
          {Object.values(decisions.slots).map((d) => ` · ${d.slot}: ${d.campaign}/${d.variant}`).join('')}
        </span>
      )}
      {decisions && 'error' in decisions && <span class="error small">{decisions.error}</span>}
      {open && (
        <div class="visitor-editor" role="group" aria-label="Made-up visitor">
          <label class="field inline"><span>Country</span><input value={v.country} maxLength={2} placeholder="DE" onInput={(e) => set({ country: e.currentTarget.value.toUpperCase() })} /></label>
          <label class="field inline"><span>utm_source</span><input value={v.utmSource} onInput={(e) => set({ utmSource: e.currentTarget.value })} /></label>
          <label class="field inline"><span>Device</span>
            <select value={v.device} onChange={(e) => set({ device: e.currentTarget.value as typeof v.device })}><option>desktop</option><option>mobile</option><option>tablet</option></select>
          </label>
          <label class="field inline"><span>Hour</span><input type="number" min={0} max={23} value={v.hour} onInput={(e) => set({ hour: Math.min(23, Math.max(0, Number(e.currentTarget.value) || 0)) })} /></label>
          <label class="field inline"><span>Bucket id</span><input value={v.visitorId} onInput={(e) => set({ visitorId: e.currentTarget.value || 'preview-1' })} title="Another id may land in another variant or the control group" /></label>
          {decisions && !('error' in decisions) && (
            <details class="trace" open>
              <summary>Why (the engine's trace)</summary>
              <ul>{decisions.trace.map((t, i) => <li key={i}><code>{t.campaign}</code> {t.outcome}{t.variant ? ` (${t.variant})` : ''}: {t.reason}</li>)}</ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
