/**
 * One slot's content in one variant: formatted text (a small rich-text editor), HTML, or plain
 * text, with profile tokens and, for link and image slots, their href/src. HTML is sanitized
 * by the server on save; what it removed (or would remove) is shown right here. Switching modes
 * never turns text into markup (content/modes.ts), and the formatted editor only ever holds what
 * the allow-list keeps (content/rich-text.tsx).
 */
import { useState } from 'preact/hooks';
import { htmlToText, textToHtml } from '../content/modes.ts';
import { RichText } from '../content/lazy-rich-text.tsx';
import type { ContentInput } from '../store/draft-ops.ts';
import { removals } from '../store/draft.ts';
import { library, saveToLibrary, sanitizerWouldRemove } from '../store/library.ts';
import { startRecommendations, stopRecommendations } from '../store/recommend.ts';
import { RecommendForm } from './recommend-form.tsx';

const TOKENS: [string, string][] = [
  ['{{profile.topCategory | our range}}', 'Favourite category'],
  ['{{geo.country | your country}}', 'Country'],
  ['{{utm.campaign}}', 'utm_campaign'],
  ['{{profile.orders}}', 'Number of orders'],
];

type Mode = 'rich' | 'html' | 'text' | 'reco';

const MODE_LABELS: Record<Mode, string> = { rich: 'Formatted', html: 'HTML', text: 'Plain text', reco: 'Recommendations' };
const modeOf = (content: ContentInput | undefined): Mode => (content?.kind === 'text' ? 'text' : content?.kind === 'recommendations' ? 'reco' : 'rich');

export function ContentEditor(props: { path: string; slotTag: string; content: ContentInput | undefined; onChange: (c: ContentInput | null) => void }) {
  const { content, onChange, path } = props;
  const [mode, setMode] = useState<Mode>(modeOf(content));
  const [wouldRemove, setWouldRemove] = useState<string[]>([]);
  // Bumped when the body changes from outside the rich-text area (a token), so it re-reads it.
  const [generation, setGeneration] = useState(0);
  const removed = removals.value.filter((r) => r.path.startsWith(path)).flatMap((r) => r.removed);
  const body = content?.body ?? '';

  const set = (next: Partial<ContentInput>) => onChange({ kind: content?.kind ?? 'html', body, ...(content?.attrs ? { attrs: content.attrs } : {}), ...next });
  const setAttr = (name: 'href' | 'src' | 'alt', value: string) => {
    const attrs = { ...(content?.attrs ?? {}) };
    if (value) attrs[name] = value;
    else delete attrs[name];
    set({ attrs });
  };
  async function checkHtml(html: string) {
    setWouldRemove(await sanitizerWouldRemove(html));
  }

  if (!content) {
    return (
      <div class="content-empty">
        <span class="muted">Keeps the page's default here.</span>
        <span class="row">
          <button class="btn small" onClick={() => onChange({ kind: 'html', body: 'Your message' })}>
            Write content
          </button>
          <button
            class="btn small"
            onClick={() => {
              setMode('reco');
              onChange(startRecommendations(undefined));
            }}
          >
            Show recommendations
          </button>
        </span>
      </div>
    );
  }
  return (
    <div class="content-editor">
      <div class="segmented" role="radiogroup" aria-label="Content type">
        {(['rich', 'html', 'text', 'reco'] as Mode[]).map((m) => (
          <button
            key={m}
            role="radio"
            aria-checked={mode === m}
            class={mode === m ? 'on' : ''}
            onClick={() => {
              if (m === mode) return;
              setMode(m);
              setGeneration((g) => g + 1);
              // Products come from the catalog; leaving them starts a message from the heading.
              if (m === 'reco') return onChange(startRecommendations(content));
              const from = stopRecommendations(content);
              // Text becomes escaped HTML (never markup); HTML becomes the text it shows.
              if (m === 'text' && from.kind !== 'text') onChange({ kind: 'text', body: htmlToText(from.body) });
              else if (m !== 'text' && from.kind === 'text') onChange({ kind: 'html', body: textToHtml(from.body) });
              else if (from !== content) onChange(from);
            }}
          >
            {MODE_LABELS[m]}
          </button>
        ))}
        {mode !== 'reco' && (
          <>
            <select
              class="token-picker"
              aria-label="Insert a profile token"
              value=""
              onChange={(e) => {
                const token = e.currentTarget.value;
                if (!token) return;
                set({ body: `${body}${body.endsWith(' ') || !body ? '' : ' '}${token}` });
                setGeneration((g) => g + 1);
              }}
            >
              <option value="">+ Token</option>
              {TOKENS.map(([t, label]) => (
                <option key={t} value={t}>
                  {label}
                </option>
              ))}
            </select>
            {library.value.length > 0 && (
              <select
                class="token-picker"
                aria-label="Insert from the content library"
                value=""
                onChange={(e) => {
                  const item = library.value.find((i) => i.id === e.currentTarget.value);
                  if (!item) return;
                  onChange(structuredClone(item.content));
                  setMode(item.content.kind === 'text' ? 'text' : 'rich');
                  setGeneration((g) => g + 1);
                }}
              >
                <option value="">From library…</option>
                {library.value.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name}
                  </option>
                ))}
              </select>
            )}
            <button
              class="link"
              title="Save this content for reuse in other variants"
              onClick={() => {
                const name = prompt('Name in the content library');
                if (name?.trim()) void saveToLibrary(name.trim(), content);
              }}
            >
              Save to library
            </button>
          </>
        )}
        <button class="link danger" onClick={() => onChange(null)} title="Show the default content in this slot">
          Use default
        </button>
      </div>
      {mode === 'reco' && content.kind === 'recommendations' && <RecommendForm content={content} onChange={onChange} />}
      {mode === 'rich' && <RichText key={`${path}#${generation}`} html={body} onInput={(html) => set({ body: html })} />}
      {mode === 'html' && (
        <textarea
          class="code"
          rows={6}
          aria-label="HTML"
          value={body}
          spellcheck={false}
          onInput={(e) => set({ body: e.currentTarget.value })}
          onBlur={(e) => void checkHtml(e.currentTarget.value)}
        />
      )}
      {mode === 'text' && <textarea rows={3} aria-label="Text" value={body} onInput={(e) => set({ body: e.currentTarget.value })} />}
      {(props.slotTag === 'a' || props.slotTag === 'img' || content.attrs) && (
        <div class="attrs">
          {props.slotTag !== 'img' && (
            <label class="field inline">
              <span>Link (href)</span>
              <input value={content.attrs?.href ?? ''} onInput={(e) => setAttr('href', e.currentTarget.value)} placeholder="/shoes" />
            </label>
          )}
          {props.slotTag === 'img' && (
            <label class="field inline">
              <span>Image (src)</span>
              <input value={content.attrs?.src ?? ''} onInput={(e) => setAttr('src', e.currentTarget.value)} />
            </label>
          )}
          {props.slotTag === 'img' && (
            <label class="field inline">
              <span>Alt text</span>
              <input value={content.attrs?.alt ?? ''} onInput={(e) => setAttr('alt', e.currentTarget.value)} />
            </label>
          )}
        </div>
      )}
      {[...new Set([...removed, ...wouldRemove])].length > 0 && (
        <div class="warning" role="status">
          <strong>Removed for safety:</strong> {[...new Set([...removed, ...wouldRemove])].join('; ')}
        </div>
      )}
    </div>
  );
}
