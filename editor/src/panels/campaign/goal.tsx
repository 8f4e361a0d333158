/** The campaign's goal: an event the site sends or a page visited, with a warning for an event never sent. */
import type { CampaignInput } from '../../store/draft-ops.ts';
import { catalog } from '../../store/draft.ts';
import { setGoalEvent, setGoalPage, setGoalType } from './changes.ts';
import type { SectionProps } from './section.tsx';

export function GoalFields({ campaign, change }: Pick<SectionProps, 'campaign' | 'change'>) {
  const goal = campaign.goal;
  return (
    <div class="row">
      <label class="field">
        <span>Goal</span>
        <select aria-label="Goal type" value={goal?.type ?? 'none'} onChange={(e) => change(setGoalType(e.currentTarget.value))}>
          <option value="none">No goal</option>
          <option value="event">An event happens</option>
          <option value="page">A page is visited</option>
        </select>
      </label>
      {goal?.type === 'event' && (
        <label class="field grow">
          <span>
            Event <small class="muted">(one your site sends)</small>
          </span>
          <input aria-label="Goal event" list="sw-goal-events" value={goal.event} onInput={(e) => change(setGoalEvent(e.currentTarget.value.trim()))} />
          <datalist id="sw-goal-events">
            {goalEvents().map((ev) => (
              <option key={ev} value={ev} />
            ))}
          </datalist>
        </label>
      )}
      {goal?.type === 'page' && (
        <label class="field grow">
          <span>Page path</span>
          <input aria-label="Goal page" value={goal.path} onInput={(e) => change(setGoalPage(e.currentTarget.value.trim()))} />
        </label>
      )}
    </div>
  );
}

/** Events to offer as goals: those the site has sent first, then the standard ones. */
function goalEvents(): string[] {
  const { seenEvents, events } = catalog.value;
  return [...new Set([...(seenEvents ?? []), ...events])];
}

/** Edits between two names (Levenshtein), to suggest the event a typo meant. */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    row = next;
  }
  return row[b.length]!;
}

/**
 * A goal on an event the site has never sent would never convert: say so, and offer the name
 * it most likely meant. Shown only once the Worker reports what the site sends.
 */
export function GoalWarning({ campaign, change }: { campaign: CampaignInput; change: SectionProps['change'] }) {
  const event = campaign.goal?.type === 'event' ? campaign.goal.event : '';
  const seen = catalog.value.seenEvents;
  if (!seen || !event || seen.includes(event)) return null;
  const known = goalEvents();
  const near = known
    .map((k) => [k, distance(event, k)] as const)
    .filter(([, d]) => d > 0 && d <= 2)
    .sort((a, b) => a[1] - b[1])[0]?.[0];
  return (
    <p class="warning small" role="status" data-testid="goal-warning">
      Your site has not sent “{event}” yet{seen.length ? '' : ' (no events received so far)'}: this goal counts no conversion until it does.
      {near && (
        <>
          {' '}
          Did you mean{' '}
          <button type="button" class="link" onClick={() => change(setGoalEvent(near))}>
            {near}
          </button>
          ?
        </>
      )}
    </p>
  );
}
