/**
 * A recommendation variant's template: HTML with one repeated item block,
 *
 *   <h3>{{reco.heading}}</h3>
 *   <ul>{{#items}}<li><a href="{{item.url}}">{{item.title}}</a> {{item.price | currency}}</li>{{/items}}</ul>
 *
 * The block between `{{#items}}` and `{{/items}}` is rendered once per item with `item.*` tokens;
 * around it, `reco.*` and every profile token work as in any variant. Tokens are plain text
 * escaped where they land and URLs are checked after filling, exactly as in template.ts, which
 * compiles each part. `| currency` after an `item.*` price formats it; any other text after `|`
 * is a fallback, as everywhere. The block's first element is marked `data-sw-item="<id>"` so
 * the SDK can attribute a click to the item.
 */
import type { AttributeValues } from '../attributes.ts';
import { type CatalogItem, effectivePrice } from '../catalog.ts';
import { htmlLayout } from '../html-layout.ts';
import { type Hole, type Template, compileTemplate, escapeHtml, lookupPath, renderTemplate, tokenValue } from '../template.ts';
import type { Recommend, Strategy } from './schema.ts';

export const ITEMS_OPEN = '{{#items}}';
export const ITEMS_CLOSE = '{{/items}}';
/** The attribute the block's first element carries: the item's id, for click attribution. */
export const ITEM_ATTRIBUTE = 'data-sw-item';

const OPEN = /\{\{\s*#items\s*\}\}/g;
const CLOSE = /\{\{\s*\/items\s*\}\}/g;
const FIRST_TAG = /^\s*<[A-Za-z][A-Za-z0-9-]*/;

/** What a strategy picked for one slot: the items, and what the heading can say about why. */
export interface Recommendation {
  /** The variant's strategy (a fallback may have supplied some items). */
  strategy: Strategy;
  items: readonly CatalogItem[];
  /** The category the strategy based its pick on (favourite or recently viewed), "" when none. */
  category: string;
  /**
   * `campaign.variant.slot` of the decision: added to each item's `{{item.url}}` as `sw_rc`, so
   * the click that lands on the item's page is attributed to this slot (docs/recommendations.md).
   */
  ref?: string;
}

/** The query parameter a recommended item's link carries (`Recommendation.ref`). */
export const CLICK_PARAM = 'sw_rc';

/** `url` with `sw_rc=<ref>` in its query, before any fragment. */
export function withClickRef(url: string, ref: string | undefined): string {
  if (!ref) return url;
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}${CLICK_PARAM}=${encodeURIComponent(ref)}${fragment}`;
}

export interface RecommendTemplate {
  head: Template;
  block: Template | null;
  tail: Template;
  /** Length of the block's first `<tag` (after leading space), where the item id is marked. */
  mark: number;
}

/**
 * Why a template cannot be rendered as a recommendation, as a marketer reads it; empty when it can.
 * The block markers must each stand once, in text (not in a tag, an attribute or raw text), in order.
 */
export function recommendTemplateProblems(body: string): string[] {
  const opens = [...body.matchAll(OPEN)];
  const closes = [...body.matchAll(CLOSE)];
  if (opens.length !== 1 || closes.length !== 1) return [`needs exactly one item block: ${ITEMS_OPEN} … ${ITEMS_CLOSE}`];
  const open = opens[0]!;
  const close = closes[0]!;
  if (close.index < open.index) return [`${ITEMS_CLOSE} must come after ${ITEMS_OPEN}`];
  const { text } = htmlLayout(body);
  const inText = (start: number, end: number) => text.some((run) => run.start <= start && end <= run.end);
  if (!inText(open.index, open.index + open[0].length) || !inText(close.index, close.index + close[0].length)) {
    return [`${ITEMS_OPEN} and ${ITEMS_CLOSE} must stand between elements, not inside a tag or an attribute`];
  }
  if (!FIRST_TAG.test(body.slice(open.index + open[0].length, close.index))) return [`the item block must start with an element, e.g. ${ITEMS_OPEN}<li>…</li>${ITEMS_CLOSE}`];
  return [];
}

export function compileRecommendTemplate(body: string): RecommendTemplate {
  if (recommendTemplateProblems(body).length) return { head: compileTemplate(body), block: null, tail: { parts: [] }, mark: 0 };
  const open = [...body.matchAll(OPEN)][0]!;
  const close = [...body.matchAll(CLOSE)][0]!;
  const block = body.slice(open.index + open[0].length, close.index);
  return {
    head: compileTemplate(body.slice(0, open.index)),
    block: compileTemplate(block),
    tail: compileTemplate(body.slice(close.index + close[0].length)),
    mark: FIRST_TAG.exec(block)![0].length,
  };
}

const formats = new Map<string, Intl.NumberFormat | null>();

/** `49.9` in USD → `$49.90`. An unknown currency code shows as `49.90 XYZ`. */
export function formatCurrency(amount: number, currency: string, locale = 'en-US'): string {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (format === undefined) {
    try {
      format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    } catch {
      format = null;
    }
    formats.set(key, format);
  }
  return format ? format.format(amount) : `${amount.toFixed(2)} ${currency}`;
}

/** An item as `item.*` tokens read it: lists joined, the price paid now as `item.finalPrice`. */
function itemValues(item: CatalogItem, position: number, ref: string | undefined): Record<string, unknown> {
  return {
    id: item.id,
    title: item.title,
    url: withClickRef(item.url, ref),
    image: item.image,
    price: item.price,
    salePrice: item.salePrice,
    finalPrice: effectivePrice(item),
    previousPrice: item.previousPrice,
    currency: item.currency,
    category: item.category.join(' / '),
    categoryName: item.category.at(-1),
    tags: item.tags.join(', '),
    availability: item.availability,
    attributes: item.attributes,
    position,
  };
}

export function renderRecommendations(template: RecommendTemplate, spec: Recommend | undefined, attributes: AttributeValues, shown: Recommendation): string {
  const reco = { heading: spec?.heading ?? '', category: shown.category, strategy: shown.strategy, count: shown.items.length };
  const around = Object.assign({}, attributes, { reco });
  let html = renderTemplate(template.head, around);
  if (template.block) {
    const { block, mark } = template;
    shown.items.forEach((item, i) => {
      const currency = item.currency ?? spec?.currency ?? 'USD';
      const readToken = (values: AttributeValues, hole: Hole) => {
        if (hole.fallback.trim() !== 'currency' || !hole.path.startsWith('item.')) return tokenValue(values, hole);
        const amount = lookupPath(values, hole.path);
        return typeof amount === 'number' && Number.isFinite(amount) ? formatCurrency(amount, currency) : '';
      };
      const one = renderTemplate(block, { item: itemValues(item, i + 1, shown.ref), reco, profile: lookupPath(attributes, 'profile') }, readToken);
      html += `${one.slice(0, mark)} ${ITEM_ATTRIBUTE}="${escapeHtml(item.id)}"${one.slice(mark)}`;
    });
  }
  return html + renderTemplate(template.tail, around);
}
