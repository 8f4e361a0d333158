/** The top bar: where you are, whether the draft is saved, what visitors get, who else is editing, and Publish. */
import { useEffect, useState } from 'preact/hooks';
import { signOut } from '../store/auth.ts';
import { changedSinceLive, conflict, draft, liveConfig, liveVersion, mergeTheirs, saveError, saveState, validation } from '../store/draft.ts';
import { type View, showView, view } from '../store/navigation.ts';
import { othersEditing, startPresence } from '../store/presence.ts';
import { hiddenFromAll } from '../visibility.ts';
import { ConflictDialog } from '../dialogs/conflict.tsx';
import { PublishDialog } from '../dialogs/publish.tsx';
import { may, role, who } from '../store/session.ts';
import { plural } from '../words.ts';

const TABS: [View, string][] = [
  ['site', 'Site'],
  ['campaigns', 'Campaigns'],
  ['audiences', 'Audiences'],
  ['programme', 'Programme'],
  ['products', 'Products'],
  ['results', 'Results'],
  ['versions', 'Versions'],
  ['team', 'Team'],
];

/** Live campaigns of the live version that no visitor sees: "published" is not "seen". */
function hiddenLive(): number {
  const live = liveConfig.value;
  if (!live) return 0;
  return live.campaigns.filter((c) => hiddenFromAll(live, c)).length;
}

function SaveStatus({ onReview }: { onReview: () => void }) {
  const state = saveState.value;
  const problems = validation.value.errors.length;
  const hidden = hiddenLive();
  const published = hidden === 0 ? 'All changes are live' : `Published · ${plural(hidden, 'campaign')} no visitor sees`;
  const text = {
    saved: changedSinceLive.value ? 'Draft saved · not published' : published,
    pending: 'Unsaved changes…',
    saving: 'Saving…',
    invalid: `${plural(problems, 'problem')} to fix before saving`,
    error: `Not saved: ${saveError.value}`,
    conflict: conflict.value ? `${conflict.value.by} changed the same fields` : 'Someone else changed the draft: merging…',
  }[state];
  return (
    <>
      <span class={`save-status ${state} ${state === 'saved' && !changedSinceLive.value && hidden ? 'hidden-live' : ''}`} role="status" data-testid="save-status" title={text}>
        {text}
      </span>
      {state === 'saved' && !changedSinceLive.value && hidden > 0 && (
        <button class="link small" onClick={() => showView('campaigns')}>
          Which?
        </button>
      )}
      {state === 'conflict' && conflict.value && (
        <button class="btn small" onClick={onReview}>
          Choose what to keep
        </button>
      )}
      {/* The merge could not read their draft (the Worker did not answer): try again, nothing is lost meanwhile. */}
      {state === 'conflict' && !conflict.value && saveError.value && (
        <button class="btn small" onClick={() => void mergeTheirs()}>
          Merge with theirs
        </button>
      )}
    </>
  );
}

export function TopBar() {
  const [publishing, setPublishing] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  // Says "I am editing" while the workspace is open, and shows who else is.
  useEffect(startPresence, []);
  const site = draft.value?.site;
  const others = othersEditing.value;
  return (
    <header class="top-bar">
      <div class="brand">
        <span class="brand-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Slotwise
      </div>
      <span class="site-name" title={site?.id}>
        {site?.name ?? site?.id ?? ''}
      </span>
      <nav class="tabs" aria-label="Editor sections">
        {TABS.filter(([id]) => id !== 'team' || may('admin')).map(([id, label]) => (
          <button key={id} class={`tab ${view.value === id ? 'active' : ''}`} aria-current={view.value === id ? 'page' : undefined} onClick={() => showView(id)}>
            {label}
          </button>
        ))}
      </nav>
      <div class="top-actions">
        {others.length > 0 && (
          <span class="presence" data-testid="presence" title={`${others.join(', ')}: the editor open in the last minute`}>
            {others.slice(0, 3).map((name) => (
              <span key={name} class="avatar" aria-hidden="true">
                {name.slice(0, 1).toUpperCase()}
              </span>
            ))}
            <span class="presence-text">{others.length === 1 ? `${others[0]} is editing too` : `${others.slice(0, -1).join(', ')} and ${others.at(-1)} are editing too`}</span>
          </span>
        )}
        <SaveStatus onReview={() => setReviewing(true)} />
        <span class="live-badge" title="The version visitors get now">
          {liveVersion.value === null ? 'nothing live yet' : `live: v${liveVersion.value}`}
        </span>
        <button
          class="btn primary"
          disabled={!may('publisher') || !changedSinceLive.value || !validation.value.ok || saveState.value === 'conflict'}
          title={may('publisher') ? undefined : `Publishing needs the publisher role; you are ${role.value}`}
          onClick={() => setPublishing(true)}
        >
          Publish
        </button>
        <button class="btn ghost" title={`Signed in as ${who.value} (${role.value})`} onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
      {reviewing && conflict.value && <ConflictDialog onClose={() => setReviewing(false)} />}
    </header>
  );
}
