/**
 * Someone else saved the draft while I was editing, and we changed the same fields: each one
 * side by side, theirs and mine, and I choose (mine by default). Everything else of mine is
 * already re-applied on top of theirs. Nothing is discarded without a word.
 */
import { describeValue, labelChange } from '@slotwise/core';
import { useState } from 'preact/hooks';
import { conflict, draft, resolveConflict } from '../store/draft.ts';
import { Dialog } from '../ui/dialog.tsx';

export function ConflictDialog({ onClose }: { onClose: () => void }) {
  const pending = conflict.value;
  const [keepMine, setKeepMine] = useState<boolean[]>(() => pending?.conflicts.map(() => true) ?? []);
  if (!pending) return null;
  const choose = (i: number, mine: boolean) => setKeepMine((k) => k.map((x, j) => (j === i ? mine : x)));
  return (
    <Dialog title={`${pending.by} changed the same things as you`} onClose={onClose}>
      <p class="muted">Your other edits are already kept on top of theirs. For each of these, choose which to keep.</p>
      <ul class="conflicts" data-testid="conflicts">
        {pending.conflicts.map((c, i) => {
          const label = labelChange(c.path, draft.value, pending.theirs);
          return (
            <li key={i} class="conflict">
              <strong>
                {label.thing}
                {label.field ? ` — ${label.field}` : ''}
              </strong>
              <div class="sides">
                <label class={`side ${keepMine[i] ? 'on' : ''}`}>
                  <input type="radio" name={`conflict-${i}`} checked={keepMine[i]} onChange={() => choose(i, true)} />
                  <span class="label">Yours</span>
                  <span class="value">{c.mine === undefined ? '(deleted)' : describeValue(c.mine, 200)}</span>
                </label>
                <label class={`side ${keepMine[i] ? '' : 'on'}`}>
                  <input type="radio" name={`conflict-${i}`} checked={!keepMine[i]} onChange={() => choose(i, false)} />
                  <span class="label">{pending.by}'s</span>
                  <span class="value">{c.theirs === undefined ? '(deleted)' : describeValue(c.theirs, 200)}</span>
                </label>
              </div>
            </li>
          );
        })}
      </ul>
      <div class="dialog-actions">
        <button type="button" class="btn ghost" onClick={onClose}>
          Later
        </button>
        <button type="button" class="btn primary" onClick={() => void resolveConflict(keepMine).then(onClose)}>
          Keep these and save
        </button>
      </div>
    </Dialog>
  );
}
