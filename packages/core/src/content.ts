/**
 * Turns a variant's content into what is placed in a slot: its inner HTML and the attributes
 * set on the slot element. The one renderer for the edge, the browser, the Decide API and the
 * editor's preview. Profile tokens (`{{profile.topCategory | our range}}`) are plain text
 * wherever they stand: `text` bodies are escaped whole; `html` bodies (sanitized when written)
 * are compiled once into a template whose tokens fill only text and attribute values
 * (template.ts); a URL is checked after its tokens are filled (url-check.ts).
 */
import type { AttributeValues } from './attributes.ts';
import { type Recommendation, type RecommendTemplate, compileRecommendTemplate, renderRecommendations } from './recommend/template.ts';
import type { Content } from './schema.ts';
import { type Template, TOKEN, compileTemplate, escapeHtml, renderTemplate, tokenValue } from './template.ts';
import { decodeEntities, urlAllowed } from './url-check.ts';

export { escapeHtml, lookupPath } from './template.ts';

export interface RenderedSlot {
  html: string;
  /** Set on the slot element, in order; a URL that would not pass is left out. */
  attrs: [string, string][];
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
  const html =
    content.kind === 'text'
      ? escapeHtml(fillText(content.body, attributes))
      : content.kind === 'recommendations'
        ? renderRecommendations(recommendTemplateOf(content), content.recommend, attributes, shown ?? NOTHING)
        : renderTemplate(templateOf(content), attributes);
  const attrs: [string, string][] = [];
  // Slot attributes are plain text (the writer escapes them); href and src are URLs.
  for (const [name, value] of Object.entries(content.attrs ?? {})) {
    const filled = fillText(value, attributes);
    if ((name === 'href' || name === 'src') && !urlAllowed(decodeEntities(filled))) continue;
    attrs.push([name, filled]);
  }
  return { html, attrs };
}
