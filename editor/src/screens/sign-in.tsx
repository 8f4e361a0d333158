/**
 * Sign-in: your account's name and password. While the site has no account, the name you give
 * with the site's ADMIN_PASSWORD becomes its first admin. (With Cloudflare Access configured,
 * people arrive signed in and never see this.)
 */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { signedIn } from '../store/session.ts';

function problem(e: unknown): string {
  if (!(e instanceof ApiError)) return (e as Error).message;
  if (e.status === 401) return 'That name and password do not match an account.';
  // 429: the server says how long to wait.
  if (e.status === 429) return `Too many failed attempts. ${e.message.replace(/^.*?: /, '').replace(/^t/, 'T')}.`;
  if (e.status === 503) return 'The editor is not set up: set the ADMIN_PASSWORD secret on the Worker.';
  return e.message;
}

export function SignIn() {
  const [password, setPassword] = useState('');
  const [name, setName] = useState(() => localStorage.getItem('sw-editor-name') ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      await api.signIn(name.trim(), password);
      localStorage.setItem('sw-editor-name', name.trim());
      signedIn(await api.session());
    } catch (e) {
      setError(problem(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="sign-in">
      <form class="card sign-in-card" onSubmit={submit}>
        <div class="brand"><span class="brand-mark" aria-hidden="true">◆</span> Slotwise</div>
        <h1>Sign in to the editor</h1>
        <p class="muted">Personalize this site: pick a slot, write variants, choose who sees them, publish.</p>
        <label class="field">
          <span>Your name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="username" placeholder="e.g. Maria" required />
        </label>
        <label class="field">
          <span>Password</span>
          <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="current-password" required autofocus />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button class="btn primary wide" type="submit" disabled={busy || !password || !name.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
        <p class="muted small">First time on this site? Sign in with your name and the site's admin password: you become its first admin, and can add your team under <em>Team</em>.</p>
      </form>
    </div>
  );
}
