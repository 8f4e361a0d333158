/**
 * Counts selector health at the edge: for each page load, the element slots whose page pattern
 * matched and those whose selector found nothing. Counted in the isolate's memory and written to
 * the site's EventStore at most once per FLUSH_MS per isolate (in the background, after the
 * page), so a page costs a few map updates and no round trip of its own. Counts in an isolate
 * that is evicted before its next write are lost: health is a trend, not an exact tally.
 */
import type { ElementSlot } from '@slotwise/core/decide';
import type { Env } from '../env.ts';
import { siteEvents } from '../objects/site-events.ts';
import type { SlotHealthRow } from '../objects/slot-health.ts';

const FLUSH_MS = 10_000;
/** Bounds the memory of an isolate whose writes keep failing. */
const MAX_PENDING = 5_000;

interface Pending {
  rows: Map<string, SlotHealthRow>;
  lastFlush: number;
}
const pendingBySite = new Map<string, Pending>();

export function noteSlotHealth(env: Env, ctx: ExecutionContext, siteId: string, slots: readonly ElementSlot[], found: ReadonlySet<string>, now = Date.now()): void {
  if (slots.length === 0) return;
  let pending = pendingBySite.get(siteId);
  if (!pending) pendingBySite.set(siteId, (pending = { rows: new Map(), lastFlush: 0 }));
  const day = new Date(now).toISOString().slice(0, 10);
  for (const { name } of slots) {
    const key = `${name}\u0000${day}`;
    let row = pending.rows.get(key);
    if (!row) {
      if (pending.rows.size >= MAX_PENDING) continue;
      pending.rows.set(key, (row = { slot: name, day, loads: 0, missing: 0 }));
    }
    row.loads += 1;
    if (!found.has(name)) row.missing += 1;
  }
  if (now - pending.lastFlush < FLUSH_MS) return;
  pending.lastFlush = now;
  const rows = [...pending.rows.values()];
  pending.rows = new Map();
  const kept = pending;
  ctx.waitUntil(
    siteEvents(env, siteId)
      .noteSlotHealth(rows)
      .catch((error: unknown) => {
        // Kept for the next write; nothing the visitor sees depends on it.
        for (const row of rows) {
          const key = `${row.slot}\u0000${row.day}`;
          const now = kept.rows.get(key);
          if (now) {
            now.loads += row.loads;
            now.missing += row.missing;
          } else if (kept.rows.size < MAX_PENDING) kept.rows.set(key, row);
        }
        console.warn(`slotwise: selector health not recorded: ${String(error)}`);
      }),
  );
}

/** Tests: forget what this isolate counted and when it last wrote. */
export function resetSlotHealth(): void {
  pendingBySite.clear();
}
