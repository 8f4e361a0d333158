/**
 * Selector health, stored with the site's other aggregates (EventStore): per element slot and
 * UTC day, the page loads where the slot's page pattern matched and those where its selector
 * found nothing. Counts only: no visitor, no URL. Kept AGGREGATE days, like the other aggregates.
 */
export interface SlotHealthRow {
  slot: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  loads: number;
  missing: number;
}

export interface SlotHealth {
  slots: { slot: string; days: { day: string; loads: number; missing: number }[] }[];
}

export const HEALTH_DAYS_KEPT = 90;

export function ensureSlotHealthTable(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS slot_health (
    slot TEXT NOT NULL, day TEXT NOT NULL, loads INTEGER NOT NULL, missing INTEGER NOT NULL,
    PRIMARY KEY (slot, day)) WITHOUT ROWID`);
}

export function addSlotHealth(sql: SqlStorage, rows: readonly SlotHealthRow[]): void {
  for (const { slot, day, loads, missing } of rows) {
    sql.exec(
      'INSERT INTO slot_health (slot, day, loads, missing) VALUES (?, ?, ?, ?) ON CONFLICT (slot, day) DO UPDATE SET loads = loads + excluded.loads, missing = missing + excluded.missing',
      slot,
      day,
      loads,
      missing,
    );
  }
}

export function readSlotHealth(sql: SqlStorage, since: string): SlotHealth {
  const slots = new Map<string, SlotHealth['slots'][number]>();
  for (const row of sql.exec('SELECT slot, day, loads, missing FROM slot_health WHERE day >= ? ORDER BY slot, day', since)) {
    const slot = String(row.slot);
    let entry = slots.get(slot);
    if (!entry) slots.set(slot, (entry = { slot, days: [] }));
    entry.days.push({ day: String(row.day), loads: Number(row.loads), missing: Number(row.missing) });
  }
  return { slots: [...slots.values()] };
}

export function pruneSlotHealth(sql: SqlStorage, before: string): void {
  sql.exec('DELETE FROM slot_health WHERE day < ?', before);
}
