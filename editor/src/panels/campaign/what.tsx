/**
 * What the audience sees: the variants (the open one is shown in the frame), their content per
 * slot, the traffic split and the control group.
 */
import { addVariant, removeVariant, setVariantContent, updateVariant } from '../../store/draft-ops.ts';
import { page } from '../../store/frame-page.ts';
import { activeVariant, chooseVariant } from '../../store/navigation.ts';
import { ContentEditor } from '../content-editor.tsx';
import { ElementForm } from '../element-form.tsx';
import { editTextInFrame } from '../../frame.ts';
import { editVariantInPlace } from '../../store/element-edit.ts';
import { fixedSplit, optimize, setHoldout } from './changes.ts';
import { FieldErrors, type SectionProps } from './section.tsx';

export function What({ config, campaign, at, errors, change }: SectionProps) {
  const id = campaign.id;
  const totalWeight = campaign.variants.reduce((sum, v) => sum + (v.weight ?? 1), 0) || 1;
  const holdout = campaign.holdoutPct ?? 0;
  const bandit = campaign.allocation === 'bandit';
  return (
    <section class="block">
      <h3>What</h3>
      <div class="variant-tabs" role="tablist" aria-label="Variants">
        {campaign.variants.map((v) => (
          <button key={v.id} role="tab" aria-selected={activeVariant.value === v.id} class={activeVariant.value === v.id ? 'on' : ''} onClick={() => chooseVariant(v.id)}>
            {v.name} <span class="muted small">{Math.round(((v.weight ?? 1) / totalWeight) * (100 - holdout))}%</span>
          </button>
        ))}
        <button class="btn small ghost" onClick={() => addVariant(id)}>
          + Variant
        </button>
      </div>
      {campaign.variants
        .filter((v) => v.id === activeVariant.value)
        .map((v) => {
          const vi = campaign.variants.indexOf(v);
          return (
            <div key={v.id} class="variant" role="tabpanel">
              <div class="row">
                <label class="field grow">
                  <span>Variant name</span>
                  <input value={v.name} onInput={(e) => updateVariant(id, v.id, (x) => ({ ...x, name: e.currentTarget.value }))} />
                </label>
                <label class="field narrow">
                  <span>Weight</span>
                  <input
                    type="number"
                    min={0}
                    value={v.weight ?? 1}
                    onInput={(e) => updateVariant(id, v.id, (x) => ({ ...x, weight: Math.max(0, Number(e.currentTarget.value) || 0) }))}
                  />
                </label>
              </div>
              {campaign.slots.map((slot) => {
                const element = config.slots.find((s) => s.name === slot && s.selector);
                if (element?.selector) {
                  const selector = element.selector;
                  const content = v.content[slot];
                  return (
                    <div key={slot} class="slot-content">
                      <span class="label">
                        On <code>{selector}</code>
                      </span>
                      <ElementForm
                        element={{ selector, count: 1, tag: '', text: '', html: '', attrs: {}, classes: [] }}
                        content={content ?? null}
                        onChange={(next) => setVariantContent(id, v.id, slot, next)}
                        onEditOnPage={() => {
                          editVariantInPlace({ campaign: id, variant: v.id, slot, selector });
                          editTextInFrame(selector);
                        }}
                        siteClasses={page.value?.classes ?? []}
                      />
                    </div>
                  );
                }
                return (
                  <div key={slot} class="slot-content">
                    <span class="label">
                      In <code>{slot}</code>
                    </span>
                    <ContentEditor
                      path={`${at}.variants[${vi}].content.${slot}`}
                      slotTag={page.value?.slots.find((s) => s.name === slot)?.tag ?? 'div'}
                      content={v.content[slot]}
                      onChange={(content) => setVariantContent(id, v.id, slot, content)}
                    />
                  </div>
                );
              })}
              {campaign.variants.length > 1 && (
                <button class="link danger" onClick={() => removeVariant(id, v.id)}>
                  Remove this variant
                </button>
              )}
            </div>
          );
        })}
      <FieldErrors list={errors} at={['variants']} />
      {campaign.variants.length > 1 && (
        <div class="segmented" role="radiogroup" aria-label="Traffic split">
          <button role="radio" aria-checked={!bandit} class={!bandit ? 'on' : ''} onClick={() => change(fixedSplit)}>
            Fixed split (A/B test)
          </button>
          <button role="radio" aria-checked={bandit} class={bandit ? 'on' : ''} onClick={() => change(optimize)}>
            Optimize automatically
          </button>
        </div>
      )}
      {bandit && (
        <p class="muted small">
          Traffic shifts toward the variant that converts best (Thompson sampling, checked every minute); each variant keeps at least 5%, and the control group stays for measuring
          uplift.
        </p>
      )}
      <label class="field">
        <span>
          Control group: <strong>{holdout}%</strong> of measured visitors keep the page as it is, so the uplift can be measured; visitors who have not consented always see the
          best-known variant.
        </span>
        <input type="range" min={0} max={50} step={5} value={holdout} aria-label="Control group percent" onInput={(e) => change(setHoldout(Number(e.currentTarget.value)))} />
      </label>
      <FieldErrors list={errors} at={['control']} />
    </section>
  );
}
