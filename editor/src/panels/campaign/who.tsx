/** Who sees the campaign: everyone or an audience, whose rule is edited right here. */
import { explainError } from '@slotwise/core';
import { AudienceBuilder } from '../../audience/audience-builder.tsx';
import { addAudience, updateAudience } from '../../store/draft-ops.ts';
import { errorsAt } from '../../store/draft.ts';
import { page } from '../../store/frame-page.ts';
import { setAudience } from './changes.ts';
import { FieldErrors, type SectionProps } from './section.tsx';

export function Who({ config, campaign, errors, change }: SectionProps) {
  const audience = config.audiences.find((a) => a.id === campaign.audience);
  const audienceIndex = config.audiences.findIndex((a) => a.id === campaign.audience);
  const usedBy = config.campaigns.filter((c) => c.audience && c.audience === campaign.audience).length;
  const choose = (value: string) => change(setAudience(value === '__new' ? addAudience(`${campaign.name} audience`) : value));
  return (
    <section class="block">
      <h3>Who</h3>
      <div class="row">
        <select aria-label="Audience" value={campaign.audience ?? ''} onChange={(e) => choose(e.currentTarget.value)}>
          <option value="">Everyone</option>
          {config.audiences.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
          <option value="__new">+ New audience…</option>
        </select>
      </div>
      {audience && (
        <div class="audience-inline">
          <label class="field">
            <span>Audience name {usedBy > 1 && <small class="muted">(shared by {usedBy} campaigns: changes apply to all)</small>}</span>
            <input value={audience.name} onInput={(e) => updateAudience(audience.id, (a) => ({ ...a, name: e.currentTarget.value }))} />
          </label>
          <AudienceBuilder
            key={audience.id}
            condition={audience.condition}
            path={page.value?.path ?? '/'}
            onChange={(condition) => updateAudience(audience.id, (a) => ({ ...a, condition }))}
          />
          {errorsAt(`audiences[${audienceIndex}]`).map((e) => (
            <p key={e} class="error" role="alert">
              {explainError(config, e).text}
            </p>
          ))}
        </div>
      )}
      <FieldErrors list={errors} at={['audience']} />
    </section>
  );
}
