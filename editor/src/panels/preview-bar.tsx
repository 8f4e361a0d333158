/**
 * "Preview as": the page as a chosen visitor gets it from the draft, with the engine's reasons.
 * Presets cover the common cases; consent, a privacy signal, country, utm_source, device, hour
 * and the bucketing id can be changed to make up any visitor. Campaigns and variants are named
 * as the marketer named them.
 */
import { useEffect, useState } from 'preact/hooks';
import { campaignName, decidePreview, decisionLabel, isMeasured, presetVisitors } from '../preview.ts';
import { draft } from '../store/draft.ts';
import { page } from '../store/frame-page.ts';
import { editPreviewVisitor, liveBanditWeights, previewAs, previewOn, previewVisitor, refreshBanditWeights, showPreview } from '../store/preview.ts';

export function PreviewBar() {
  const presets = presetVisitors();
  const [open, setOpen] = useState(false);
  const v = previewVisitor.value;
  const set = editPreviewVisitor;
  const current = page.value;
  const config = draft.value;
  const decisions =
    previewOn.value && current && config
      ? decidePreview(
          config,
          v,
          current.path,
          current.slots.map((s) => s.name),
          liveBanditWeights.value,
        )
      : null;
  const measured = isMeasured(v);
  // Each time the preview is turned on (or a campaign becomes a bandit), so a bandit's
  // best-known variant is as current as the edge's.
  const bandits =
    config?.campaigns
      .filter((c) => c.allocation === 'bandit')
      .map((c) => c.id)
      .join(',') ?? '';
  useEffect(() => {
    if (previewOn.value && bandits && draft.value) void refreshBanditWeights(draft.value);
  }, [previewOn.value, bandits]);

  return (
    <div class="preview-bar">
      <label class="toggle">
        <input type="checkbox" checked={previewOn.value} onChange={(e) => showPreview(e.currentTarget.checked)} />
        Preview as
      </label>
      <select
        aria-label="Preview visitor"
        value={presets.findIndex((p) => p.label === v.label)}
        onChange={(e) => {
          previewAs(presets[Number(e.currentTarget.value)] ?? presets[0]!);
        }}
      >
        {presets.findIndex((p) => p.label === v.label) < 0 && <option value={-1}>{v.label}</option>}
        {presets.map((p, i) => (
          <option key={p.label} value={i}>
            {p.label}
          </option>
        ))}
      </select>
      <select
        aria-label="Consent"
        value={v.consented ? 'yes' : 'no'}
        title="Whether the visitor accepted cookies (sw.consent('granted'))"
        onChange={(e) => set({ consented: e.currentTarget.value === 'yes' })}
      >
        <option value="yes">has consented</option>
        <option value="no">has not consented</option>
      </select>
      <label class="toggle small" title="The browser sends Global Privacy Control (or Do Not Track): never measured, whatever the consent">
        <input type="checkbox" checked={v.gpc} onChange={(e) => set({ gpc: e.currentTarget.checked })} />
        GPC
      </label>
      <button class="btn small ghost" aria-expanded={open} onClick={() => setOpen(!open)}>
        Edit visitor
      </button>
      {decisions && !('error' in decisions) && config && (
        <span class="muted small" data-testid="preview-summary">
          {Object.values(decisions.slots).filter((d) => d.content).length} slot(s) personalized
          {Object.values(decisions.slots)
            .map((d) => ` · ${d.slot}: ${decisionLabel(config, d.campaign, d.variant)}${d.tracked ? '' : ' (not counted)'}`)
            .join('')}
        </span>
      )}
      {previewOn.value && !measured && (
        <span class="small consent-note" data-testid="preview-consent-note">
          Not measured ({v.gpc ? 'privacy signal' : 'no consent'}): no stored profile, no visitor id. Contextual campaigns apply; experiments show their best-known variant, never
          the control, and are not counted.
        </span>
      )}
      {decisions && 'error' in decisions && <span class="error small">{decisions.error}</span>}
      {open && (
        <div class="visitor-editor" role="group" aria-label="Made-up visitor">
          <label class="field inline">
            <span>Country</span>
            <input value={v.country} maxLength={2} placeholder="DE" onInput={(e) => set({ country: e.currentTarget.value.toUpperCase() })} />
          </label>
          <label class="field inline">
            <span>utm_source</span>
            <input value={v.utmSource} onInput={(e) => set({ utmSource: e.currentTarget.value })} />
          </label>
          <label class="field inline">
            <span>Device</span>
            <select value={v.device} onChange={(e) => set({ device: e.currentTarget.value as typeof v.device })}>
              <option>desktop</option>
              <option>mobile</option>
              <option>tablet</option>
            </select>
          </label>
          <label class="field inline">
            <span>Hour</span>
            <input type="number" min={0} max={23} value={v.hour} onInput={(e) => set({ hour: Math.min(23, Math.max(0, Number(e.currentTarget.value) || 0)) })} />
          </label>
          <label class="field inline">
            <span>Bucket id</span>
            <input
              value={v.visitorId}
              disabled={!measured}
              onInput={(e) => set({ visitorId: e.currentTarget.value || 'preview-1' })}
              title={measured ? 'Another id may land in another variant or the control group' : 'A visitor who is not measured has no visitor id'}
            />
          </label>
          {decisions && !('error' in decisions) && config && (
            <details class="trace" open>
              <summary>Why (the engine's trace)</summary>
              <ul data-testid="preview-trace">
                {decisions.trace.map((t, i) => (
                  <li key={i}>
                    <strong>{t.variant ? decisionLabel(config, t.campaign, t.variant) : campaignName(config, t.campaign)}</strong>
                    {t.outcome === 'skipped' ? ' skipped' : ''}: {t.reason}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
    </div>
  );
}
