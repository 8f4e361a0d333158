/**
 * Every published version, newest first, each restorable; drafts a restore replaced, each
 * restorable too; and who changed what. Restoring while the draft has unpublished changes asks
 * first, and the Worker keeps that draft, so a restore never loses work.
 */
import { useEffect, useState } from 'preact/hooks';
import type { AuditEntry, KeptDraft, VersionInfo } from '../api.ts';
import { notify } from '../store/notices.ts';
import { loadHistory, restoreKeptDraft, restoreVersion } from '../store/versions.ts';
import { Dialog } from '../ui/dialog.tsx';

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : '');

export function VersionsScreen() {
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [kept, setKept] = useState<KeptDraft[]>([]);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [busy, setBusy] = useState<number | null>(null);
  const [asking, setAsking] = useState<number | null>(null);
  const refresh = () =>
    loadHistory()
      .then((h) => {
        setVersions(h.versions);
        setAudit(h.audit);
        setKept(h.kept);
      })
      .catch((e: Error) => notify('error', `Could not load versions: ${e.message}`));
  useEffect(() => void refresh(), []);

  /** Asks first when the draft has unpublished changes (they would be replaced). */
  async function restore(version: number, confirmed = false) {
    setAsking(null);
    setBusy(version);
    const outcome = await restoreVersion(version, { confirmed });
    if (outcome === 'needs-confirmation') setAsking(version);
    else if (outcome === 'restored') await refresh();
    setBusy(null);
  }

  async function restoreDraft(d: KeptDraft) {
    const asks = (await restoreKeptDraft(d)) === 'needs-confirmation';
    if (asks && confirm('The draft has unpublished changes. Replace it with the kept draft? (Publish or restore a version first to keep the current one.)')) {
      await restoreKeptDraft(d, { confirmed: true });
    }
  }

  return (
    <div class="page-screen">
      <div class="page-head">
        <div>
          <h1>Versions</h1>
          <p class="muted">Every publish is kept. Restoring publishes that version's content again as a new version.</p>
        </div>
      </div>
      {versions === null ? (
        <p class="muted">Loading…</p>
      ) : versions.length === 0 ? (
        <div class="empty card">
          <p>
            <strong>Nothing published yet.</strong>
          </p>
          <p class="muted">Publish the draft to make it live.</p>
        </div>
      ) : (
        <table class="table" data-testid="versions">
          <thead>
            <tr>
              <th>Version</th>
              <th>Published</th>
              <th>By</th>
              <th>Note</th>
              <th>Campaigns</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} class={v.live ? 'live-row' : ''}>
                <td>
                  <strong>v{v.version}</strong> {v.live && <span class="pill status-live">Live</span>}
                </td>
                <td>{when(v.publishedAt)}</td>
                <td>{v.by || '—'}</td>
                <td>{v.note || <span class="muted">—</span>}</td>
                <td>{v.campaigns}</td>
                <td>
                  {!v.live && (
                    <button class="btn small" disabled={busy !== null} onClick={() => void restore(v.version)}>
                      {busy === v.version ? 'Restoring…' : `Restore v${v.version}`}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {kept.length > 0 && (
        <>
          <h2 class="section-title">Replaced drafts</h2>
          <p class="muted">Drafts with unpublished changes that a restore replaced. Each can be made the draft again.</p>
          <table class="table" data-testid="kept-drafts">
            <thead>
              <tr>
                <th>Replaced</th>
                <th>By</th>
                <th>Why</th>
                <th>Campaigns</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {kept.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.at)}</td>
                  <td>{d.who}</td>
                  <td>{d.reason}</td>
                  <td>{d.campaigns}</td>
                  <td>
                    <button class="btn small" onClick={() => void restoreDraft(d)}>
                      Make it the draft
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <h2 class="section-title">Change history</h2>
      <ul class="audit">
        {audit.map((e, i) => (
          <li key={i}>
            <span class="muted small">{when(e.at)}</span> <strong>{e.who}</strong> {e.action.replaceAll('-', ' ')}
            {e.version !== null ? ` v${e.version}` : ''}
            {e.detail ? ` — ${e.detail}` : ''}
          </li>
        ))}
      </ul>
      {asking !== null && (
        <Dialog title={`Restore version ${asking}?`} onClose={() => setAsking(null)}>
          <p>
            The draft has <strong>unpublished changes</strong>. Restoring publishes version {asking} and makes it the draft.
          </p>
          <p class="muted">Your current draft is not lost: it is kept under “Replaced drafts” on this page, and can be made the draft again.</p>
          <div class="dialog-actions">
            <button type="button" class="btn ghost" onClick={() => setAsking(null)}>
              Cancel
            </button>
            <button type="button" class="btn primary" onClick={() => void restore(asking, true)}>
              Restore v{asking}
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
