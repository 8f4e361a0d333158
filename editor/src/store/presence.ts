/** Presence: says "I am editing" every 15 s and keeps the list of who else is. */
import { signal } from '@preact/signals';
import { api } from '../api.ts';

export const HEARTBEAT_MS = 15_000;

/** Others with the editor open now (presence, from the Worker). */
export const othersEditing = signal<string[]>([]);

/** Starts the heartbeat; the returned function stops it. Leaving the page says goodbye at once. */
export function startPresence(): () => void {
  let on = true;
  const beat = () =>
    api.presence().then(
      (p) => {
        if (on) othersEditing.value = p.editing.map((e) => e.who);
      },
      () => undefined,
    );
  void beat();
  const timer = setInterval(beat, HEARTBEAT_MS);
  const leave = () => void leaveEditing();
  addEventListener('pagehide', leave);
  return () => {
    on = false;
    clearInterval(timer);
    removeEventListener('pagehide', leave);
  };
}

/** Drops this person from the others' lists now (best effort). */
export function leaveEditing(): Promise<void> {
  return api.leave().catch(() => undefined);
}
