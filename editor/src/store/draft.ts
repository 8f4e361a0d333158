/**
 * The draft (the one thing being edited), how its save is going, and what is live. Every edit goes
 * through `edit()`, which checks the draft with core's own validation at once and saves it to
 * the server shortly after, so nothing typed is lost and errors show where they happen.
 */
import { computed, signal } from '@preact/signals';
import { type MergeConflict, type SiteConfigInput, mergeConfigs, parseSiteConfig, setAt } from '@slotwise/core';
import { ApiError, type Catalog, type Removal, api } from '../api.ts';
import { library } from './library.ts';
import { notify } from './notices.ts';
import { who } from './session.ts';

export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'error' | 'conflict';

export const draft = signal<SiteConfigInput | null>(null);
export const revision = signal(0);
export const liveVersion = signal<number | null>(null);
export const saveState = signal<SaveState>('saved');
export const saveError = signal<string>('');
/** What the server's sanitizer took out of HTML variants at the last save, by config path. */
export const removals = signal<Removal[]>([]);
const emptyCatalog = (): Catalog => ({ slots: [], categories: [], segments: [], events: [], lists: [], seenEvents: [], products: null });
export const catalog = signal<Catalog>(emptyCatalog());
/** Unpublished changes: the draft differs from what is live. */
export const changedSinceLive = signal(false);
/** The live version's config, what visitors get now (null before a first publish). */
export const liveConfig = signal<SiteConfigInput | null>(null);
/**
 * A save refused because someone else saved meanwhile, whose edits touch the same fields as
 * mine: both sides, for the person to choose. Theirs is the server's draft at `revision`.
 */
export interface PendingConflict {
  theirs: SiteConfigInput;
  revision: number;
  /** Theirs with my non-overlapping edits re-applied. */
  merged: SiteConfigInput;
  conflicts: MergeConflict[];
  /** Who saved theirs (from the audit log), when known. */
  by: string;
}
export const conflict = signal<PendingConflict | null>(null);
/** The draft as the server last had it when we synced: the base of a three-way merge. */
let base: SiteConfigInput | null = null;

/** Core's validation of the current draft: the same check the server runs before storing it. */
export const validation = computed(() => {
  const value = draft.value;
  if (!value) return { ok: true as const, errors: [] as string[] };
  const result = parseSiteConfig({ ...value, version: 0 });
  return result.ok ? { ok: true as const, errors: [] as string[] } : { ok: false as const, errors: result.errors };
});

/** Errors whose path starts with `prefix` (e.g. `campaigns[2]`), without the prefix's own part. */
export function errorsAt(prefix: string): string[] {
  return validation.value.errors.filter((e) => e.startsWith(prefix) && /[.:[]/.test(e.charAt(prefix.length)));
}

/** Everything the editor reads about the draft, in one go, before any of it is shown. */
async function readDraftState() {
  const [state, found, saved] = await Promise.all([api.draft(), api.catalog().catch(() => catalog.value), api.library().catch(() => ({ items: library.value }))]);
  const live = state.live === null ? null : await api.version(state.live).catch(() => null);
  return { state, found, saved, live };
}

function applyDraftState({ state, found, saved, live }: Awaited<ReturnType<typeof readDraftState>>): void {
  library.value = saved.items;
  draft.value = state.draft;
  base = state.draft;
  conflict.value = null;
  liveConfig.value = live?.config ?? null;
  revision.value = state.revision;
  liveVersion.value = state.live;
  changedSinceLive.value = state.changed;
  catalog.value = found;
  saveState.value = 'saved';
  saveError.value = '';
}

export async function loadDraft(): Promise<void> {
  // Everything is assigned at once, after every read: an edit made meanwhile is never half-overwritten.
  applyDraftState(await readDraftState());
}

/**
 * What the Worker's heartbeat says is live and saved (presence.ts): when someone else published
 * or saved (another person, or a guardrail's automatic pause), the editor takes it in and says
 * so, instead of showing a campaign as live that visitors no longer get. Not while this editor
 * has unsaved edits: its next save meets the other change and merges (saveDraft's 409 path).
 */
export async function catchUp(remote: { live: number | null; revision: number }): Promise<void> {
  if (!draft.value || (remote.live === liveVersion.value && remote.revision === revision.value)) return;
  if (saveState.value !== 'saved') return;
  const before = draft.value;
  const wasLive = liveVersion.value;
  const read = await readDraftState();
  // An edit made while reading wins: its save will merge with what changed.
  if (draft.value !== before || saveState.value !== 'saved') return;
  applyDraftState(read);
  if (read.live && read.state.live !== wasLive) {
    const { info } = read.live;
    const what = info.note ? `: ${info.note}` : '';
    notify('info', `Version ${info.version} is live now, published by ${info.by || 'someone'}${what}. The editor shows it.`);
  }
}

/** Forgets the draft and everything read with it (sign-out): the next person loads their own. */
export function clearDraft(): void {
  clearTimeout(timer);
  base = null;
  draft.value = null;
  revision.value = 0;
  liveVersion.value = null;
  liveConfig.value = null;
  changedSinceLive.value = false;
  conflict.value = null;
  removals.value = [];
  catalog.value = emptyCatalog();
  library.value = [];
  saveState.value = 'saved';
  saveError.value = '';
}

let timer: ReturnType<typeof setTimeout> | undefined;
let edits = 0;
let inFlight: Promise<void> | null = null;

/** Applies a change to the draft; it is validated now and saved after a short pause. */
export function edit(change: (config: SiteConfigInput) => SiteConfigInput): void {
  if (!draft.value) return;
  draft.value = change(draft.value);
  edits++;
  changedSinceLive.value = true;
  clearTimeout(timer);
  saveState.value = validation.value.ok ? 'pending' : 'invalid';
  if (validation.value.ok) timer = setTimeout(() => void save(), 500);
}

/** Saves the draft now (publishing calls this first). Resolves true when the server has it. */
export async function flushSave(): Promise<boolean> {
  clearTimeout(timer);
  if (inFlight) await inFlight;
  if (saveState.value === 'pending') await save();
  return saveState.value === 'saved';
}

async function save(): Promise<void> {
  // One save at a time: two in flight would carry the same revision and the second would
  // conflict with the first (a 409 against ourselves).
  while (inFlight) await inFlight;
  const value = draft.value;
  if (!value || !validation.value.ok || saveState.value === 'saved') return;
  const startedAt = edits;
  saveState.value = 'saving';
  inFlight = (async () => {
    try {
      const saved = await api.saveDraft(value, revision.value);
      revision.value = saved.revision;
      base = saved.draft;
      // A body the sanitizer only normalized (whitespace, entities) lists nothing removed.
      const removed = saved.removed.filter((r) => r.removed.length > 0);
      removals.value = removed;
      // Take the server's (sanitized) copy only if nothing was typed while it was saving.
      if (edits === startedAt) draft.value = saved.draft;
      if (removed.length) notify('info', `Unsafe markup was removed from ${removed.length} variant${removed.length > 1 ? 's' : ''}; the variant shows what.`);
      saveState.value = edits === startedAt ? 'saved' : 'pending';
      saveError.value = '';
      if (edits !== startedAt) timer = setTimeout(() => void save(), 300);
    } catch (error) {
      const e = error instanceof ApiError ? error : new ApiError(0, String(error), {});
      saveState.value = e.status === 409 ? 'conflict' : 'error';
      saveError.value = e.message;
      if (e.status === 401) who.value = null;
    } finally {
      inFlight = null;
    }
  })();
  await inFlight;
  if ((saveState.value as SaveState) === 'conflict' && !conflict.value) await mergeTheirs();
}

/**
 * Someone else saved the draft since our last sync. My edits since then are re-applied on top
 * of theirs, field by field; where both changed the same field, nothing is chosen for me: the
 * conflict waits, side by side, for `resolveConflict`. Nothing typed is ever dropped.
 */
export async function mergeTheirs(): Promise<void> {
  const mine = draft.value;
  if (!mine) return;
  saveError.value = '';
  let server: Awaited<ReturnType<typeof api.draft>>;
  try {
    server = await api.draft();
  } catch (e) {
    saveError.value = (e as Error).message;
    return;
  }
  const by = await api.audit().then(
    (a) => a.entries.find((x) => x.action === 'save-draft' && x.who !== who.value)?.who ?? 'Someone else',
    () => 'Someone else',
  );
  const { merged, conflicts } = mergeConfigs(base ?? server.draft, mine, server.draft);
  if (conflicts.length === 0) {
    notify('info', `${by} saved changes to the draft meanwhile; yours are kept on top of theirs.`);
    await adopt(server.draft, server.revision, merged);
    return;
  }
  conflict.value = { theirs: server.draft, revision: server.revision, merged, conflicts, by };
}

/** Takes the server's draft as the new base and `next` (theirs plus mine) as the draft, then saves it. */
async function adopt(theirs: SiteConfigInput, serverRevision: number, next: SiteConfigInput): Promise<void> {
  base = theirs;
  revision.value = serverRevision;
  draft.value = next;
  conflict.value = null;
  edits++;
  saveState.value = validation.value.ok ? 'pending' : 'invalid';
  if (validation.value.ok) await save();
}

const samePath = (a: MergeConflict['path'], b: MergeConflict['path']) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies the person's choice for each conflicting field (true: keep mine) and saves. The merge
 * is made again from the draft as it is now, so anything typed while the choice was open stays.
 */
export async function resolveConflict(keepMine: boolean[]): Promise<void> {
  const pending = conflict.value;
  if (!pending || !draft.value) return;
  let { merged: next, conflicts } = mergeConfigs(base ?? pending.theirs, draft.value, pending.theirs);
  for (const c of conflicts) {
    const i = pending.conflicts.findIndex((p) => samePath(p.path, c.path));
    if (i < 0 || keepMine[i] !== false) next = setAt(next, c.path, c.mine);
  }
  await adopt(pending.theirs, pending.revision, next);
}
