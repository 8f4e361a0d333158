/** Audiences: reusable conditions, each built visually, with the campaigns that use it. */
import { AudienceBuilder } from '../audience/audience-builder.tsx';
import { addAudience, removeAudience, updateAudience } from '../store/draft-ops.ts';
import { draft, errorsAt } from '../store/draft.ts';
import { editAudience, openAudience } from '../store/navigation.ts';
import { plural } from '../words.ts';

export function AudiencesScreen() {
  const config = draft.value;
  if (!config) return null;
  const selected = config.audiences.find((a) => a.id === openAudience.value) ?? config.audiences[0];
  const index = selected ? config.audiences.indexOf(selected) : -1;
  const users = selected ? config.campaigns.filter((c) => c.audience === selected.id) : [];

  return (
    <div class="page-screen two-col">
      <aside class="list-col">
        <div class="page-head">
          <h1>Audiences</h1>
          <button class="btn primary small" onClick={() => editAudience(addAudience('New audience'))}>
            + New
          </button>
        </div>
        {config.audiences.length === 0 && <p class="muted">No audiences yet. An audience is a group of visitors, e.g. “viewed shoes 3 times this month”.</p>}
        <ul class="plain-list">
          {config.audiences.map((a) => (
            <li key={a.id}>
              <button class={`list-item ${selected?.id === a.id ? 'on' : ''}`} onClick={() => editAudience(a.id)}>
                <span>{a.name}</span>
                <span class="muted small">{plural(config.campaigns.filter((c) => c.audience === a.id).length, 'campaign')}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section class="card detail-col">
        {selected ? (
          <>
            <label class="field">
              <span>Name</span>
              <input class="title-input" value={selected.name} onInput={(e) => updateAudience(selected.id, (a) => ({ ...a, name: e.currentTarget.value }))} />
            </label>
            <p class="muted small">Used by: {users.length ? users.map((c) => c.name).join(', ') : 'no campaign yet'}</p>
            <AudienceBuilder key={selected.id} condition={selected.condition} path="/" onChange={(condition) => updateAudience(selected.id, (a) => ({ ...a, condition }))} />
            {errorsAt(`audiences[${index}]`).map((e) => (
              <p key={e} class="error">
                {e}
              </p>
            ))}
            <button
              class="link danger"
              disabled={users.length > 0}
              title={users.length ? 'Campaigns use it' : ''}
              onClick={() => {
                editAudience(null);
                removeAudience(selected.id);
              }}
            >
              Delete audience
            </button>
          </>
        ) : (
          <div class="empty">
            <p>Create an audience to target visitors by behaviour, source, place, device or time.</p>
          </div>
        )}
      </section>
    </div>
  );
}
