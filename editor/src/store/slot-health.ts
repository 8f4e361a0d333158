/**
 * Selector health: whether each element slot's change still finds its element. The edge counts,
 * per slot and UTC day, page loads where the slot's pattern matched and those where its selector
 * found nothing; a slot whose recent loads mostly missed gets a warning on its campaigns ("not
 * found on 93% of /p/* pages since 2 Dec — the site changed?") and a one-click re-pick.
 */
import { signal } from '@preact/signals';
import { type SlotHealthReport, api } from '../api.ts';

export type SlotHealth = SlotHealthReport['slots'][number];

/** What the warning says: the share of recent loads that missed, since when, over which pages. */
export interface HealthWarning {
  slot: string;
  missingPct: number;
  since: string;
  loads: number;
}

export const slotHealth = signal<SlotHealth[]>([]);

/** A slot is warned about once this share of its recent loads missed… */
const MISSING_SHARE = 0.5;
/** …over at least this many loads (one odd page is not a redesign). */
const MIN_LOADS = 3;

export async function loadSlotHealth(): Promise<void> {
  try {
    slotHealth.value = (await api.slotHealth()).slots;
  } catch {
    // Without the report (an older Worker, a network error) no warning shows; nothing else depends on it.
  }
}

/**
 * The warning for one slot's days, or null. It looks at the latest run of days (with loads) whose
 * loads mostly missed: a day where the element was found again ends the run, so a fixed page or a
 * re-pick clears the warning as soon as visitors load it.
 */
export function healthWarning(health: SlotHealth): HealthWarning | null {
  const days = health.days.filter((d) => d.loads > 0).sort((a, b) => a.day.localeCompare(b.day));
  let loads = 0;
  let missing = 0;
  let since = '';
  for (let i = days.length - 1; i >= 0; i--) {
    const d = days[i]!;
    if (d.missing / d.loads < MISSING_SHARE) break;
    loads += d.loads;
    missing += d.missing;
    since = d.day;
  }
  if (loads < MIN_LOADS) return null;
  return { slot: health.slot, missingPct: Math.round((missing / loads) * 100), since, loads };
}

/** Warnings for these slots (a campaign's), worst first. */
export function warningsFor(slots: string[]): HealthWarning[] {
  return slotHealth.value
    .filter((h) => slots.includes(h.slot))
    .map(healthWarning)
    .filter((w): w is HealthWarning => w !== null)
    .sort((a, b) => b.missingPct - a.missingPct);
}

/** "2 Dec" from "2026-12-02", as the warning says it. */
export function shortDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? day : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}
