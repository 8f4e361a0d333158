/**
 * Shapes the Admin API answers with (docs/admin-api.md), shared by the Worker that sends them
 * and the editor that reads them.
 */
import type { Content } from './schema.ts';

/** One published version, as the versions list shows it. */
export interface VersionInfo {
  version: number;
  publishedAt: string;
  note: string;
  by: string;
  campaigns: number;
  live: boolean;
}

/**
 * Who got in and who did not, and changes to accounts (worker/src/admin/auth.ts): failed
 * attempts name the name tried (or the key) and the client, never a password.
 */
export type AuthAction = 'sign-in-failed' | 'key-rejected' | 'sign-out' | 'account-added' | 'account-changed' | 'account-removed' | 'sessions-revoked';

/** One line of the change history. */
export interface AuditEntry {
  at: string;
  who: string;
  action: 'sign-in' | 'save-draft' | 'publish' | 'rollback' | 'save-library' | AuthAction;
  version: number | null;
  detail: string;
}

/** What the server's sanitizer took out, and where. */
export interface Removal {
  /** Where in the config, e.g. `campaigns[0].variants[1].content.hero.body`. */
  path: string;
  removed: string[];
}

/** Content saved in the content library under a name. */
export interface LibraryItem {
  id: string;
  name: string;
  content: Content;
}

/** A week of the programme view's budget chart (`GET /__sw/admin/programme`). */
export interface ProgrammeWeek {
  /** The week's Monday, `YYYY-MM-DD` (UTC weeks, Monday to Sunday; the last one is this week so far). */
  start: string;
  visitors: number;
  /** got[n]: visitors who got n promotional messages (the last bucket: 10 or more). */
  got: number[];
  /** Visitors who reached the weekly budget (null without one). */
  atBudget: number | null;
}

/** One row of the budget chart: all customers, or the customers of one lifecycle segment (core segment-chart.ts says how they count). */
export interface ProgrammeSegment {
  /** `all`, or a lifecycle segment's id (`deal_seeker`). */
  id: string;
  /** Who the row counts, in words. */
  description: string;
  weeks: ProgrammeWeek[];
}

/** The budget chart's row that counts every customer once (core segment-chart.ts), before the segments' rows. */
export const ALL_CUSTOMERS_ROW = { id: 'all', description: 'every customer seen that week, counted once' } as const;

export interface ProgrammeView {
  /** The tightest weekly budget on every channel or the web (messages a week), or null. */
  weeklyBudget: number | null;
  /** All customers (the `all` row of `segments`). */
  weeks: ProgrammeWeek[];
  /** The same chart per segment: `all` first, then each lifecycle segment. */
  segments?: ProgrammeSegment[];
}
