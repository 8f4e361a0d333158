/**
 * Team (admins only): who may use the editor and with which role — add someone with an initial
 * password, change a role, reset a password (which signs them out), end their sessions, remove.
 */
import { useEffect, useState } from 'preact/hooks';
import type { Account, Role } from '../api.ts';
import { who } from '../store/session.ts';
import { addAccount, changeRole, endSessions, loadAccounts, removeAccount, resetPassword } from '../store/team.ts';

const ROLES: [Role, string][] = [
  ['viewer', 'Viewer: reads the draft, results and versions'],
  ['editor', 'Editor: + edits the draft, library and lists'],
  ['publisher', 'Publisher: + publishes and rolls back'],
  ['admin', 'Admin: + manages the team'],
];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : 'never');

function AddAccount({ onAdded }: { onAdded: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('editor');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  async function add(event: Event) {
    event.preventDefault();
    setError('');
    try {
      await addAccount(name, role, password);
      setName('');
      setPassword('');
      onAdded();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <form class="card team-add" onSubmit={add} aria-label="Add a person">
      <h2 class="section-title">Add a person</h2>
      <div class="team-add-fields">
        <label class="field">
          <span>Name</span>
          <input value={name} onInput={(e) => setName(e.currentTarget.value)} required maxLength={60} autocomplete="off" />
        </label>
        <label class="field">
          <span>Role</span>
          <select value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map(([id, label]) => (
              <option key={id} value={id}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>Initial password</span>
          <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required minLength={8} autocomplete="new-password" />
        </label>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <button class="btn primary" type="submit" disabled={!name.trim() || password.length < 8}>
        Add
      </button>
    </form>
  );
}

function AccountRow({ account, onChanged }: { account: Account; onChanged: () => void }) {
  const act = async (done: Promise<boolean>) => {
    if (await done) onChanged();
  };
  const askNewPassword = () => {
    const password = prompt(`New password for ${account.name} (at least 8 characters). They are signed out everywhere.`);
    if (password) void act(resetPassword(account.name, password));
  };
  const me = account.name.toLowerCase() === (who.value ?? '').toLowerCase();
  return (
    <tr data-testid={`account-${account.name}`}>
      <td>
        <strong>{account.name}</strong>
        {me && <span class="muted small"> (you)</span>}
      </td>
      <td>
        <select aria-label={`Role of ${account.name}`} value={account.role} onChange={(e) => void act(changeRole(account.name, e.currentTarget.value as Role))}>
          {ROLES.map(([id]) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </select>
      </td>
      <td>{when(account.lastSignIn)}</td>
      <td>{account.sessions}</td>
      <td>
        <div class="team-actions">
          <button class="btn small" onClick={askNewPassword}>
            Reset password
          </button>
          <button class="btn small" disabled={account.sessions === 0} onClick={() => void act(endSessions(account.name))}>
            Sign out everywhere
          </button>
          <button class="btn small danger" disabled={me} onClick={() => confirm(`Remove ${account.name}? They can no longer sign in.`) && void act(removeAccount(account.name))}>
            Remove
          </button>
        </div>
      </td>
    </tr>
  );
}

export function TeamScreen() {
  const [accounts, setAccounts] = useState<Account[] | null>(null);
  const refresh = () => loadAccounts().then((a) => a && setAccounts(a));
  useEffect(() => void refresh(), []);
  return (
    <div class="page-screen">
      <div class="page-head">
        <div>
          <h1>Team</h1>
          <p class="muted">Who may use the editor, and what they may do. Every change here is in the change history (Versions).</p>
        </div>
      </div>
      {accounts === null ? (
        <p class="muted">Loading…</p>
      ) : (
        <table class="table" data-testid="accounts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Last sign-in</th>
              <th>Sessions</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <AccountRow key={a.name} account={a} onChanged={() => void refresh()} />
            ))}
          </tbody>
        </table>
      )}
      <AddAccount onAdded={() => void refresh()} />
    </div>
  );
}
