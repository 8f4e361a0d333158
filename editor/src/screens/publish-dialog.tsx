/** Publish: a note, then the draft becomes the next live version (or a clear conflict). */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { changedSinceLive, flushSave, liveVersion, loadDraft, notify, saveError } from '../state.ts';
import { Dialog } from '../ui/dialog.tsx';

export function PublishDialog({ onClose }: { onClose: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');

  async function publish(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      if (!(await flushSave())) throw new Error(`the draft could not be saved: ${saveError.value}`);
      const started = performance.now();
      const result = await api.publish(note.trim(), liveVersion.value);
      liveVersion.value = result.version;
      changedSinceLive.value = false;
      onClose();
      notify('success', `Version ${result.version} is live (${Math.round(performance.now() - started)} ms).`, { href: '/', label: 'Open the site' });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && typeof e.body.live === 'number') {
        setError(`Someone else published version ${e.body.live} while you were editing. Your draft is kept; review the versions, then publish again.`);
        liveVersion.value = e.body.live;
      } else setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog title="Publish the draft" onClose={onClose}>
      <form onSubmit={publish}>
        <p class="muted">Visitors get the new version on their next page view, within a second. Every version is kept and can be restored.</p>
        <label class="field">
          <span>What changed? <small class="muted">(optional, shown in Versions)</small></span>
          <input value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={200} placeholder="e.g. Spring shoe hero for shoe fans" autofocus />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="dialog-actions">
          {error && <button type="button" class="btn" onClick={() => void loadDraft().then(onClose)}>Reload the draft</button>}
          <button type="button" class="btn ghost" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Publishing…' : 'Publish now'}</button>
        </div>
      </form>
    </Dialog>
  );
}
