/**
 * Server-side sanitizing of slot content, on every write path of the Admin API. HTML variant
 * bodies go through sanitize-html with an allow-list; what it removed is reported by comparing
 * the tags and attributes before and after, so the editor can show the marketer.
 *
 * Profile tokens are swapped for opaque placeholders first, so the sanitizer judges the markup a
 * browser will see, whatever a token's fallback says; the placeholders then turn back into the
 * tokens. A token that is not wholly inside text or an attribute value, or whose fallback would
 * end the text or value it stands in, is a problem the writer must fix (core's template.ts
 * would never fill it).
 */
import type { Content, SiteConfigInput } from '@slotwise/core';
import type { Removal } from '@slotwise/core/protocol';
import {
  ALLOWED_TAGS,
  DROPPED_WITH_CONTENT,
  ELEMENT_ATTRIBUTES,
  GLOBAL_ATTRIBUTES,
  type TokenSpan,
  URL_ATTRIBUTES,
  URL_SCHEMES,
  decodeEntities,
  htmlLayout,
  tokenPlaces,
  tokensOf,
  srcsetAllowed,
  urlAllowed,
  urlPrefixSettled,
} from '@slotwise/core/sanitize';
import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

// Private-use characters: inert in text and attribute values, and kept as they are by the sanitizer.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const PLACEHOLDER = /\uE000(\d+)\uE001/g;

// The allow-list itself lives in core (sanitize-policy.ts), shared with the browser's sanitizer.
// `catalogToken(i)`: whether token i is a recommendation's `item.*` field (see tokenDecidesUrl).
const options = (catalogToken: (i: number) => boolean): sanitizeHtml.IOptions => ({
  allowedTags: [...ALLOWED_TAGS],
  allowedAttributes: { '*': [...GLOBAL_ATTRIBUTES], ...Object.fromEntries(Object.entries(ELEMENT_ATTRIBUTES).map(([tag, attrs]) => [tag, [...attrs]])) },
  allowedSchemes: [...URL_SCHEMES],
  allowedSchemesAppliedToAttributes: [...URL_ATTRIBUTES],
  allowProtocolRelative: false,
  nonTextTags: [...DROPPED_WITH_CONTENT],
  disallowedTagsMode: 'discard',
  transformTags: {
    '*': (tagName, attribs) => {
      const out = { ...attribs };
      for (const name of URL_ATTRIBUTES) if (tokenDecidesUrl(name, out[name], catalogToken) || refusedUrl(name, out[name])) delete out[name];
      // A link that opens a new tab cannot reach back into the page.
      if (tagName === 'a' && out.target === '_blank') out.rel = 'noopener noreferrer';
      return { tagName, attribs: out };
    },
  },
});

/**
 * A URL whose scheme or host a token could still choose (`{{utm.source}}`, `java{{x}}script:`,
 * `/{{x}}` → `//host`) is refused; a token after `https://host/`, `/path` or `?` is fine. In a
 * srcset, where a token could start a new candidate, tokens are refused altogether. A
 * recommendation's `{{item.url}}` / `{{item.image}}` may start a URL: the site's own catalog
 * supplies it (validated as a path or an http(s) URL), never the visitor, and the renderer
 * checks the filled URL again.
 */
function tokenDecidesUrl(name: string, value: string | undefined, catalogToken: (i: number) => boolean): boolean {
  const first = value?.indexOf(OPEN) ?? -1;
  if (value === undefined || first < 0) return false;
  if (name === 'srcset') return true;
  if (first === 0 && catalogToken(Number(/^\uE000(\d+)\uE001/.exec(value)?.[1] ?? -1))) return false;
  return !urlPrefixSettled(value.slice(0, first));
}

/**
 * core's URL rule, on top of sanitize-html's own scheme check: the same rule the renderer and the
 * browser's sanitizer apply (url-check.ts), which also ignores Unicode spaces before a scheme
 * (`\u2028javascript:`) where sanitize-html only ignores ASCII ones. Values arrive decoded.
 */
function refusedUrl(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const plain = value.replace(PLACEHOLDER, '');
  return name === 'srcset' ? !srcsetAllowed(plain) : !urlAllowed(plain);
}

export interface Sanitized {
  html: string;
  /** What was taken out, in words a marketer can read: `<script>`, `onclick on <a>`. */
  removed: string[];
  /** Tokens that cannot stay where they are; non-empty means the content must not be saved. */
  problems: string[];
}

/** `catalogTokens`: the body is a recommendation template, whose `item.*` tokens may start a URL. */
export function sanitizeContentHtml(input: string, catalogTokens = false): Sanitized {
  // The placeholder characters are reserved: any in the input are dropped, never mistaken for one.
  const source = input.replace(/[\uE000\uE001]/g, '');
  const tokens = tokensOf(source);
  const written = tokens.map((t) => source.slice(t.start, t.end));
  const masked = withPlaceholders(source, tokens);
  const problems = misplaced(source, tokens, written, masked);
  const clean = sanitizeHtml(
    masked,
    options((i) => catalogTokens && tokens[i]?.path.startsWith('item.') === true),
  );
  // A removal's shortened value may end inside a placeholder: drop what is left of it.
  const unmask = (text: string) => text.replace(PLACEHOLDER, (_, i: string) => written[Number(i)] ?? '').replace(/\uE000\d*/g, '');
  const html = unmask(clean);
  if (problems.length === 0) problems.push(...breakingOut(html));
  return { html, removed: removedParts(masked, clean).map(unmask), problems };
}

function withPlaceholders(source: string, tokens: readonly TokenSpan[]): string {
  let out = '';
  let at = 0;
  tokens.forEach((token, i) => {
    out += `${source.slice(at, token.start)}${OPEN}${i}${CLOSE}`;
    at = token.end;
  });
  return out + source.slice(at);
}

const WHERE = 'a {{token}} may only stand in text or inside an attribute value';

/**
 * Tokens that do not stand wholly in text or an attribute value, read two ways: with tokens as
 * placeholders (the markup the sanitizer will see: a token in a tag name, a comment, a script),
 * and as written (the markup a fallback like `">` would close or open).
 */
function misplaced(source: string, tokens: readonly TokenSpan[], written: readonly string[], masked: string): string[] {
  const spans = [...masked.matchAll(PLACEHOLDER)].map((m) => ({ start: m.index, end: m.index + m[0].length, path: '', fallback: '' }));
  const asMasked = tokenPlaces(htmlLayout(masked), spans, true);
  const asWritten = tokenPlaces(htmlLayout(source), tokens, true);
  return written.flatMap((token, i) => {
    if (asMasked[i]!.in === 'nowhere') return [`${WHERE}, never in a tag or attribute name, a comment or a script: ${token}`];
    return asWritten[i]!.in === 'nowhere' ? [fallbackProblem(token)] : [];
  });
}

const fallbackProblem = (written: string) => `${WHERE}, and its fallback is plain text: ${written} would end the text or attribute value around it (no quotes or markup)`;

/** Tokens of the sanitized body that core would not fill: their fallback ends the text or value around them. */
function breakingOut(html: string): string[] {
  const tokens = tokensOf(html);
  const places = tokenPlaces(htmlLayout(html), tokens);
  return tokens.filter((_, i) => places[i]!.in === 'nowhere').map((t) => fallbackProblem(html.slice(t.start, t.end)));
}

/** Tags and attributes of the input that the output no longer has. */
function removedParts(before: string, after: string): string[] {
  const kept = new Map<string, number>();
  for (const part of partsOf(after)) kept.set(part, (kept.get(part) ?? 0) + 1);
  const removed = new Set<string>();
  for (const part of partsOf(before)) {
    const left = kept.get(part) ?? 0;
    if (left > 0) kept.set(part, left - 1);
    else removed.add(part);
  }
  return [...removed];
}

function partsOf(html: string): string[] {
  const parts: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        parts.push(`<${name}>`);
        for (const [attr, value] of Object.entries(attribs)) {
          if (name === 'a' && attr === 'rel') continue; // added by the sanitizer itself
          parts.push(`${attr}="${value.length > 40 ? `${value.slice(0, 40)}…` : value}" on <${name}>`);
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return parts;
}

export type { Removal } from '@slotwise/core/protocol';

/**
 * A copy of the config with every HTML body sanitized and every slot URL attribute checked, the
 * list of what was removed where, and the problems that make it unfit to save (tokens in the
 * wrong place). Text bodies are left alone: they are escaped whole when rendered.
 */
export function sanitizeConfig(config: SiteConfigInput): { config: SiteConfigInput; removed: Removal[]; problems: string[] } {
  const removed: Removal[] = [];
  const problems: string[] = [];
  const campaigns = config.campaigns.map((campaign, c) => ({
    ...campaign,
    variants: campaign.variants.map((variant, v) => ({
      ...variant,
      content: Object.fromEntries(
        Object.entries(variant.content).map(([slot, content]) => {
          const at = `campaigns[${c}].variants[${v}].content.${slot}`;
          return [slot, sanitizeContent(content, at, removed, problems)];
        }),
      ),
    })),
  }));
  return { config: { ...config, campaigns }, removed, problems };
}

export function sanitizeContent(content: Content, at: string, removed: Removal[], problems: string[]): Content {
  let { body } = content;
  // before / after insert their body as HTML beside the element: sanitized like html; a
  // recommendation template too, keeping its item block (recommend/template.ts).
  if (content.kind === 'html' || content.kind === 'before' || content.kind === 'after' || content.kind === 'recommendations') {
    const clean = sanitizeContentHtml(body, content.kind === 'recommendations');
    if (clean.removed.length || clean.html !== body) removed.push({ path: `${at}.body`, removed: clean.removed });
    problems.push(...clean.problems.map((problem) => `${at}.body: ${problem}`));
    body = clean.html;
  }
  if (!content.attrs) return { ...content, body };
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(content.attrs)) {
    if (((name === 'href' || name === 'src') && !safeSlotUrl(value)) || (name === 'srcset' && !safeSrcset(value))) {
      removed.push({ path: `${at}.attrs.${name}`, removed: [`${name}="${value}"`] });
      continue;
    }
    attrs[name] = value;
  }
  return { ...content, body, attrs };
}

/** Each URL of a srcset is a safe slot URL (tokens in a srcset are refused: a token could add a candidate). */
function safeSrcset(srcset: string): boolean {
  return tokensOf(srcset).length === 0 && srcsetAllowed(decodeEntities(srcset));
}

/** A slot URL that is safe as written and whose scheme and host no token can choose. */
function safeSlotUrl(url: string): boolean {
  const tokens = tokensOf(url);
  if (tokens.length > 0 && !urlPrefixSettled(url.slice(0, tokens[0]!.start))) return false;
  return urlAllowed(decodeEntities(withPlaceholders(url, tokens).replace(PLACEHOLDER, '')));
}
