/**
 * The change made to a picked element, as a form: what to do with it (edit text, replace
 * content, link, image, hide, insert before/after, style) and that action's few fields. Used
 * for a change being made (element panel) and in a campaign's variants (element slots). Text
 * can also be typed on the page itself; HTML is sanitized by the server on save, as everywhere.
 */
import type { PickedElement } from '@slotwise/core/protocol';
import type { ContentInput } from '../store/draft-ops.ts';
import { ELEMENT_ACTIONS, type ElementAction, type StyleName, actionOf, actionsFor, startContent, withAttr, withClass, withStyle } from '../store/element-content.ts';

const WEIGHTS = [
  ['', 'As it is'],
  ['400', 'Normal'],
  ['600', 'Semi-bold'],
  ['700', 'Bold'],
] as const;

export interface ElementFormProps {
  element: PickedElement;
  content: ContentInput | null;
  onChange: (content: ContentInput) => void;
  /** Lets the marketer type the text on the page (shown for "Edit text"). */
  onEditOnPage?: (() => void) | undefined;
  /** Class names the site's own stylesheets define, to offer for "Style". */
  siteClasses?: string[];
}

export function ElementForm({ element, content, onChange, onEditOnPage, siteClasses = [] }: ElementFormProps) {
  const chosen = content ? actionOf(content) : null;
  const offered = actionsFor(element);
  const choose = (action: ElementAction) => {
    onChange(startContent(action, element));
    if (action === 'text') onEditOnPage?.();
  };
  return (
    <div class="element-form">
      <div class="action-grid" role="radiogroup" aria-label="What to do with it">
        {ELEMENT_ACTIONS.filter((a) => offered.includes(a.action)).map((a) => (
          <button
            key={a.action}
            type="button"
            role="radio"
            aria-checked={chosen === a.action}
            class={chosen === a.action ? 'on' : ''}
            title={a.hint}
            onClick={() => choose(a.action)}
          >
            {a.label}
          </button>
        ))}
      </div>
      {content && chosen && <ActionFields action={chosen} content={content} onChange={onChange} onEditOnPage={onEditOnPage} siteClasses={siteClasses} />}
    </div>
  );
}

function ActionFields({
  action,
  content,
  onChange,
  onEditOnPage,
  siteClasses = [],
}: { action: ElementAction; content: ContentInput } & Omit<ElementFormProps, 'element' | 'content'>) {
  const attr = (name: 'href' | 'src' | 'srcset' | 'alt') => content.attrs?.[name as keyof typeof content.attrs] ?? '';
  const style = (name: StyleName) => content.style?.[name] ?? '';
  switch (action) {
    case 'text':
      return (
        <>
          <label class="field">
            <span>New text</span>
            <textarea aria-label="New text" rows={2} value={content.body} onInput={(e) => onChange({ ...content, body: e.currentTarget.value })} />
          </label>
          {onEditOnPage && (
            <p class="muted small">
              Or type it on the page:{' '}
              <button type="button" class="link" onClick={onEditOnPage}>
                edit on the page
              </button>{' '}
              (Enter when done).
            </p>
          )}
        </>
      );
    case 'html':
    case 'before':
    case 'after':
      return (
        <label class="field">
          <span>{action === 'html' ? 'New content (HTML)' : `Content to insert ${action === 'before' ? 'above' : 'below'} it (HTML)`}</span>
          <textarea aria-label="Content HTML" rows={4} value={content.body} onInput={(e) => onChange({ ...content, body: e.currentTarget.value })} />
          <small class="muted">Unsafe markup (scripts, event handlers) is removed when saved.</small>
        </label>
      );
    case 'link':
      return (
        <label class="field">
          <span>Link goes to</span>
          <input aria-label="Link address" value={attr('href')} onInput={(e) => onChange(withAttr(content, 'href', e.currentTarget.value.trim()))} />
        </label>
      );
    case 'image':
      return (
        <>
          <label class="field">
            <span>Image address</span>
            <input aria-label="Image address" value={attr('src')} onInput={(e) => onChange(withAttr(content, 'src', e.currentTarget.value.trim()))} />
          </label>
          <label class="field">
            <span>
              Sharper versions <small class="muted">(optional srcset, e.g. “/img/a@2x.png 2x”)</small>
            </span>
            <input aria-label="Image srcset" value={attr('srcset')} onInput={(e) => onChange(withAttr(content, 'srcset', e.currentTarget.value.trim()))} />
          </label>
          <label class="field">
            <span>Description for screen readers</span>
            <input aria-label="Image description" value={attr('alt')} onInput={(e) => onChange(withAttr(content, 'alt', e.currentTarget.value))} />
          </label>
        </>
      );
    case 'hide':
      return <p class="muted small">Visitors who get this change do not see this element.</p>;
    case 'style':
      return (
        <div class="row wrap">
          <label class="field narrow">
            <span>Text colour</span>
            <input type="color" aria-label="Text colour" value={style('color') || '#000000'} onInput={(e) => onChange(withStyle(content, 'color', e.currentTarget.value))} />
          </label>
          <label class="field narrow">
            <span>Background</span>
            <input
              type="color"
              aria-label="Background colour"
              value={style('background-color') || '#ffffff'}
              onInput={(e) => onChange(withStyle(content, 'background-color', e.currentTarget.value))}
            />
          </label>
          <label class="field narrow">
            <span>Weight</span>
            <select aria-label="Font weight" value={style('font-weight')} onChange={(e) => onChange(withStyle(content, 'font-weight', e.currentTarget.value))}>
              {WEIGHTS.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label class="field grow">
            <span>A style of your site</span>
            <input aria-label="Class from the site" list="sw-site-classes" value={content.addClass ?? ''} onInput={(e) => onChange(withClass(content, e.currentTarget.value))} />
            <datalist id="sw-site-classes">
              {siteClasses.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
          {(content.style && Object.keys(content.style).length > 0) || content.addClass ? (
            <button type="button" class="link" onClick={() => onChange({ kind: 'keep', body: '', style: {} })}>
              Clear styles
            </button>
          ) : null}
        </div>
      );
  }
}
