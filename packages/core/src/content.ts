/**
 * Turns a variant's content into what is placed in a slot: its inner HTML and the attributes
 * set on the slot element. The one renderer for the edge, the browser, the Decide API and the
 * editor's preview. Profile tokens (`{{profile.topCategory | our range}}`) are plain text
 * wherever they stand: `text` bodies are escaped whole; `html` bodies (sanitized when written)
 * are compiled once into a template whose tokens fill only text and attribute values
 * (template.ts); a URL is checked after its tokens are filled (url-check.ts).
 */
import type { AttributeValues } from './attributes.ts';
import { mergeClass, mergeStyle } from './element-style.ts';
import { type Recommendation, type RecommendTemplate, compileRecommendTemplate, renderRecommendations } from './recommend/template.ts';
import type { Content } from './schema.ts';
import { type Template, TOKEN, compileTemplate, escapeHtml, renderTemplate, tokenValue } from './template.ts';
import { decodeEntities, srcsetAllowed, urlAllowed } from './url-check.ts';

export { escapeHtml, lookupPath } from './template.ts';

export interface RenderedSlot {
  /** The element's new inner HTML; for `before` / `after`, the HTML inserted beside it; '' for `keep` / `hide`. */
  html: string;
  /** Set on the slot element, in order; a URL that would not pass is left out. */
  attrs: [string, string][];
  /** Where `html` goes: absent (html, text) replaces the inner content; `keep` and `hide` leave it. */
  place?: 'keep' | 'hide' | 'before' | 'after';
  /** CSS declarations appended to the element's `style` (hide adds `display: none !important`). */
  style?: [string, string][];
  /** Class names added to the element's `class`. */
  addClass?: string[];
}

/** What applyRendered needs of an element: the HTMLRewriter's Element and the DOM's both fit through a small adapter. */
export interface ChangeTarget {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  /** Replaces the inner content with this HTML. */
  setInner(html: string): void;
  before(html: string): void;
  after(html: string): void;
}

// Content objects come from a compiled config and live as long as it does: compile each once.
const templates = new WeakMap<Content, Template>();

function templateOf(content: Content): Template {
  let template = templates.get(content);
  if (!template) templates.set(content, (template = compileTemplate(content.body)));
  return template;
}

const recommendTemplates = new WeakMap<Content, RecommendTemplate>();

function recommendTemplateOf(content: Content): RecommendTemplate {
  let template = recommendTemplates.get(content);
  if (!template) recommendTemplates.set(content, (template = compileRecommendTemplate(content.body)));
  return template;
}

const NOTHING: Recommendation = { strategy: 'manual', items: [], category: '' };

const fillText = (text: string, attributes: AttributeValues) =>
  text.includes('{{') ? text.replace(TOKEN, (_, path: string, fallback = '') => tokenValue(attributes, { path, fallback })) : text;

/** `shown`: the items a recommendation variant shows (recommend/engine.ts), ignored by other kinds. */
export function renderSlot(content: Content, attributes: AttributeValues, shown?: Recommendation): RenderedSlot {
  const { kind } = content;
  const html =
    kind === 'keep' || kind === 'hide'
      ? ''
      : kind === 'text'
        ? escapeHtml(fillText(content.body, attributes))
        : kind === 'recommendations'
          ? renderRecommendations(recommendTemplateOf(content), content.recommend, attributes, shown ?? NOTHING)
          : renderTemplate(templateOf(content), attributes);
  const attrs: [string, string][] = [];
  // Slot attributes are plain text (the writer escapes them); href, src and srcset are URLs.
  for (const [name, value] of Object.entries(content.attrs ?? {})) {
    const filled = fillText(value, attributes);
    if ((name === 'href' || name === 'src') && !urlAllowed(decodeEntities(filled))) continue;
    if (name === 'srcset' && !srcsetAllowed(decodeEntities(filled))) continue;
    attrs.push([name, filled]);
  }
  const rendered: RenderedSlot = { html, attrs };
  if (kind !== 'html' && kind !== 'text' && kind !== 'recommendations') rendered.place = kind;
  const style: [string, string][] = Object.entries(content.style ?? {});
  if (kind === 'hide') style.push(['display', 'none !important']);
  if (style.length > 0) rendered.style = style;
  const addClass = content.addClass?.split(/\s+/).filter((name) => name !== '');
  if (addClass?.length) rendered.addClass = addClass;
  return rendered;
}

/**
 * Applies a rendered change to an element the same way everywhere (edge, browser, preview):
 * attributes, then classes and styles merged into what the page has, then the content.
 */
export function applyRendered(target: ChangeTarget, rendered: RenderedSlot): void {
  for (const [name, value] of rendered.attrs) target.setAttribute(name, value);
  if (rendered.addClass) target.setAttribute('class', mergeClass(target.getAttribute('class'), rendered.addClass));
  if (rendered.style) target.setAttribute('style', mergeStyle(target.getAttribute('style'), rendered.style));
  if (rendered.place === undefined) target.setInner(rendered.html);
  else if (rendered.place === 'before') target.before(rendered.html);
  else if (rendered.place === 'after') target.after(rendered.html);
}

/**
 * Marks a declared slot with the decision it shows, the same way at the edge and in the browser:
 * `data-sw-v` (campaign:variant), what the SDK reports as seen; `data-sw-items`, the items a
 * recommendation showed, reported with it; `data-sw-u` when decided without a visitor id (no
 * consent yet): shown, but never reported.
 */
export function markDecided(target: ChangeTarget, decision: { campaign: string; variant: string; tracked: boolean }, shown?: Recommendation): void {
  if (shown) target.setAttribute('data-sw-items', shown.items.map((item) => item.id).join(','));
  target.setAttribute('data-sw-v', `${decision.campaign}:${decision.variant}`);
  if (!decision.tracked) target.setAttribute('data-sw-u', '');
}
