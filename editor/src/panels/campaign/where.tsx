/** Where the campaign shows: its slots (those in the config and on this page) and, optionally, its pages. */
import { page } from '../../store/frame-page.ts';
import { setPages, toggleSlot } from './changes.ts';
import { FieldErrors, type SectionProps } from './section.tsx';

export function Where({ config, campaign, errors, change }: SectionProps) {
  const allSlots = [...new Set([...config.slots.map((s) => s.name), ...(page.value?.slots.map((s) => s.name) ?? [])])];
  return (
    <section class="block">
      <h3>Where</h3>
      <div class="chips" role="group" aria-label="Slots">
        {allSlots.map((s) => (
          <label key={s} class={`chip ${campaign.slots.includes(s) ? 'on' : ''}`}>
            <input type="checkbox" checked={campaign.slots.includes(s)} onChange={(e) => change(toggleSlot(s, e.currentTarget.checked))} />
            {s}
          </label>
        ))}
      </div>
      <label class="field">
        <span>
          Only on pages <small class="muted">(optional: /, /shoes/*, * — comma-separated)</small>
        </span>
        <input value={(campaign.pages ?? []).join(', ')} placeholder="every page the slot is on" onChange={(e) => change(setPages(e.currentTarget.value))} />
      </label>
      <FieldErrors list={errors} at={['slots', 'pages']} />
    </section>
  );
}
