import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetEverything, signIn, signOut } from './auth.ts';
import { draft, loadDraft } from './draft.ts';
import { othersEditing, startPresence } from './presence.ts';
import { role, signedIn, who } from './session.ts';
import { FakeAdminApi } from './testing.ts';

let server: FakeAdminApi;
beforeEach(() => {
  server = new FakeAdminApi();
  server.session = null;
  vi.stubGlobal('fetch', server.fetch);
  forgetEverything();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('signing in and out', () => {
  it('a refused sign-in says why and signs nobody in', async () => {
    expect(await signIn('maria', 'wrong')).toBe('That name and password do not match an account.');
    expect(who.value).toBeNull();
  });

  it('a sign-in takes the name and role from the session', async () => {
    expect(await signIn(' maria ', 'right')).toBeNull();
    expect(server.sent('POST /session')[0]!.body).toEqual({ name: 'maria', password: 'right' });
    expect(who.value).toBe('maria');
    expect(role.value).toBe('admin');
  });

  it('signing out leaves presence first, then forgets the draft and who else is editing', async () => {
    await signIn('maria', 'right');
    await loadDraft();
    othersEditing.value = ['ana'];
    await signOut();
    expect(server.calls.slice(-2).map((c) => `${c.method} ${c.path}`)).toEqual(['DELETE /presence', 'DELETE /session']);
    expect(who.value).toBeNull();
    expect(draft.value).toBeNull();
    expect(othersEditing.value).toEqual([]);
  });

  it('behind Cloudflare Access, Access signs the person out', async () => {
    const assign = vi.fn();
    vi.stubGlobal('location', { assign });
    signedIn({ signedIn: true, who: 'maria', role: 'admin', via: 'access' });
    await signOut();
    expect(assign).toHaveBeenCalledWith('/cdn-cgi/access/logout');
    expect(server.sent('DELETE /session')).toHaveLength(0);
  });
});

describe('presence', () => {
  it('says "I am editing" now and every 15 s, and lists the others', async () => {
    vi.useFakeTimers();
    vi.stubGlobal('addEventListener', vi.fn());
    vi.stubGlobal('removeEventListener', vi.fn());
    const stop = startPresence();
    await vi.advanceTimersByTimeAsync(0);
    expect(othersEditing.value).toEqual(['ana']);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(server.sent('POST /presence')).toHaveLength(2);
    stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(server.sent('POST /presence')).toHaveLength(2);
  });
});
