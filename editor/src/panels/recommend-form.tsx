/**
 * A recommendation in a slot: which products (strategy, and one to fill up with), how many,
 * which may show (filters), the merchandiser's rules, and the layout (a template with an item
 * block). The products the preview visitor would get are listed here and shown in the frame.
 * Every change is a step from store/recommend.ts.
 */
import type { Strategy } from '@slotwise/core';
import type { ContentInput } from '../store/draft-ops.ts';
import { framePath } from '../store/navigation.ts';
import { chooseVisitor, previewVisitor } from '../store/preview.ts';
import { presetVisitors } from '../preview.ts';
import {
  ITEM_FIELDS,
  LAYOUTS,
  STRATEGY_CHOICES,
  applyLayout,
  insertField,
  priceOf,
  ruleMatch,
  setCount,
  setFallback,
  setFilters,
  setHeading,
  setManualItems,
  setPinned,
  setRuleMatch,
  setStrategy,
  specOf,
  strategyLabel,
  wordsOf,
} from '../store/recommend.ts';
import { shownFor } from '../store/recommend-preview.ts';
import { page } from '../store/frame-page.ts';

export function RecommendForm({ content, onChange }: { content: ContentInput; onChange: (c: ContentInput) => void }) {
  const spec = specOf(content);
  const filters = spec.filters ?? {};
  const choice = STRATEGY_CHOICES.find((s) => s.id === spec.strategy);
  const boost = ruleMatch(content, 'boost');
  const bury = ruleMatch(content, 'bury');
  const set = (step: (c: ContentInput) => ContentInput) => onChange(step(content));
  return (
    <div class="recommend-form" data-testid="recommend-form">
      <label class="field">
        <span>Which products</span>
        <select aria-label="Which products" value={spec.strategy} onChange={(e) => set((c) => setStrategy(c, e.currentTarget.value as Strategy))}>
          {STRATEGY_CHOICES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        {choice && <small class="muted">{choice.hint}</small>}
      </label>
      {spec.strategy === 'manual' && (
        <label class="field">
          <span>Products to show, in order (product ids, separated by commas)</span>
          <input
            value={(spec.items ?? []).join(', ')}
            placeholder="trailblazer-runner, skyline-ultra"
            onChange={(e) => set((c) => setManualItems(c, wordsOf(e.currentTarget.value)))}
          />
        </label>
      )}
      <div class="row">
        <label class="field grow">
          <span>If there are too few, fill up with</span>
          <select aria-label="Fill up with" value={spec.fallback ?? ''} onChange={(e) => set((c) => setFallback(c, (e.currentTarget.value || null) as Strategy | null))}>
            <option value="">Nothing (show fewer)</option>
            {STRATEGY_CHOICES.filter((s) => s.id !== spec.strategy).map((s) => (
              <option key={s.id} value={s.id}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label class="field narrow">
          <span>How many</span>
          <input type="number" min={1} max={24} aria-label="How many products" value={spec.count} onChange={(e) => set((c) => setCount(c, Number(e.currentTarget.value)))} />
        </label>
      </div>

      <fieldset class="reco-group">
        <legend>Which products may show</legend>
        <label class="toggle">
          <input type="checkbox" checked={filters.inStock ?? true} onChange={(e) => set((c) => setFilters(c, { inStock: e.currentTarget.checked }))} />
          Only products in stock
        </label>
        <label class="toggle">
          <input type="checkbox" checked={filters.excludePurchased ?? true} onChange={(e) => set((c) => setFilters(c, { excludePurchased: e.currentTarget.checked }))} />
          Leave out what the visitor already bought
        </label>
        <label class="toggle">
          <input type="checkbox" checked={filters.excludeCurrent ?? true} onChange={(e) => set((c) => setFilters(c, { excludeCurrent: e.currentTarget.checked }))} />
          Leave out the product on the page
        </label>
        <label class="field">
          <span>Only in these categories (empty: all)</span>
          <input
            aria-label="Only in these categories"
            value={(filters.category ?? []).join(', ')}
            placeholder="shoes, trail"
            onChange={(e) => set((c) => setFilters(c, { category: wordsOf(e.currentTarget.value, true) }))}
          />
        </label>
        <div class="row">
          <label class="field narrow">
            <span>Price from</span>
            <input inputMode="decimal" value={filters.minPrice ?? ''} onChange={(e) => set((c) => setFilters(c, { minPrice: priceOf(e.currentTarget.value) }))} />
          </label>
          <label class="field narrow">
            <span>to</span>
            <input inputMode="decimal" value={filters.maxPrice ?? ''} onChange={(e) => set((c) => setFilters(c, { maxPrice: priceOf(e.currentTarget.value) }))} />
          </label>
        </div>
      </fieldset>

      <fieldset class="reco-group">
        <legend>Your rules</legend>
        <label class="field">
          <span>Always show first (product ids)</span>
          <input value={(spec.rules?.pin ?? []).join(', ')} placeholder="skyline-ultra" onChange={(e) => set((c) => setPinned(c, wordsOf(e.currentTarget.value)))} />
        </label>
        <label class="field">
          <span>Show higher: products with these tags</span>
          <input
            value={(boost.tags ?? []).join(', ')}
            placeholder="sale, new"
            onChange={(e) => set((c) => setRuleMatch(c, 'boost', { ...boost, tags: wordsOf(e.currentTarget.value) }))}
          />
        </label>
        <label class="field">
          <span>Show lower: products with these tags</span>
          <input
            value={(bury.tags ?? []).join(', ')}
            placeholder="clearance"
            onChange={(e) => set((c) => setRuleMatch(c, 'bury', { ...bury, tags: wordsOf(e.currentTarget.value) }))}
          />
        </label>
      </fieldset>

      <fieldset class="reco-group">
        <legend>How it looks</legend>
        <label class="field">
          <span>Heading</span>
          <input aria-label="Heading" value={spec.heading ?? ''} placeholder="Picked for you" onInput={(e) => set((c) => setHeading(c, e.currentTarget.value))} />
        </label>
        <div class="segmented" role="group" aria-label="Layout">
          {LAYOUTS.map((l) => (
            <button key={l.id} class={content.body === l.body ? 'on' : ''} onClick={() => set((c) => applyLayout(c, l.id))}>
              {l.label}
            </button>
          ))}
          <select
            class="token-picker"
            aria-label="Insert a product field"
            value=""
            onChange={(e) => {
              const token = e.currentTarget.value;
              if (token) set((c) => insertField(c, token));
            }}
          >
            <option value="">+ Field</option>
            {ITEM_FIELDS.map(([token, label]) => (
              <option key={token} value={token}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <textarea class="code" rows={6} aria-label="Layout HTML" spellcheck={false} value={content.body} onInput={(e) => onChange({ ...content, body: e.currentTarget.value })} />
        <small class="muted">
          The part between <code>{'{{#items}}'}</code> and <code>{'{{/items}}'}</code> repeats for each product.
        </small>
      </fieldset>
      <ShownToVisitor content={content} />
    </div>
  );
}

/** The products the preview visitor gets on the page the frame shows: what the frame renders too. */
function ShownToVisitor({ content }: { content: ContentInput }) {
  const visitor = previewVisitor.value;
  const path = page.value?.path ?? framePath.value;
  const shown = shownFor(specOf(content), visitor, path);
  return (
    <div class="reco-shown" data-testid="reco-shown" aria-live="polite">
      <label class="field inline">
        <span>Preview as</span>
        <select
          aria-label="Preview recommendations as"
          value={visitor.label}
          onChange={(e) => {
            const next = presetVisitors().find((p) => p.label === e.currentTarget.value);
            if (next) chooseVisitor(next);
          }}
        >
          {!presetVisitors().some((p) => p.label === visitor.label) && <option value={visitor.label}>{visitor.label}</option>}
          {presetVisitors().map((p) => (
            <option key={p.label} value={p.label}>
              {p.label}
            </option>
          ))}
        </select>
      </label>
      <span class="label">
        What <strong>{visitor.label}</strong> gets here, shown in the page
      </span>
      {shown.state === 'loading' && <p class="muted small">Finding products…</p>}
      {shown.state === 'error' && <p class="warning">No preview: {shown.error}</p>}
      {shown.state === 'ready' && shown.shown.items.length === 0 && (
        <p class="muted small">No product fits for this visitor: the slot keeps the page's default content. Try another visitor, fewer filters or a fallback.</p>
      )}
      {shown.state === 'ready' && shown.shown.items.length > 0 && (
        <ol class="reco-items">
          {shown.shown.items.map((item) => (
            <li key={item.id}>
              {item.title} <span class="muted small">{item.category.join(' › ')}</span>
            </li>
          ))}
        </ol>
      )}
      {shown.state === 'ready' && shown.shown.category && (
        <p class="muted small">
          Based on {strategyLabel(shown.shown.strategy).toLowerCase()} · category “{shown.shown.category}”
        </p>
      )}
    </div>
  );
}
