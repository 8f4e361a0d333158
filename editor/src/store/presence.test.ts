import type { SiteConfigInput } from '@slotwise/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changedSinceLive, draft, flushSave, liveConfig, liveVersion, loadDraft, saveState } from './draft.ts';
import { notices } from './notices.ts';
import { heartbeat, othersEditing } from './presence.ts';
import { signedIn } from './session.ts';
import { FakeAdminApi, rename, serveFrom, siteConfig, stopServing } from './testing.ts';

const HERO_TEST = {
  id: 'hero-test',
  name: 'Hero test',
  status: 'live',
  priority: 1,
  slots: ['hero'],
  variants: [{ id: 'a', name: 'A', content: { hero: { kind: 'text', body: 'Hello' } } }],
} as unknown as SiteConfigInput['campaigns'][number];

const PAUSE_NOTE = 'auto-paused "Hero test": guardrail worse with confidence: Page load time (A)';
const pauseHeroTest = (d: SiteConfigInput): SiteConfigInput => ({ ...d, campaigns: d.campaigns.map((c) => ({ ...c, status: 'paused' as const })) });

let server: FakeAdminApi;
beforeEach(async () => {
  server = new FakeAdminApi();
  server.draft = siteConfig({ campaigns: [HERO_TEST] });
  server.publish(server.draft, 'maria', 'Hero test goes live');
  serveFrom(server);
  signedIn({ signedIn: true, who: 'maria', role: 'admin', via: 'session' });
  await loadDraft();
  notices.value = [];
});
afterEach(stopServing);

const heroStatus = () => draft.value?.campaigns[0]?.status;

describe('an open editor, when a guardrail pauses a campaign elsewhere', () => {
  it('shows it paused after one heartbeat, in the draft and in what is live, and says who paused it and why', async () => {
    expect(liveVersion.value).toBe(1);
    server.publishAs('auto-pause', PAUSE_NOTE, pauseHeroTest);
    // Before the heartbeat the editor still believes the campaign is live: that was the bug.
    expect(heroStatus()).toBe('live');
    await heartbeat();
    expect(othersEditing.value).toEqual(['ana']);
    expect(heroStatus()).toBe('paused');
    expect(liveConfig.value?.campaigns[0]?.status).toBe('paused');
    expect(liveVersion.value).toBe(2);
    expect(changedSinceLive.value).toBe(false);
    expect(notices.value.map((n) => n.text)).toEqual([`Version 2 is live now, published by auto-pause: ${PAUSE_NOTE}. The editor shows it.`]);
  });

  it('keeps unsaved edits: it waits, and the next save merges them over the pause', async () => {
    rename('Mine');
    server.publishAs('auto-pause', PAUSE_NOTE, pauseHeroTest);
    await heartbeat();
    expect(draft.value?.site.name).toBe('Mine');
    expect(saveState.value).toBe('pending');
    await flushSave();
    expect(saveState.value).toBe('saved');
    expect(server.draft.site.name).toBe('Mine');
    expect(server.draft.campaigns[0]?.status).toBe('paused');
    expect(heroStatus()).toBe('paused');
  });

  it('reads nothing more when nothing changed elsewhere', async () => {
    const before = server.calls.length;
    await heartbeat();
    expect(server.calls.slice(before).map((c) => `${c.method} ${c.path}`)).toEqual(['POST /presence']);
    expect(notices.value).toEqual([]);
  });

  it('takes in a draft another person saved, without a notice (nothing new went live)', async () => {
    server.saveAs('ana', (d) => ({ ...d, site: { ...d.site, name: 'Theirs' } }));
    await heartbeat();
    expect(draft.value?.site.name).toBe('Theirs');
    expect(changedSinceLive.value).toBe(true);
    expect(notices.value).toEqual([]);
  });
});
