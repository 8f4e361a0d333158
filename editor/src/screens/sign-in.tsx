/** Sign-in: the site's admin password (a Worker secret) and a name for the audit log. */
import { useState } from 'preact/hooks';
import { ApiError, api } from '../api.ts';
import { who } from '../state.ts';

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
      await api.signIn(password, name.trim());
      localStorage.setItem('sw-editor-name', name.trim());
      who.value = (await api.session()).who;
    } catch (e) {
      const status = e instanceof ApiError ? e.status : 0;
      setError(status === 401 ? 'That password is not right.' : status === 503 ? 'The editor is not set up: set the ADMIN_PASSWORD secret on the Worker.' : (e as Error).message);
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
          <span>Your name <small class="muted">(shown in the change history)</small></span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} autocomplete="name" placeholder="e.g. Maria" />
        </label>
        <label class="field">
          <span>Password</span>
          <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} autocomplete="current-password" required autofocus />
        </label>
        {error && <p class="error" role="alert">{error}</p>}
        <button class="btn primary wide" type="submit" disabled={busy || !password}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </div>
  );
}
