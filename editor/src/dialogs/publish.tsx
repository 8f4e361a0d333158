/**
 * Publish: what visitors will get, in words — what goes live, what changes (every field, who
 * changed it and when, including others' changes), what stops, and what stays hidden and why,
 * each with its one-click fix — and experiments that may share visitors (one click puts them in
 * one layer) — then a note and Publish. The publish carries the draft revision
 * shown here, so nobody publishes a change they have not seen: if the draft changed meanwhile,
 * the server refuses and the list is shown again, updated.
 */
import { type Collision, type SiteConfigInput, describeValue, experimentCollisions, parseSiteConfig } from '@slotwise/core';
import { useEffect, useState } from 'preact/hooks';
import type { DraftChange, DraftChanges } from '../api.ts';
import { loadDraft } from '../store/draft.ts';
import { putInOneLayer } from '../store/layers.ts';
import { type Review, publishDraft, reviewDraft } from '../store/publish.ts';
import { who } from '../store/session.ts';
import { Dialog } from '../ui/dialog.tsx';
import { applyFix, hiddenFromAll, hiddenLead, hiddenReasons } from '../visibility.ts';

type CampaignInput = SiteConfigInput['campaigns'][number];
type Fate = 'goes-live' | 'changes' | 'stops' | 'removed' | 'hidden' | 'stays-hidden';

interface Group {
  key: string;
  thing: string;
  campaign?: CampaignInput;
  fate: Fate | 'other';
  lines: DraftChange[];
}

const FATE_WORDS: Record<Fate | 'other', string> = {
  'goes-live': 'goes live',
  changes: 'changes',
  stops: 'stops showing',
  removed: 'is removed',
  hidden: '',
  'stays-hidden': '',
  other: 'changes',
};
const STATUS_WORDS: Record<string, string> = { draft: 'Draft', live: 'Live', paused: 'Paused' };

const time = (iso: string) => new Date(iso).toLocaleString([], { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' });

function valueWords(change: DraftChange, value: unknown): string {
  const field = change.path.at(-1);
  if (field === 'status' && typeof value === 'string') return STATUS_WORDS[value] ?? value;
  if (field === 'holdoutPct' && typeof value === 'number') return `${value}%`;
  if (field === 'goal' && typeof value === 'object' && value !== null) {
    const goal = value as { type?: string; event?: string; path?: string };
    return goal.type === 'page' ? `a visit to ${goal.path}` : `the event ${goal.event}`;
  }
  if (field === 'schedule' && typeof value === 'object' && value !== null) {
    const { start, end } = value as { start?: string; end?: string };
    const day = (iso?: string) => (iso ? iso.slice(0, 16).replace('T', ' ') : '…');
    return `${day(start)} → ${day(end)} UTC`;
  }
  return describeValue(value);
}

/** The changes grouped by what they belong to, each campaign with what it means for visitors. */
function group(found: DraftChanges, draft: SiteConfigInput): Group[] {
  const groups = new Map<string, Group>();
  const live = found.liveConfig;
  const visible = (config: SiteConfigInput | null, id: string) => {
    const c = config?.campaigns.find((x) => x.id === id);
    return c !== undefined && !hiddenFromAll(config!, c);
  };
  for (const change of found.changes) {
    const key = `${change.label.kind}:${change.label.id ?? change.label.thing}`;
    let g = groups.get(key);
    if (!g) {
      const campaign = change.label.kind === 'campaign' ? draft.campaigns.find((c) => c.id === change.label.id) : undefined;
      let fate: Group['fate'] = 'other';
      if (change.label.kind === 'campaign' && change.label.id) {
        const wasVisible = visible(live, change.label.id);
        const willBe = campaign ? visible(draft, campaign.id) : false;
        fate = !campaign ? (wasVisible ? 'stops' : 'removed') : willBe ? (wasVisible ? 'changes' : 'goes-live') : wasVisible ? 'stops' : 'stays-hidden';
      }
      g = { key, thing: change.label.thing, ...(campaign ? { campaign } : {}), fate, lines: [] };
      groups.set(key, g);
    }
    g.lines.push(change);
  }
  // Campaigns the draft does not touch but that no visitor sees are listed too: "live" must mean live.
  for (const c of draft.campaigns) {
    const key = `campaign:${c.id}`;
    if (!groups.has(key) && hiddenFromAll(draft, c)) groups.set(key, { key, thing: c.name, campaign: c, fate: 'hidden', lines: [] });
  }
  const order: Group['fate'][] = ['goes-live', 'changes', 'stops', 'removed', 'stays-hidden', 'other', 'hidden'];
  return [...groups.values()].sort((a, b) => order.indexOf(a.fate) - order.indexOf(b.fate));
}

function Line({ change }: { change: DraftChange }) {
  const whole = change.label.field === '';
  const mine = change.by?.who === who.value;
  return (
    <li class="change-line">
      <span class="field-name">{whole ? (change.after === undefined ? 'deleted from the draft' : 'new') : change.label.field}</span>
      {!whole && (
        <span class="values">
          <del>{valueWords(change, change.before)}</del> → <ins>{valueWords(change, change.after)}</ins>
        </span>
      )}
      <span class={`by ${mine ? '' : 'other'}`}>{change.by ? `${mine ? 'you' : change.by.who}, ${time(change.by.at)}` : ''}</span>
    </li>
  );
}

function GroupView({ g, draft, onFix }: { g: Group; draft: SiteConfigInput; onFix: (campaign: string, action: Parameters<typeof applyFix>[1]) => void }) {
  const all = g.campaign ? hiddenReasons(draft, g.campaign) : [];
  const hidden = g.fate === 'stays-hidden' || g.fate === 'hidden';
  const reasons = hidden ? all.filter((r) => r.certain) : [];
  const checks = all.filter((r) => !r.certain);
  return (
    <li class={`change-group fate-${g.fate}`} data-testid="publish-group">
      <div class="group-head">
        <strong>{g.thing}</strong>
        {hidden && g.campaign ? (
          <span class="hidden-why">
            {' '}
            — {hiddenLead(g.campaign)}: {reasons.map((r) => r.text).join('; ')}.
          </span>
        ) : (
          <span class={`fate fate-${g.fate}`}> — {FATE_WORDS[g.fate]}</span>
        )}
        {hidden &&
          g.campaign &&
          reasons
            .filter((r) => r.fix)
            .map((r) => (
              <button key={r.code} type="button" class="btn small" onClick={() => onFix(g.campaign!.id, r.fix!.action)}>
                {r.fix!.label}
                {r.code === 'draft' || r.code === 'paused' ? '?' : ''}
              </button>
            ))}
      </div>
      {checks.map((r) => (
        <p key={r.code} class="check muted small">
          Check: {r.text}.
        </p>
      ))}
      {g.lines.length > 0 && (
        <ul class="change-lines">
          {g.lines.map((c, i) => (
            <Line key={i} change={c} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Live experiments of the draft that may share visitors (core's collisions.ts). */
function collisionsIn(config: SiteConfigInput): Collision[] {
  const parsed = parseSiteConfig(config);
  return parsed.ok ? experimentCollisions(parsed.config) : [];
}

function Collisions({ found, onLayer }: { found: Collision[]; onLayer: (a: string, b: string) => void }) {
  if (found.length === 0) return null;
  return (
    <div class="collisions" data-testid="collisions">
      <p>
        <strong>Experiments that may share visitors</strong>
      </p>
      <ul>
        {found.map((c) => (
          <li key={c.campaigns.join(':')}>
            {c.message}{' '}
            <button type="button" class="btn small" onClick={() => onLayer(c.campaigns[0], c.campaigns[1])}>
              Put them in one layer
            </button>
          </li>
        ))}
      </ul>
      <p class="muted small">In one layer each experiment gets its own share of visitors (half each), so no visitor is in both.</p>
    </div>
  );
}

export function PublishDialog({ onClose }: { onClose: () => void }) {
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [reviewed, setReviewed] = useState<Review | null>(null);
  const found: DraftChanges | null = reviewed?.changes ?? null;
  const draftShown: SiteConfigInput | null = reviewed?.draft ?? null;

  /** The diff on screen is the one published (store/publish.ts). */
  async function review(): Promise<void> {
    setReviewed(await reviewDraft());
  }
  useEffect(() => {
    review().catch((e: Error) => setError(e.message));
  }, []);

  async function fix(campaign: string, action: Parameters<typeof applyFix>[1]) {
    applyFix(campaign, action);
    if (action === 'edit-audience' || action === 'edit-pages') return onClose();
    await reviewAgain();
  }

  async function reviewAgain() {
    setBusy(true);
    try {
      await review();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function publish(event: Event) {
    event.preventDefault();
    if (!reviewed) return;
    setBusy(true);
    setError('');
    const outcome = await publishDraft(note, reviewed);
    if (outcome.ok) return onClose();
    setError(outcome.error);
    if (outcome.review) setReviewed(outcome.review);
    setBusy(false);
  }

  const groups = found && draftShown ? group(found, draftShown) : null;
  const others = found ? [...new Set(found.changes.map((c) => c.by?.who).filter((w): w is string => !!w && w !== who.value))] : [];
  return (
    <Dialog title="Publish the draft" onClose={onClose}>
      <form onSubmit={publish} class="publish-form">
        {!groups ? (
          <p class="muted">Reading the changes…</p>
        ) : (
          <>
            <p class="muted">
              Compared with {found!.live === null ? 'nothing live yet' : `version ${found!.live}, live now`}.
              {others.length > 0 && <strong class="others"> Includes changes by {others.join(', ')}.</strong>}
            </p>
            {found!.changes.length === 0 && (
              <p data-testid="nothing-to-publish">
                <strong>Nothing to publish:</strong> the draft is the live version.
              </p>
            )}
            <Collisions
              found={collisionsIn(draftShown!)}
              onLayer={(a, b) => {
                putInOneLayer(a, b);
                void reviewAgain();
              }}
            />
            <ul class="change-groups" data-testid="publish-changes">
              {groups.map((g) => (
                <GroupView key={g.key} g={g} draft={draftShown!} onFix={(c, a) => void fix(c, a)} />
              ))}
            </ul>
          </>
        )}
        <label class="field">
          <span>
            What changed? <small class="muted">(optional, shown in Versions)</small>
          </span>
          <input value={note} onInput={(e) => setNote(e.currentTarget.value)} maxLength={200} placeholder="e.g. Spring shoe hero for shoe fans" autofocus />
        </label>
        <p class="muted small">Visitors get the new version on their next page view, within a second. Every version is kept and can be restored.</p>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <div class="dialog-actions">
          {error && !found && (
            <button type="button" class="btn" onClick={() => void loadDraft().then(onClose)}>
              Reload the draft
            </button>
          )}
          <button type="button" class="btn ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" class="btn primary" disabled={busy || !found || found.changes.length === 0}>
            {busy ? 'Working…' : 'Publish now'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
