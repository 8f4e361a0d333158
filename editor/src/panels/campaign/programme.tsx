/**
 * The campaign's place in the programme: promotional or service (contact budgets count only
 * promotional messages), its group, what a conversion is worth (value arbitration), and its
 * share of an experiment layer, shown beside the layer's other experiments.
 */
import { layerSplits } from '../../store/layers.ts';
import { setGroup, setLayer, setOverride, setPurpose, setValue } from './changes.ts';
import { FieldErrors, type SectionProps } from './section.tsx';

export function Programme({ config, campaign, errors, change }: SectionProps) {
  const splits = layerSplits(config);
  const layer = campaign.layer ? splits.find((l) => l.id === campaign.layer!.id) : undefined;
  const budgets = config.budgets ?? [];
  return (
    <section class="block" data-testid="programme-section">
      <h3>Contacts and layers</h3>
      <div class="row">
        <label class="field">
          <span>Kind of message</span>
          <select aria-label="Kind of message" value={campaign.purpose ?? 'promotional'} onChange={(e) => change(setPurpose(e.currentTarget.value))}>
            <option value="promotional">Promotional (counts against contact budgets)</option>
            <option value="service">Service (an order update: never counted, never blocked)</option>
          </select>
        </label>
        <label class="field narrow">
          <span>Group</span>
          <input aria-label="Campaign group" placeholder="e.g. shoes" value={campaign.group ?? ''} onInput={(e) => change(setGroup(e.currentTarget.value))} />
        </label>
        <label class="field narrow">
          <span>Worth per conversion</span>
          <input type="number" min={0} aria-label="Worth per conversion" placeholder="0" value={campaign.value ?? ''} onInput={(e) => change(setValue(e.currentTarget.value))} />
        </label>
      </div>
      <p class="muted small">
        {budgets.length
          ? `Contact budgets: ${budgets.map((b) => `${b.limit} a ${b.per}${b.channels === 'web' ? ' on the web' : ''}${b.group ? ` (${b.group})` : ''}`).join('; ')}.`
          : 'No contact budget is set for the site.'}{' '}
        {config.arbitration === 'value' ? 'Competing campaigns are ranked by expected value (conversion rate × worth).' : 'Competing campaigns are ranked by priority.'}
      </p>
      {config.arbitration === 'value' && (
        <label class="check">
          <input type="checkbox" checked={campaign.override === true} onChange={(e) => change(setOverride(e.currentTarget.checked))} /> Always first, whatever the value (priority
          order)
        </label>
      )}
      <div class="row">
        <label class="field">
          <span>Experiment layer</span>
          <select aria-label="Experiment layer" value={campaign.layer?.id ?? ''} onChange={(e) => change(setLayer(e.currentTarget.value, splits))}>
            <option value="">None: may share visitors with other experiments</option>
            {splits.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name} ({l.freePct}% free)
              </option>
            ))}
          </select>
        </label>
        {campaign.layer && (
          <>
            <label class="field narrow">
              <span>Share from %</span>
              <input
                type="number"
                min={0}
                max={100}
                aria-label="Layer share from"
                value={campaign.layer.start}
                onInput={(e) => change(setLayer(campaign.layer!.id, splits, Number(e.currentTarget.value), campaign.layer!.end))}
              />
            </label>
            <label class="field narrow">
              <span>to %</span>
              <input
                type="number"
                min={0}
                max={100}
                aria-label="Layer share to"
                value={campaign.layer.end}
                onInput={(e) => change(setLayer(campaign.layer!.id, splits, campaign.layer!.start, Number(e.currentTarget.value)))}
              />
            </label>
          </>
        )}
      </div>
      {layer && (
        <div class="layer-split" data-testid="layer-split" role="group" aria-label={`Traffic of layer ${layer.name}`}>
          {layer.shares.map((s) => (
            <span
              key={s.campaign}
              class={`layer-share ${s.campaign === campaign.id ? 'mine' : ''}`}
              style={{ left: `${s.start}%`, width: `${s.end - s.start}%` }}
              title={`${s.name}: ${s.start}–${s.end}%`}
            >
              {s.name}
            </span>
          ))}
        </div>
      )}
      <FieldErrors list={errors} at={['programme']} />
    </section>
  );
}
