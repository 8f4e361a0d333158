/**
 * Publishing: first a review (save what is typed, then read what the server would publish), then
 * the publish itself, which carries the reviewed draft revision so nobody publishes a change they
 * have not seen: if the draft changed meanwhile, the server refuses and a fresh review comes back.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { ApiError, type DraftChanges, api } from '../api.ts';
import { hiddenFromAll } from '../visibility.ts';
import { changedSinceLive, flushSave, liveVersion, loadDraft, saveError } from './draft.ts';
import { notify } from './notices.ts';

/** What the person reviewed: the changes and the draft they were computed from. */
export interface Review {
  changes: DraftChanges;
  draft: SiteConfigInput;
}

export type PublishOutcome = { ok: true; version: number } | { ok: false; error: string; review?: Review };

/** Saves what is typed, then reads what the server would publish: the diff shown is the one published. */
export async function reviewDraft(): Promise<Review> {
  if (!(await flushSave())) throw new Error(`the draft could not be saved: ${saveError.value}`);
  const [changes, server] = await Promise.all([api.draftChanges(), api.draft()]);
  return { changes, draft: server.draft };
}

/** Publishes the reviewed revision; on success the draft is reloaded and a notice says what is live. */
export async function publishDraft(note: string, reviewed: Review): Promise<PublishOutcome> {
  const started = performance.now();
  let version: number;
  try {
    version = (await api.publish(note.trim(), liveVersion.value, reviewed.changes.revision)).version;
  } catch (e) {
    if (e instanceof ApiError && e.status === 409 && typeof e.body.revision === 'number') {
      const review = await reviewDraft().catch(() => undefined);
      return {
        ok: false,
        error: 'The draft changed while you were reviewing it. The list above now shows the latest changes: review them, then publish again.',
        ...(review ? { review } : {}),
      };
    }
    if (e instanceof ApiError && e.status === 409 && typeof e.body.live === 'number') {
      liveVersion.value = e.body.live;
      return { ok: false, error: `Someone else published version ${e.body.live} while you were editing. Your draft is kept; review the versions, then publish again.` };
    }
    return { ok: false, error: (e as Error).message };
  }
  liveVersion.value = version;
  changedSinceLive.value = false;
  const shown = reviewed.draft;
  const hidden = shown.campaigns.filter((c) => hiddenFromAll(shown, c));
  await loadDraft().catch((e: Error) => notify('error', `Could not load the draft: ${e.message}`));
  const tail = hidden.length ? ` ${hidden.length === 1 ? `“${hidden[0]!.name}” is` : `${hidden.length} campaigns are`} not shown to any visitor (see Campaigns).` : '';
  notify('success', `Version ${version} is live (${Math.round(performance.now() - started)} ms).${tail}`, { href: '/', label: 'Open the site' });
  return { ok: true, version };
}
