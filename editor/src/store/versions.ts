/**
 * Versions: the published history, drafts a restore replaced, and the change log; restoring a
 * version or a kept draft. Restoring over unpublished changes first answers that it needs the
 * person's confirmation; confirmed, the Worker keeps the replaced draft, so nothing is lost.
 */
import { type AuditEntry, type KeptDraft, type VersionInfo, api } from '../api.ts';
import { changedSinceLive, flushSave, liveVersion, loadDraft, revision } from './draft.ts';
import { notify } from './notices.ts';

export interface History {
  versions: VersionInfo[];
  kept: KeptDraft[];
  audit: AuditEntry[];
}

export type RestoreOutcome = 'needs-confirmation' | 'restored' | 'failed';

const when = (iso: string) => (iso ? new Date(iso).toLocaleString() : '');

export async function loadHistory(): Promise<History> {
  const [v, a, k] = await Promise.all([api.versions(), api.audit(), api.keptDrafts().catch(() => ({ drafts: [] as KeptDraft[] }))]);
  liveVersion.value = v.live;
  return { versions: v.versions, audit: a.entries, kept: k.drafts };
}

/** True when the draft, saved now, has unpublished changes a restore would replace. */
async function wouldReplaceChanges(): Promise<boolean> {
  await flushSave();
  return changedSinceLive.value;
}

/** Publishes `version`'s content again as a new version. */
export async function restoreVersion(version: number, { confirmed = false } = {}): Promise<RestoreOutcome> {
  // Saved first either way: what is replaced (and kept by the Worker) is the draft as typed.
  if ((await wouldReplaceChanges()) && !confirmed) return 'needs-confirmation';
  try {
    const result = await api.rollback(version);
    const keptNote = result.keptDraft ? ' Your unpublished draft is kept under “Replaced drafts”.' : '';
    notify('success', `Version ${version} is live again, as version ${result.version}.${keptNote}`, { href: '/', label: 'Open the site' });
    // The draft first: the replaced-drafts list must not show before the draft it replaced is gone.
    await loadDraft();
    return 'restored';
  } catch (e) {
    notify('error', (e as Error).message);
    return 'failed';
  }
}

/** Makes a draft a restore replaced the draft again. */
export async function restoreKeptDraft(kept: KeptDraft, { confirmed = false } = {}): Promise<RestoreOutcome> {
  // Saved first either way: what is replaced (and kept by the Worker) is the draft as typed.
  if ((await wouldReplaceChanges()) && !confirmed) return 'needs-confirmation';
  try {
    const { draft } = await api.keptDraft(kept.id);
    await api.saveDraft(draft, revision.value);
    await loadDraft();
    notify('success', `The draft from ${when(kept.at)} is the draft again. Publish it when ready.`);
    return 'restored';
  } catch (e) {
    notify('error', `Not restored: ${(e as Error).message}`);
    return 'failed';
  }
}
