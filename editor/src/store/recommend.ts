/**
 * The recommendation form's changes to one variant's content: turning a slot's content into
 * recommendations and back, and each field of the `recommend` spec (strategy, fallback, count,
 * filters, rules, heading, layout). Pure steps from one content to the next; the panel applies
 * them through setVariantContent, so the draft validates and saves them like any edit.
 */
import type { ItemFilters, ItemMatch, ItemRules, Recommend, Strategy } from '@slotwise/core';
import type { ContentInput } from './draft-ops.ts';

/** Each strategy as a marketer picks it: what it shows, in the shop's words. */
export const STRATEGY_CHOICES: { id: Strategy; label: string; hint: string }[] = [
  { id: 'recently_viewed', label: 'Recently viewed', hint: 'Products this visitor looked at, most recent first.' },
  { id: 'favourite_categories', label: 'Top picks in their favourite categories', hint: 'Popular products from the categories this visitor browses most.' },
  { id: 'trending', label: 'Trending now', hint: 'The most viewed and bought products in the last days, across all visitors.' },
  { id: 'bought_together', label: 'Often bought together', hint: 'Products bought together with the one on the page, or with what this visitor bought.' },
  { id: 'new_arrivals', label: 'New arrivals', hint: 'The newest products in the catalog.' },
  { id: 'back_in_stock', label: 'Back in stock', hint: 'Products this visitor looked at that are available again.' },
  { id: 'price_dropped', label: 'Price dropped', hint: 'Products this visitor looked at that now cost less.' },
  { id: 'manual', label: 'Products I choose', hint: 'The products you list, in your order.' },
];

export const strategyLabel = (id: Strategy | undefined): string => STRATEGY_CHOICES.find((s) => s.id === id)?.label ?? 'None';

/** Fields a template may show, for the "insert a field" picker. */
export const ITEM_FIELDS: [token: string, label: string][] = [
  ['{{item.title}}', 'Product name'],
  ['{{item.url}}', 'Product link'],
  ['{{item.image}}', 'Product image'],
  ['{{item.finalPrice | currency}}', 'Price now'],
  ['{{item.price | currency}}', 'Regular price'],
  ['{{item.categoryName}}', 'Category'],
  ['{{reco.heading}}', 'Heading'],
  ['{{reco.category}}', 'The category it is based on'],
];

/** Ready-made layouts: a marketer picks one, and may then adjust its HTML. */
export const LAYOUTS: { id: string; label: string; body: string }[] = [
  {
    id: 'cards',
    label: 'Product cards (image, name, price)',
    body:
      '<div class="section__head"><h2>{{reco.heading}}</h2></div>\n' +
      '<ul class="grid grid--picks">{{#items}}<li class="card"><div class="card__media"><img src="{{item.image}}" alt="{{item.title}}"></div>' +
      '<div class="card__body"><h3 class="card__title"><a href="{{item.url}}">{{item.title}}</a></h3><p class="card__price"><span class="price">{{item.finalPrice | currency}}</span></p></div></li>{{/items}}</ul>',
  },
  {
    id: 'list',
    label: 'Simple list (name and price)',
    body: '<h3>{{reco.heading}}</h3>\n<ul>{{#items}}<li><a href="{{item.url}}">{{item.title}}</a> {{item.finalPrice | currency}}</li>{{/items}}</ul>',
  },
];

/** What a new recommendation shows: popular picks from the visitor's favourite categories, trending ones to fill up. */
export const STARTING_SPEC: Recommend = {
  strategy: 'favourite_categories',
  fallback: 'trending',
  count: 4,
  heading: 'Picked for you',
  filters: { inStock: true, excludePurchased: true, excludeCurrent: true },
};

export const isRecommendations = (content: ContentInput | undefined): boolean => content?.kind === 'recommendations';

/** The slot's content becomes recommendations (the first layout, the starting spec); other kinds are kept aside by the caller. */
export function startRecommendations(content: ContentInput | undefined): ContentInput {
  if (content?.kind === 'recommendations') return content;
  return { kind: 'recommendations', body: LAYOUTS[0]!.body, recommend: structuredClone(STARTING_SPEC) };
}

/** Back to hand-written content: a short message, since a template with an item block is no message. */
export function stopRecommendations(content: ContentInput): ContentInput {
  if (content.kind !== 'recommendations') return content;
  return { kind: 'html', body: `<p>${content.recommend?.heading ? escapeText(content.recommend.heading) : 'Your message'}</p>` };
}

const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);

/** The spec of a recommendations content (the starting one if it has none yet). */
export const specOf = (content: ContentInput): Recommend => content.recommend ?? structuredClone(STARTING_SPEC);

function withSpec(content: ContentInput, change: (spec: Recommend) => Recommend): ContentInput {
  return { ...content, recommend: change(specOf(content)) };
}

/** A strategy; the fallback is dropped when it would be the same one, and the manual list kept for later. */
export const setStrategy = (content: ContentInput, strategy: Strategy): ContentInput =>
  withSpec(content, (s) => {
    const next: Recommend = { ...s, strategy };
    if (next.fallback === strategy) delete next.fallback;
    return next;
  });

/** The strategy that fills up the list; null: none (the list may be shorter). */
export const setFallback = (content: ContentInput, fallback: Strategy | null): ContentInput =>
  withSpec(content, (s) => {
    const next: Recommend = { ...s };
    if (fallback && fallback !== s.strategy) next.fallback = fallback;
    else delete next.fallback;
    return next;
  });

/** How many products: a whole number from 1 to 24 (the schema's range), whatever was typed. */
export const setCount = (content: ContentInput, count: number): ContentInput =>
  withSpec(content, (s) => ({ ...s, count: Number.isFinite(count) ? Math.min(24, Math.max(1, Math.round(count))) : s.count }));

export const setHeading = (content: ContentInput, heading: string): ContentInput =>
  withSpec(content, (s) => {
    const next: Recommend = { ...s };
    if (heading) next.heading = heading.slice(0, 200);
    else delete next.heading;
    return next;
  });

/** Words typed in a list field ("shoes, trail") as the spec keeps them: trimmed, no empties, no repeats. */
export function wordsOf(text: string, lowerCase = false): string[] {
  const words = text
    .split(/[,\n]/)
    .map((w) => (lowerCase ? w.trim().toLowerCase() : w.trim()))
    .filter(Boolean);
  return [...new Set(words)];
}

/**
 * Changes some filters. An empty list or an unset price removes the field (the engine's default
 * applies), so the stored spec says only what the marketer chose.
 */
export const setFilters = (content: ContentInput, patch: Partial<ItemFilters>): ContentInput =>
  withSpec(content, (s) => {
    const filters: ItemFilters = { ...s.filters, ...patch };
    for (const key of Object.keys(filters) as (keyof ItemFilters)[]) {
      const value = filters[key];
      if (value === undefined || (Array.isArray(value) && value.length === 0) || (typeof value === 'number' && !Number.isFinite(value))) delete filters[key];
    }
    const next: Recommend = { ...s, filters };
    if (Object.keys(filters).length === 0) delete next.filters;
    return next;
  });

/** A price typed in a filter field: a number of at least 0, or undefined when the field is empty or not a number. */
export function priceOf(text: string): number | undefined {
  const n = Number(text.replace(',', '.'));
  return text.trim() && Number.isFinite(n) && n >= 0 ? n : undefined;
}

/** The manual strategy's products, in order. */
export const setManualItems = (content: ContentInput, ids: string[]): ContentInput =>
  withSpec(content, (s) => {
    const next: Recommend = { ...s };
    if (ids.length) next.items = ids.slice(0, 100);
    else delete next.items;
    return next;
  });

export type RuleKind = 'boost' | 'bury';

/** Products shown first (pinned), in order. */
export const setPinned = (content: ContentInput, ids: string[]): ContentInput => withRules(content, (r) => ({ ...r, pin: ids.slice(0, 24) }));

/**
 * "Show higher" / "show lower": products in these categories or with these tags. One match per
 * kind is what the form edits; the engine takes up to ten.
 */
export const setRuleMatch = (content: ContentInput, kind: RuleKind, match: ItemMatch): ContentInput => withRules(content, (r) => ({ ...r, [kind]: [match] }));

export const ruleMatch = (content: ContentInput, kind: RuleKind): ItemMatch => specOf(content).rules?.[kind]?.[0] ?? {};

function withRules(content: ContentInput, change: (rules: ItemRules) => ItemRules): ContentInput {
  return withSpec(content, (s) => {
    const rules = change({ ...s.rules });
    const kept: ItemRules = {};
    if (rules.pin?.length) kept.pin = rules.pin;
    for (const kind of ['boost', 'bury'] as const) {
      const matches = (rules[kind] ?? []).map(cleanMatch).filter((m) => Object.keys(m).length > 0);
      if (matches.length) kept[kind] = matches;
    }
    const next: Recommend = { ...s, rules: kept };
    if (Object.keys(kept).length === 0) delete next.rules;
    return next;
  });
}

function cleanMatch(match: ItemMatch): ItemMatch {
  const out: ItemMatch = {};
  if (match.ids?.length) out.ids = match.ids;
  if (match.category?.length) out.category = match.category;
  if (match.tags?.length) out.tags = match.tags;
  return out;
}

/** A ready-made layout replaces the template. */
export function applyLayout(content: ContentInput, layoutId: string): ContentInput {
  const layout = LAYOUTS.find((l) => l.id === layoutId);
  return layout ? { ...content, body: layout.body } : content;
}

/** A field inserted into the template: inside the item block when it is an item field, else at the end. */
export function insertField(content: ContentInput, token: string): ContentInput {
  const body = content.body;
  const close = body.indexOf('{{/items}}');
  if (token.startsWith('{{item.') && close >= 0) return { ...content, body: `${body.slice(0, close)} ${token}${body.slice(close)}` };
  return { ...content, body: `${body}${body.endsWith(' ') || !body ? '' : ' '}${token}` };
}
