/**
 * Presence: says "I am editing" every 15 s and keeps the list of who else is; the same answer
 * says what is live and saved, so a publish made elsewhere reaches this editor (draft.ts's catchUp).
 */
import { signal } from '@preact/signals';
import { api } from '../api.ts';
import { catchUp } from './draft.ts';

export const HEARTBEAT_MS = 15_000;

/** Others with the editor open now (presence, from the Worker). */
export const othersEditing = signal<string[]>([]);

/** One heartbeat: who else is editing, and anything published or saved elsewhere taken in. */
export function heartbeat(): Promise<void> {
  return (
    api
      .presence()
      .then((p) => {
        othersEditing.value = p.editing.map((e) => e.who);
        return catchUp(p);
      })
      // A missed beat changes nothing: the next one says it again.
      .catch(() => undefined)
  );
}

/** Starts the heartbeat; the returned function stops it. Leaving the page says goodbye at once. */
export function startPresence(): () => void {
  void heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  const leave = () => void leaveEditing();
  addEventListener('pagehide', leave);
  return () => {
    clearInterval(timer);
    removeEventListener('pagehide', leave);
  };
}

/** Drops this person from the others' lists now (best effort). */
export function leaveEditing(): Promise<void> {
  return api.leave().catch(() => undefined);
}
