/**
 * Server-side sanitizing of slot content, on every write path of the Admin API. HTML variant
 * bodies go through sanitize-html with an allow-list; what it removed is reported by comparing
 * the tags and attributes before and after, so the editor can show the marketer.
 */
import { ALLOWED_TAGS, type Content, DROPPED_WITH_CONTENT, ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, type Removal, type SiteConfigInput, URL_ATTRIBUTES, URL_SCHEMES } from '@slotwise/core';
import { Parser } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';

// The allow-list itself lives in core (sanitize-policy.ts), shared with the browser's sanitizer.
const OPTIONS: sanitizeHtml.IOptions = {
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
      for (const name of ['href', 'src']) if (startsWithToken(out[name])) delete out[name];
      // A link that opens a new tab cannot reach back into the page.
      if (tagName === 'a' && out.target === '_blank') out.rel = 'noopener noreferrer';
      return { tagName, attribs: out };
    },
  },
};

/**
 * A URL that starts with a profile token (`{{utm.source}}`) lets a visitor-supplied value pick
 * the scheme (`javascript:`), so such a URL is refused; a token later in the URL is fine.
 */
function startsWithToken(url: string | undefined): boolean {
  return url !== undefined && /^\s*\{\{/.test(url);
}

export interface Sanitized {
  html: string;
  /** What was taken out, in words a marketer can read: `<script>`, `onclick on <a>`. */
  removed: string[];
}

export function sanitizeContentHtml(input: string): Sanitized {
  const html = sanitizeHtml(input, OPTIONS);
  return { html, removed: removedParts(input, html) };
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
  const parser = new Parser({
    onopentag(name, attribs) {
      parts.push(`<${name}>`);
      for (const [attr, value] of Object.entries(attribs)) {
        if (name === 'a' && attr === 'rel') continue; // added by the sanitizer itself
        parts.push(`${attr}="${value.length > 40 ? `${value.slice(0, 40)}…` : value}" on <${name}>`);
      }
    },
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
  return parts;
}

export type { Removal } from '@slotwise/core';

/**
 * A copy of the config with every HTML body sanitized and every slot URL attribute checked,
 * and the list of what was removed where. Text bodies are left alone: they are escaped whole
 * when rendered.
 */
export function sanitizeConfig(config: SiteConfigInput): { config: SiteConfigInput; removed: Removal[] } {
  const removed: Removal[] = [];
  const campaigns = config.campaigns.map((campaign, c) => ({
    ...campaign,
    variants: campaign.variants.map((variant, v) => ({
      ...variant,
      content: Object.fromEntries(Object.entries(variant.content).map(([slot, content]) => {
        const at = `campaigns[${c}].variants[${v}].content.${slot}`;
        return [slot, sanitizeContent(content, at, removed)];
      })),
    })),
  }));
  return { config: { ...config, campaigns }, removed };
}

export function sanitizeContent(content: Content, at: string, removed: Removal[]): Content {
  let { body } = content;
  if (content.kind === 'html') {
    const clean = sanitizeContentHtml(body);
    if (clean.removed.length || clean.html !== body) removed.push({ path: `${at}.body`, removed: clean.removed });
    body = clean.html;
  }
  if (!content.attrs) return { ...content, body };
  const attrs: Record<string, string> = {};
  for (const [name, value] of Object.entries(content.attrs)) {
    if ((name === 'href' || name === 'src') && !safeUrl(value)) {
      removed.push({ path: `${at}.attrs.${name}`, removed: [`${name}="${value}"`] });
      continue;
    }
    attrs[name] = value;
  }
  return { ...content, body, attrs };
}

/** A relative URL, or one with an allowed scheme; never one whose scheme a token could set. */
function safeUrl(url: string): boolean {
  if (startsWithToken(url)) return false;
  const scheme = /^\s*([A-Za-z][A-Za-z0-9+.-]*):/.exec(url.replace(/[\u0000-\u001f]/g, ''))?.[1];
  return scheme === undefined ? !/^\s*\/\//.test(url) : URL_SCHEMES.includes(scheme.toLowerCase());
}
