/**
 * The editor's state, as signals: the signed-in user, the draft (the one thing being edited),
 * how its save is going, what the framed page shows, and the notices on screen. Every edit goes
 * through `edit()`, which checks the draft with core's own validation at once and saves it to
 * the server shortly after, so nothing typed is lost and errors show where they happen.
 */
import { computed, signal } from '@preact/signals';
import { type MergeConflict, type SiteConfigInput, mergeConfigs, parseSiteConfig, setAt } from '@slotwise/core';
import { ApiError, type Catalog, type LibraryItem, type Removal, api } from '../api.ts';

export type View = 'site' | 'campaigns' | 'audiences' | 'results' | 'versions' | 'team';
export type SaveState = 'saved' | 'pending' | 'saving' | 'invalid' | 'error' | 'conflict';

export interface FrameSlot {
  name: string;
  html: string;
  text: string;
  tag: string;
}
export interface FramePage {
  path: string;
  title: string;
  category: string | null;
  slots: FrameSlot[];
}
export interface Notice {
  id: number;
  tone: 'success' | 'error' | 'info';
  text: string;
  link?: { href: string; label: string };
}

export const who = signal<string | null>(null);
export const view = signal<View>('site');
export const draft = signal<SiteConfigInput | null>(null);
export const revision = signal(0);
export const liveVersion = signal<number | null>(null);
export const saveState = signal<SaveState>('saved');
export const saveError = signal<string>('');
/** What the server's sanitizer took out of HTML variants at the last save, by config path. */
export const removals = signal<Removal[]>([]);
/** Saved content, reusable in any variant (kept beside the draft, never sent to the edge). */
export const library = signal<LibraryItem[]>([]);
export const catalog = signal<Catalog>({ slots: [], categories: [], segments: [], events: [], lists: [] });
export const page = signal<FramePage | null>(null);
export const selectedSlot = signal<string | null>(null);
/** The campaign open in the campaign editor (by id), or null for the list. */
export const openCampaign = signal<string | null>(null);
export const openAudience = signal<string | null>(null);
/** The campaign whose results are open, or null for the overview. */
export const openResults = signal<string | null>(null);
export const notices = signal<Notice[]>([]);
/** Unpublished changes: the draft differs from what is live. */
export const changedSinceLive = signal(false);
/** The live version's config, what visitors get now (null before a first publish). */
export const liveConfig = signal<SiteConfigInput | null>(null);
/** Others with the editor open now (presence, from the Worker). */
export const othersEditing = signal<string[]>([]);
/** Pages the frame has shown this session, with the slots each really has (for "why nobody sees it"). */
export const seenPages = signal<{ path: string; slots: string[] }[]>([]);
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

let nextNotice = 1;
export function notify(tone: Notice['tone'], text: string, link?: Notice['link']): void {
  const id = nextNotice++;
  notices.value = [...notices.value.slice(-3), { id, tone, text, ...(link ? { link } : {}) }];
  if (tone !== 'error') setTimeout(() => dismiss(id), 6000);
}
export function dismiss(id: number): void {
  notices.value = notices.value.filter((n) => n.id !== id);
}

export async function loadDraft(): Promise<void> {
  const [state, found, saved] = await Promise.all([api.draft(), api.catalog().catch(() => catalog.value), api.library().catch(() => ({ items: library.value }))]);
  const live = state.live === null ? null : await api.version(state.live).then((v) => v.config, () => null);
  // Everything is assigned at once, after every read: an edit made meanwhile is never half-overwritten.
  library.value = saved.items;
  draft.value = state.draft;
  base = state.draft;
  conflict.value = null;
  liveConfig.value = live;
  revision.value = state.revision;
  liveVersion.value = state.live;
  changedSinceLive.value = state.changed;
  catalog.value = found;
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
  let server;
  try {
    server = await api.draft();
  } catch (e) {
    saveError.value = (e as Error).message;
    return;
  }
  const by = await api.audit().then((a) => a.entries.find((x) => x.action === 'save-draft' && x.who !== who.value)?.who ?? 'Someone else', () => 'Someone else');
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

/** Adds content to the library under a name; the server's sanitized copy is what is kept. */
export async function saveToLibrary(name: string, content: LibraryItem['content']): Promise<void> {
  const item = { id: idFrom(name, library.value.map((i) => i.id)), name, content };
  try {
    library.value = (await api.saveLibrary([...library.value, item])).items;
    notify('success', `“${name}” is in the content library.`);
  } catch (error) {
    notify('error', `Not saved to the library: ${(error as Error).message}`);
  }
}

/** A new id from a name: lower-case words joined by "-", made unique among `taken`. */
export function idFrom(name: string, taken: Iterable<string>): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'item';
  const used = new Set(taken);
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  return id;
}
