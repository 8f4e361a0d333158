/**
 * Sign-in: your account's name and password. While the site has no account, the name you give
 * with the site's ADMIN_PASSWORD becomes its first admin. (With Cloudflare Access configured,
 * people arrive signed in and never see this.)
 */
import { useState } from 'preact/hooks';
import { signIn } from '../store/auth.ts';

export function SignIn() {
  const [password, setPassword] = useState('');
  const [name, setName] = useState(() => localStorage.getItem('sw-editor-name') ?? '');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    const refused = await signIn(name, password);
    if (refused) setError(refused);
    else localStorage.setItem('sw-editor-name', name.trim());
    setBusy(false);
  }

  return (
    <div class="sign-in">
      <form class="card sign-in-card" onSubmit={submit}>
        <div class="brand">
          <span class="brand-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Slotwise
        </div>
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
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button class="btn primary wide" type="submit" disabled={busy || !password || !name.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p class="muted small">
          First time on this site? Sign in with your name and the site's admin password: you become its first admin, and can add your team under <em>Team</em>.
        </p>
      </form>
    </div>
  );
}
