/**
 * The visual rule builder: groups of rules joined by "all" or "any", each group optionally
 * negated, every field with fitting operators and value pickers (categories, segments and
 * events as the site has them). Below it, the condition it produces and whether the preview
 * visitor matches. Conditions it cannot draw are edited as JSON instead.
 */
import { useState } from 'preact/hooks';
import type { Condition } from '@slotwise/core';
import { matches } from '../preview.ts';
import { previewVisitor } from '../store/preview.ts';
import { catalog, draft } from '../store/draft.ts';
import { type Group, type Rule, fromCondition, newGroup, newRule, toCondition } from './condition-tree.ts';
import { FIELDS, OPERATOR_LABELS, WINDOWS, byKey } from './fields.ts';

export function AudienceBuilder({ condition, onChange, path }: { condition: Condition; onChange: (c: Condition) => void; path: string }) {
  // The tree is the source of truth while editing: a half-written rule must not flip the
  // builder to JSON. Only a stored condition it cannot draw starts in JSON.
  const [tree, setTree] = useState<Group | null>(() => fromCondition(condition));
  const [json, setJson] = useState<string | null>(() => (tree ? null : JSON.stringify(condition, null, 2)));
  const [jsonError, setJsonError] = useState('');
  const matchesPreview = matches(condition, previewVisitor.value, path, draft.value?.savedGroups ?? {});
  const canDraw = json !== null && fromCondition(condition) !== null;

  return (
    <div class="builder">
      <datalist id="sw-categorys">
        {catalog.value.categories.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <datalist id="sw-events">
        {catalog.value.events.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      {json === null && tree ? (
        <GroupEditor
          group={tree}
          root
          onChange={(g) => {
            setTree(g);
            onChange(toCondition(g));
          }}
        />
      ) : (
        <div>
          <p class="muted small">This condition is edited as JSON (GrowthBook's operator language).</p>
          <textarea
            class="code"
            rows={8}
            aria-label="Condition JSON"
            value={json ?? ''}
            onInput={(e) => {
              const text = e.currentTarget.value;
              setJson(text);
              try {
                const parsed = JSON.parse(text) as unknown;
                if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('must be an object');
                setJsonError('');
                onChange(parsed as Condition);
              } catch (err) {
                setJsonError((err as Error).message);
              }
            }}
          />
          {jsonError && <p class="error">{jsonError}</p>}
          {canDraw && (
            <button
              class="link"
              onClick={() => {
                setTree(fromCondition(condition));
                setJson(null);
              }}
            >
              Back to the visual builder
            </button>
          )}
        </div>
      )}
      <div class={`match ${matchesPreview ? 'yes' : 'no'}`} data-testid="audience-match">
        {matchesPreview ? '✓' : '✗'} The preview visitor “{previewVisitor.value.label}” {matchesPreview ? 'is' : 'is not'} in this audience
      </div>
      <details class="json-view">
        <summary>Condition as JSON</summary>
        <pre>{JSON.stringify(condition, null, 2)}</pre>
        {json === null && (
          <button class="link" onClick={() => setJson(JSON.stringify(condition, null, 2))}>
            Edit as JSON
          </button>
        )}
      </details>
    </div>
  );
}

function GroupEditor({ group, onChange, onRemove, root = false }: { group: Group; onChange: (g: Group) => void; onRemove?: () => void; root?: boolean }) {
  const setItem = (i: number, item: Rule | Group) => onChange({ ...group, items: group.items.map((x, j) => (j === i ? item : x)) });
  const removeItem = (i: number) => onChange({ ...group, items: group.items.filter((_, j) => j !== i) });
  return (
    <div class={`group ${root ? 'root' : ''}`}>
      <div class="group-head">
        <label class="toggle">
          <input type="checkbox" checked={group.not} onChange={(e) => onChange({ ...group, not: e.currentTarget.checked })} /> NOT
        </label>
        <select aria-label="Match" value={group.mode} onChange={(e) => onChange({ ...group, mode: e.currentTarget.value as Group['mode'] })}>
          <option value="$and">All of these (AND)</option>
          <option value="$or">Any of these (OR)</option>
        </select>
        {onRemove && (
          <button class="link danger" onClick={onRemove}>
            Remove group
          </button>
        )}
      </div>
      {group.items.length === 0 && <p class="muted small">No rules yet: everyone matches. Add a rule.</p>}
      {group.items.map((item, i) => (
        <div key={i} class="group-item">
          {i > 0 && <span class="joiner">{group.mode === '$and' ? 'and' : 'or'}</span>}
          {item.kind === 'rule' ? (
            <RuleEditor rule={item} onChange={(r) => setItem(i, r)} onRemove={() => removeItem(i)} />
          ) : (
            <GroupEditor group={item} onChange={(g) => setItem(i, g)} onRemove={() => removeItem(i)} />
          )}
        </div>
      ))}
      <div class="group-actions">
        <button class="btn small" onClick={() => onChange({ ...group, items: [...group.items, newRule()] })}>
          + Rule
        </button>
        <button class="btn small ghost" onClick={() => onChange({ ...group, items: [...group.items, newGroup(group.mode === '$and' ? '$or' : '$and')] })}>
          + Group
        </button>
      </div>
    </div>
  );
}

function RuleEditor({ rule, onChange, onRemove }: { rule: Rule; onChange: (r: Rule) => void; onRemove: () => void }) {
  const def = byKey(rule.field);
  const groups = [...new Set(FIELDS.map((f) => f.group))];
  const setParam = (i: number, value: string) => onChange({ ...rule, params: rule.params.map((p, j) => (j === i ? value : p)) });
  return (
    <div class="rule">
      <select aria-label="Field" value={rule.field} onChange={(e) => onChange(newRule(e.currentTarget.value))}>
        {groups.map((g) => (
          <optgroup key={g} label={g}>
            {FIELDS.filter((f) => f.group === g).map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      {(def.params ?? []).map((param, i) => {
        const value = rule.params[i] ?? '';
        if (param === 'window') {
          return (
            <select key={param} aria-label="Time window" value={value} onChange={(e) => setParam(i, e.currentTarget.value)}>
              {WINDOWS.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          );
        }
        return (
          <input
            key={param}
            aria-label={param === 'category' ? 'Category' : param === 'event' ? 'Event' : param === 'trait' ? 'Trait name' : 'Parameter name'}
            list={`sw-${param}s`}
            value={value}
            placeholder={param === 'category' ? 'category' : param === 'event' ? 'event' : 'name'}
            onInput={(e) => setParam(i, e.currentTarget.value.trim())}
            class="short"
          />
        );
      })}
      <select aria-label="Operator" value={rule.op} onChange={(e) => onChange({ ...rule, op: e.currentTarget.value as Rule['op'] })}>
        {def.operators.map((op) => (
          <option key={op} value={op}>
            {def.kind === 'segment' ? (op === '$in' ? 'includes' : 'does not include') : OPERATOR_LABELS[op]}
          </option>
        ))}
      </select>
      <ValuePicker rule={rule} onChange={(value) => onChange({ ...rule, value })} />
      <button class="btn icon ghost" aria-label="Remove rule" title="Remove rule" onClick={onRemove}>
        ×
      </button>
      {def.hint && <span class="hint">{def.hint}</span>}
    </div>
  );
}

function ValuePicker({ rule, onChange }: { rule: Rule; onChange: (v: string) => void }) {
  const def = byKey(rule.field);
  if (rule.op === '$exists') {
    return (
      <select aria-label="Value" value={rule.value || 'true'} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  if (def.kind === 'list') {
    const lists = catalog.value.lists;
    return lists.length === 0 ? (
      <span class="muted small">No ID lists yet: push one with PUT /__sw/admin/lists/:name</span>
    ) : (
      <select aria-label="Value" value={rule.value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="" disabled>
          choose a list…
        </option>
        {lists.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    );
  }
  const multiple = rule.op === '$in' || rule.op === '$nin';
  const choices = def.kind === 'segment' ? catalog.value.segments.map((s) => [s.id, s.id.replace(/_/g, ' ')] as [string, string]) : def.choices;
  if (choices && !multiple) {
    return (
      <select aria-label="Value" value={rule.value} onChange={(e) => onChange(e.currentTarget.value)}>
        <option value="" disabled>
          choose…
        </option>
        {choices.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    );
  }
  if (choices) {
    const chosen = new Set(
      rule.value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return (
      <span class="chips" role="group" aria-label="Values">
        {choices.map(([v, l]) => (
          <label key={v} class={`chip ${chosen.has(v) ? 'on' : ''}`} title={catalog.value.segments.find((s) => s.id === v)?.description}>
            <input
              type="checkbox"
              checked={chosen.has(v)}
              onChange={(e) => {
                const next = new Set(chosen);
                if (e.currentTarget.checked) next.add(v);
                else next.delete(v);
                onChange([...next].join(', '));
              }}
            />
            {l}
          </label>
        ))}
      </span>
    );
  }
  const list = rule.field === 'top-category' ? 'sw-categorys' : undefined;
  return (
    <input
      aria-label="Value"
      class={def.kind === 'number' ? 'num' : ''}
      type={def.kind === 'number' && !multiple ? 'number' : 'text'}
      list={list}
      value={rule.value}
      placeholder={multiple ? 'a, b, c' : def.kind === 'number' ? '0' : 'value'}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
