/**
 * Contact budgets: at most N promotional messages per customer per day or week, across campaigns
 * and channels (programme-schema.ts's BudgetSchema). A *contact* is one promotional campaign shown
 * to the customer on one UTC day, on one kind of channel: showing the same campaign again that
 * day (the next page view, a reload) is the same message and is always allowed, so a page never
 * loses a banner it showed a moment ago. A control group's showing counts too, so a budget cannot
 * bias an experiment's comparison. Service campaigns never count and are never blocked.
 *
 * An anonymous visitor's contacts live on the device (`sw_b`, written by whoever rendered the
 * campaign, as caps are); an identified customer's come from the event store, so the Decide API's
 * email and app decisions and the website draw from one budget.
 *
 * Cookie: `1|<utc day>:<w|o>:<campaign>:<group>|…`, newest first (`w` web, `o` another channel).
 */
import type { CompiledConfig } from './compile.ts';
import type { Decisions } from './decide.ts';
import { utcDay } from './frequency.ts';
import type { Budget } from './programme-schema.ts';

const VERSION = '1';
/** A week's budget looks back this many UTC days, today included. */
const WEEK_DAYS = 7;
/** Contacts remembered at most; the oldest are forgotten first. */
export const MAX_CONTACTS = 40;
const ENTRY = /^(\d{1,6}):([wo]):([A-Za-z0-9][A-Za-z0-9_-]{0,63}):([A-Za-z0-9][A-Za-z0-9_-]{0,63})?$/;

export type ContactChannel = 'web' | 'other';

export interface Contact {
  /** UTC day number (epoch days). */
  day: number;
  channel: ContactChannel;
  campaign: string;
  group: string | null;
}

/** What a budget needs to know of a campaign. */
export interface BudgetedCampaign {
  id: string;
  purpose: 'promotional' | 'service';
  group: string | null;
}

export type BudgetVerdict = { allowed: true } | { allowed: false; budget: Budget; used: number };

export function decodeContacts(value: string | null | undefined): Contact[] {
  if (typeof value !== 'string' || value.length > 4096) return [];
  const [version, ...entries] = value.split('|');
  if (version !== VERSION) return [];
  const contacts: Contact[] = [];
  for (const entry of entries.slice(0, MAX_CONTACTS)) {
    const m = ENTRY.exec(entry);
    if (m) contacts.push({ day: Number(m[1]), channel: m[2] === 'w' ? 'web' : 'other', campaign: m[3]!, group: m[4] ?? null });
  }
  return contacts;
}

export function encodeContacts(contacts: readonly Contact[]): string {
  const newest = [...contacts].sort((a, b) => b.day - a.day).slice(0, MAX_CONTACTS);
  return [VERSION, ...newest.map((c) => `${c.day}:${c.channel === 'web' ? 'w' : 'o'}:${c.campaign}:${c.group ?? ''}`)].join('|');
}

/** Whether a budget limits this campaign on this channel. */
function governs(budget: Budget, campaign: BudgetedCampaign, channel: ContactChannel): boolean {
  if (campaign.purpose === 'service') return false;
  if (budget.channels === 'web' && channel !== 'web') return false;
  return budget.group === undefined || budget.group === campaign.group;
}

/** The distinct messages (campaign × day × channel) a budget counts among `contacts` as of `now`. */
export function budgetUsed(budget: Budget, contacts: readonly Contact[], now: number): number {
  const today = utcDay(now);
  const from = budget.per === 'day' ? today : today - WEEK_DAYS + 1;
  const seen = new Set<string>();
  for (const c of contacts) {
    if (c.day < from || c.day > today) continue;
    if (budget.channels === 'web' && c.channel !== 'web') continue;
    if (budget.group !== undefined && budget.group !== c.group) continue;
    seen.add(`${c.day}:${c.channel}:${c.campaign}`);
  }
  return seen.size;
}

/**
 * Whether showing `campaign` on `channel` now keeps every budget: allowed when no budget governs
 * it, when it already counted today on this channel (the same message again), or when each
 * governing budget has room; otherwise the first budget that is spent.
 */
export function budgetVerdict(budgets: readonly Budget[], contacts: readonly Contact[], campaign: BudgetedCampaign, channel: ContactChannel, now: number): BudgetVerdict {
  if (budgets.length === 0 || campaign.purpose === 'service') return { allowed: true };
  const today = utcDay(now);
  if (contacts.some((c) => c.day === today && c.channel === channel && c.campaign === campaign.id)) return { allowed: true };
  for (const budget of budgets) {
    if (!governs(budget, campaign, channel)) continue;
    const used = budgetUsed(budget, contacts, now);
    if (used >= budget.limit) return { allowed: false, budget, used };
  }
  return { allowed: true };
}

/** `contacts` with these campaigns shown now on `channel` (each once a day); null when nothing changed. */
export function recordContacts(contacts: readonly Contact[], shown: readonly BudgetedCampaign[], channel: ContactChannel, now: number): Contact[] | null {
  const today = utcDay(now);
  const oldest = today - WEEK_DAYS + 1;
  const added: Contact[] = [];
  for (const c of shown) {
    if (c.purpose === 'service') continue;
    if (contacts.some((k) => k.day === today && k.channel === channel && k.campaign === c.id) || added.some((k) => k.campaign === c.id)) continue;
    added.push({ day: today, channel, campaign: c.id, group: c.group });
  }
  if (added.length === 0) return null;
  // Older than a week, a contact can no longer count against any budget.
  return [...added, ...contacts.filter((c) => c.day >= oldest)].slice(0, MAX_CONTACTS);
}

/** A budget in words, for the trace and the editor: "3 promotional messages a week on every channel". */
export function describeBudget(budget: Budget): string {
  const what = `${budget.limit} promotional message${budget.limit === 1 ? '' : 's'} a ${budget.per}`;
  return `${budget.name ? `"${budget.name}": ` : ''}${what}${budget.channels === 'web' ? ' on the web' : ' on every channel'}${budget.group ? ` for group "${budget.group}"` : ''}`;
}

/**
 * The contacts after serving `decisions` on `channel`: every promotional campaign that took a
 * slot counts (its control group too, so a budget does not bias the comparison); null when
 * nothing changed or no budget is set, so callers write the cookie only when needed.
 */
export function contactsAfter(config: CompiledConfig, decisions: Decisions, contacts: readonly Contact[], channel: ContactChannel, now: number): Contact[] | null {
  if (config.budgets.length === 0) return null;
  const ids = new Set(Object.values(decisions.slots).map((d) => d.campaign));
  const shown = config.campaigns.filter((c) => ids.has(c.id)).map((c) => c.budgeted);
  return recordContacts(contacts, shown, channel, now);
}
