/**
 * Variant HTML as a template: literal markup with holes for profile tokens
 * (`{{profile.topCategory | our range}}`). A token is a hole only where it stands wholly inside
 * one text run or one quoted value of an attribute the allow-list knows; its value and fallback
 * are plain text, escaped where they land, so no token can open or close markup. A token
 * anywhere else is not a token: its characters stay as stored, which is what the sanitizer
 * checked. Every URL attribute's final value is checked (url-check.ts); one that fails is left
 * out of the element.
 */
import type { AttributeValues } from './attributes.ts';
import { type AttributeSpan, type HtmlLayout, htmlLayout } from './html-layout.ts';
import { ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, URL_ATTRIBUTES } from './sanitize-policy.ts';
import { attributeUrlAllowed } from './url-check.ts';

export const TOKEN = /\{\{\s*([A-Za-z0-9_.]{1,100})\s*(?:\|\s*([^}]{0,200}?)\s*)?\}\}/g;

export interface TokenSpan {
  start: number;
  end: number;
  path: string;
  fallback: string;
}

export function tokensOf(body: string): TokenSpan[] {
  return [...body.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length, path: m[1]!, fallback: m[2] ?? '' }));
}

/** Attributes a token may fill: the allow-list's, never an event handler or a style. */
const FILLABLE = new Set([...GLOBAL_ATTRIBUTES, ...Object.values(ELEMENT_ATTRIBUTES).flat(), ...URL_ATTRIBUTES]);

export type TokenPlace = { in: 'text' } | { in: 'attribute'; attribute: AttributeSpan } | { in: 'nowhere' };

/**
 * Where each token stands. `lenient` also accepts an unquoted value, a tag cut off at the end
 * and any attribute name: the sanitizer's input, which it quotes, closes or removes.
 */
export function tokenPlaces({ text, attributes, opened }: HtmlLayout, tokens: readonly TokenSpan[], lenient = false): TokenPlace[] {
  return tokens.map(({ start, end }) => {
    if (text.some((run) => run.start <= start && end <= run.end)) return opened.includes(start) ? { in: 'nowhere' } : { in: 'text' };
    const attribute = attributes.find((a) => a.valueStart <= start && end <= a.valueEnd && !a.shadow);
    if (attribute && (lenient || (attribute.quote !== '' && !attribute.cut && FILLABLE.has(attribute.name)))) return { in: 'attribute', attribute };
    return { in: 'nowhere' };
  });
}

export interface Hole {
  path: string;
  fallback: string;
}

/** A URL attribute with tokens in its value: written out only if its filled value passes. */
export interface UrlHole {
  name: string;
  /** `href="` — the raw markup up to the value. */
  head: string;
  pieces: readonly (string | Hole)[];
  quote: string;
}

export type TemplatePart = string | Hole | UrlHole;

export interface Template {
  parts: readonly TemplatePart[];
}

const isUrl = (name: string) => URL_ATTRIBUTES.includes(name);

export function compileTemplate(body: string): Template {
  const layout = htmlLayout(body);
  const tokens = tokensOf(body);
  const places = tokenPlaces(layout, tokens);
  const edits: { start: number; end: number; part: TemplatePart }[] = [];
  const inUrl = new Map<AttributeSpan, TokenSpan[]>();
  tokens.forEach((token, i) => {
    const place = places[i]!;
    if (place.in === 'attribute' && isUrl(place.attribute.name)) inUrl.set(place.attribute, [...(inUrl.get(place.attribute) ?? []), token]);
    else if (place.in !== 'nowhere') edits.push({ start: token.start, end: token.end, part: { path: token.path, fallback: token.fallback } });
  });
  for (const attribute of layout.attributes) {
    if (!isUrl(attribute.name)) continue;
    const holes = inUrl.get(attribute);
    if (holes) edits.push({ start: attribute.start, end: attribute.end, part: urlHole(body, attribute, holes) });
    // A URL without tokens is settled now, once.
    else if (!attributeUrlAllowed(attribute.name, body.slice(attribute.valueStart, attribute.valueEnd))) edits.push({ start: attribute.start, end: attribute.end, part: '' });
  }
  edits.sort((a, b) => a.start - b.start);
  const parts: TemplatePart[] = [];
  let at = 0;
  for (const edit of edits) {
    // Only removals overlap (attributes read inside raw text): remove their union.
    if (edit.start < at) {
      at = Math.max(at, edit.end);
      continue;
    }
    if (edit.start > at) parts.push(body.slice(at, edit.start));
    parts.push(edit.part);
    at = edit.end;
  }
  if (at < body.length) parts.push(body.slice(at));
  return { parts: joinLiterals(parts) };
}

function urlHole(body: string, attribute: AttributeSpan, holes: readonly TokenSpan[]): UrlHole {
  const pieces: (string | Hole)[] = [];
  let at = attribute.valueStart;
  for (const hole of holes) {
    if (hole.start > at) pieces.push(body.slice(at, hole.start));
    pieces.push({ path: hole.path, fallback: hole.fallback });
    at = hole.end;
  }
  if (at < attribute.valueEnd) pieces.push(body.slice(at, attribute.valueEnd));
  return { name: attribute.name, head: body.slice(attribute.start, attribute.valueStart), pieces, quote: attribute.quote };
}

function joinLiterals(parts: TemplatePart[]): TemplatePart[] {
  const out: TemplatePart[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const last = out.length - 1;
    if (typeof part === 'string' && typeof out[last] === 'string') out[last] += part;
    else out.push(part);
  }
  return out;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Own-property lookup of a dotted path; never reaches into prototypes. */
export function lookupPath(root: unknown, path: string): unknown {
  let node = root;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A token's value as plain text: the attribute when it is a non-empty string or a finite number, else the fallback. */
export function tokenValue(attributes: AttributeValues, hole: Hole): string {
  const value = lookupPath(attributes, hole.path);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return hole.fallback;
}

/** `readToken` reads a token's plain-text value (a recommendation's item block formats prices). */
export function renderTemplate(template: Template, attributes: AttributeValues, readToken = tokenValue): string {
  let out = '';
  for (const part of template.parts) {
    if (typeof part === 'string') out += part;
    else if ('pieces' in part) out += renderUrlHole(part, attributes, readToken);
    else out += escapeHtml(readToken(attributes, part));
  }
  return out;
}

function renderUrlHole(hole: UrlHole, attributes: AttributeValues, readToken: typeof tokenValue): string {
  let value = '';
  for (const piece of hole.pieces) value += typeof piece === 'string' ? piece : escapeHtml(readToken(attributes, piece));
  return attributeUrlAllowed(hole.name, value) ? `${hole.head}${value}${hole.quote}` : '';
}
