/** Every published version, newest first, each restorable in one click; and who changed what. */
import { useEffect, useState } from 'preact/hooks';
import { type AuditEntry, type VersionInfo, api } from '../api.ts';
import { liveVersion, loadDraft, notify } from '../state.ts';

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : '');

export function VersionsScreen() {
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const [busy, setBusy] = useState<number | null>(null);
  const refresh = () => Promise.all([api.versions(), api.audit()]).then(([v, a]) => {
    setVersions(v.versions);
    setAudit(a.entries);
    liveVersion.value = v.live;
  }).catch((e: Error) => notify('error', `Could not load versions: ${e.message}`));
  useEffect(() => void refresh(), []);

  async function restore(version: number) {
    setBusy(version);
    try {
      const result = await api.rollback(version);
      notify('success', `Version ${version} is live again, as version ${result.version}.`, { href: '/', label: 'Open the site' });
      await Promise.all([refresh(), loadDraft()]);
    } catch (e) {
      notify('error', (e as Error).message);
    } finally {
      setBusy(null);
    }
  }

  return (
    <div class="page-screen">
      <div class="page-head"><div><h1>Versions</h1><p class="muted">Every publish is kept. Restoring publishes that version's content again as a new version.</p></div></div>
      {versions === null ? <p class="muted">Loading…</p> : versions.length === 0 ? (
        <div class="empty card"><p><strong>Nothing published yet.</strong></p><p class="muted">Publish the draft to make it live.</p></div>
      ) : (
        <table class="table" data-testid="versions">
          <thead><tr><th>Version</th><th>Published</th><th>By</th><th>Note</th><th>Campaigns</th><th /></tr></thead>
          <tbody>
            {versions.map((v) => (
              <tr key={v.version} class={v.live ? 'live-row' : ''}>
                <td><strong>v{v.version}</strong> {v.live && <span class="pill status-live">Live</span>}</td>
                <td>{when(v.publishedAt)}</td>
                <td>{v.by || '—'}</td>
                <td>{v.note || <span class="muted">—</span>}</td>
                <td>{v.campaigns}</td>
                <td>{!v.live && <button class="btn small" disabled={busy !== null} onClick={() => void restore(v.version)}>{busy === v.version ? 'Restoring…' : `Restore v${v.version}`}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 class="section-title">Change history</h2>
      <ul class="audit">
        {audit.map((e, i) => (
          <li key={i}><span class="muted small">{when(e.at)}</span> <strong>{e.who}</strong> {e.action.replace('-', ' ')}{e.version !== null ? ` v${e.version}` : ''}{e.detail ? ` — ${e.detail}` : ''}</li>
        ))}
      </ul>
    </div>
  );
}
