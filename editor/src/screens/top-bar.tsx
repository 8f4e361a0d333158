/** The top bar: where you are, whether the draft is saved, and Publish. */
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { changedSinceLive, draft, liveVersion, loadDraft, saveError, saveState, validation, view, type View, who } from '../state.ts';
import { PublishDialog } from './publish-dialog.tsx';
import { may, role, signedIn, signedInVia } from '../identity.ts';

/** Ends the session; behind Cloudflare Access, Access's own sign-out ends it. */
function signOut() {
  if (signedInVia.value === 'access') location.assign('/cdn-cgi/access/logout');
  else void api.signOut().then(() => signedIn(null));
}

const TABS: [View, string][] = [['site', 'Site'], ['campaigns', 'Campaigns'], ['audiences', 'Audiences'], ['results', 'Results'], ['versions', 'Versions'], ['team', 'Team']];

function SaveStatus() {
  const state = saveState.value;
  const problems = validation.value.errors.length;
  const text = {
    saved: changedSinceLive.value ? 'Draft saved · not published' : 'All changes are live',
    pending: 'Unsaved changes…',
    saving: 'Saving…',
    invalid: `${problems} problem${problems === 1 ? '' : 's'} to fix before saving`,
    error: `Not saved: ${saveError.value}`,
    conflict: 'Someone else changed the draft',
  }[state];
  return (
    <span class={`save-status ${state}`} role="status" data-testid="save-status">
      {text}
      {state === 'conflict' && <button class="link" onClick={() => void loadDraft()}>Load their version</button>}
    </span>
  );
}

export function TopBar() {
  const [publishing, setPublishing] = useState(false);
  const site = draft.value?.site;
  return (
    <header class="top-bar">
      <div class="brand"><span class="brand-mark" aria-hidden="true">◆</span> Slotwise</div>
      <span class="site-name" title={site?.id}>{site?.name ?? site?.id ?? ''}</span>
      <nav class="tabs" aria-label="Editor sections">
        {TABS.filter(([id]) => id !== 'team' || may('admin')).map(([id, label]) => (
          <button key={id} class={`tab ${view.value === id ? 'active' : ''}`} aria-current={view.value === id ? 'page' : undefined} onClick={() => (view.value = id)}>
            {label}
          </button>
        ))}
      </nav>
      <div class="top-actions">
        <SaveStatus />
        <span class="live-badge" title="The version visitors get now">{liveVersion.value === null ? 'nothing live yet' : `live: v${liveVersion.value}`}</span>
        <button class="btn primary" disabled={!may('publisher') || !changedSinceLive.value || !validation.value.ok || saveState.value === 'conflict'} title={may('publisher') ? undefined : `Publishing needs the publisher role; you are ${role.value}`} onClick={() => setPublishing(true)}>
          Publish
        </button>
        <button class="btn ghost" title={`Signed in as ${who.value} (${role.value})`} onClick={signOut}>
          Sign out
        </button>
      </div>
      {publishing && <PublishDialog onClose={() => setPublishing(false)} />}
    </header>
  );
}
