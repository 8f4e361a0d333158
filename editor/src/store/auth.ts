/**
 * Signing in and out. Signing out forgets what the editor held for that person (the draft, its
 * library and conflicts, who else is editing), so whoever signs in next loads their own. Where
 * the screen was stays, as it always has: the next person signs in to the same tab.
 */
import { ApiError, api } from '../api.ts';
import { clearDraft } from './draft.ts';
import { notify } from './notices.ts';
import { leaveEditing, othersEditing } from './presence.ts';
import { signedIn, signedInVia } from './session.ts';

/** Reads the session cookie's account, if any (signed out when there is none). */
export async function checkSession(): Promise<void> {
  signedIn(await api.session().catch(() => null));
}

/** Why a sign-in was refused, in words for the form. */
function problem(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  if (e.status === 401) return 'That name and password do not match an account.';
  // 429: the server says how long to wait.
  if (e.status === 429) return `Too many failed attempts. ${e.message.replace(/^.*?: /, '').replace(/^t/, 'T')}.`;
  if (e.status === 503) return 'The editor is not set up: set the ADMIN_PASSWORD secret on the Worker.';
  return e.message;
}

/** Signs in; answers null when signed in, else the reason it was refused. */
export async function signIn(name: string, password: string): Promise<string | null> {
  try {
    await api.signIn(name.trim(), password);
    signedIn(await api.session());
    return null;
  } catch (e) {
    return problem(e);
  }
}

/** Ends the session; behind Cloudflare Access, Access's own sign-out ends it. */
export async function signOut(): Promise<void> {
  if (signedInVia.value === 'access') {
    location.assign('/cdn-cgi/access/logout');
    return;
  }
  // Leaving first, so the others' presence list drops this person at once.
  await leaveEditing();
  try {
    await api.signOut();
  } catch (e) {
    notify('error', `Not signed out: ${(e as Error).message}`);
    return;
  }
  forgetEverything();
}

/** Forgets everything the editor holds for the signed-in person. */
export function forgetEverything(): void {
  signedIn(null);
  clearDraft();
  othersEditing.value = [];
}
