/** How the campaign is measured and when it runs: goal, priority, schedule and frequency cap. */
import { setCap, setPriority, setScheduleEdge } from './changes.ts';
import { GoalFields, GoalWarning } from './goal.tsx';
import { FieldErrors, type SectionProps } from './section.tsx';

const toLocal = (iso?: string) => (iso ? new Date(iso).toISOString().slice(0, 16) : '');
const fromLocal = (value: string) => (value ? new Date(`${value}:00Z`).toISOString() : undefined);

export function GoalAndTiming({ campaign, errors, change }: SectionProps) {
  return (
    <section class="block">
      <h3>Goal and timing</h3>
      <GoalFields campaign={campaign} change={change} />
      <div class="row">
        <label class="field narrow">
          <span>Priority</span>
          <input type="number" min={1} aria-label="Priority" value={campaign.priority} onInput={(e) => change(setPriority(e.currentTarget.value))} />
        </label>
        <label class="field">
          <span>Starts (UTC)</span>
          <input type="datetime-local" value={toLocal(campaign.schedule?.start)} onChange={(e) => change(setScheduleEdge('start', fromLocal(e.currentTarget.value)))} />
        </label>
        <label class="field">
          <span>Ends (UTC)</span>
          <input type="datetime-local" value={toLocal(campaign.schedule?.end)} onChange={(e) => change(setScheduleEdge('end', fromLocal(e.currentTarget.value)))} />
        </label>
      </div>
      <GoalWarning campaign={campaign} change={change} />
      <FieldErrors list={errors} at={['goal', 'priority', 'schedule']} />
      <p class="muted small">1 is considered first; a slot shows at most one campaign.</p>
      <div class="row">
        <label class="field narrow">
          <span>At most, per day</span>
          <input
            type="number"
            min={1}
            aria-label="Frequency cap per day"
            placeholder="no limit"
            value={campaign.frequencyCap?.perDay ?? ''}
            onInput={(e) => change(setCap('perDay', e.currentTarget.value))}
          />
        </label>
        <label class="field narrow">
          <span>At most, in all</span>
          <input
            type="number"
            min={1}
            aria-label="Frequency cap in all"
            placeholder="no limit"
            value={campaign.frequencyCap?.total ?? ''}
            onInput={(e) => change(setCap('total', e.currentTarget.value))}
          />
        </label>
        <p class="muted small grow">Frequency cap: how often one visitor sees this campaign (per UTC day / ever); after that the slot goes to the next campaign or its default.</p>
      </div>
      <FieldErrors list={errors} at={['cap']} />
    </section>
  );
}
