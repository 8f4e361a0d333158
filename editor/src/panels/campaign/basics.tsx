/** The campaign's head: back, duplicate, delete, its name and its status. */
import { duplicateCampaign, removeCampaign } from '../../store/draft-ops.ts';
import { editCampaign } from '../../store/navigation.ts';
import { rename, setStatus } from './changes.ts';
import { FieldErrors, type SectionProps } from './section.tsx';

const STATUS_WORDS = { draft: 'Draft', live: 'Live when published', paused: 'Paused' } as const;

export function Basics({ campaign, errors, change }: SectionProps) {
  const id = campaign.id;
  return (
    <>
      <div class="row space">
        <button class="link back" onClick={() => editCampaign(null)}>
          ← Slot
        </button>
        <div class="row">
          <button
            class="link"
            onClick={() => {
              const copy = duplicateCampaign(id);
              if (copy) editCampaign(copy);
            }}
          >
            Duplicate
          </button>
          <button
            class="link danger"
            onClick={() => {
              if (confirm(`Delete “${campaign.name}” from the draft?`)) {
                editCampaign(null);
                removeCampaign(id);
              }
            }}
          >
            Delete
          </button>
        </div>
      </div>
      <input class="title-input" aria-label="Campaign name" value={campaign.name} onInput={(e) => change(rename(e.currentTarget.value))} />
      <div class="segmented status" role="radiogroup" aria-label="Status">
        {(['draft', 'live', 'paused'] as const).map((s) => (
          <button key={s} role="radio" aria-checked={campaign.status === s} class={campaign.status === s ? `on status-${s}` : ''} onClick={() => change(setStatus(s))}>
            {STATUS_WORDS[s]}
          </button>
        ))}
      </div>
      <FieldErrors list={errors} at={['name', 'status', 'other']} />
    </>
  );
}
