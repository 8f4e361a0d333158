/**
 * Turns a variant's content into the HTML placed in a slot. Profile tokens
 * (`{{profile.topCategory | our range}}`) are filled from the visitor's attributes and always
 * escaped; `text` bodies are escaped whole. `html` bodies were sanitized when written.
 */
import type { Content } from './schema.ts';

const TOKEN = /\{\{\s*([A-Za-z0-9_.]{1,100})\s*(?:\|\s*([^}]{0,200}?)\s*)?\}\}/g;
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

function tokenValue(attributes: Record<string, unknown>, path: string, fallback: string): string {
  const value = lookupPath(attributes, path);
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return fallback;
}

export function renderContent(content: Content, attributes: Record<string, unknown>): string {
  if (content.kind === 'text') {
    return escapeHtml(content.body.replace(TOKEN, (_, path: string, fallback = '') => tokenValue(attributes, path, fallback)));
  }
  return content.body.replace(TOKEN, (_, path: string, fallback = '') => escapeHtml(tokenValue(attributes, path, fallback)));
}

const SCRIPT_URL = /^[\s\u0000-\u001f]*(javascript|vbscript|data):/i;

/**
 * Attribute values get the same token filling (escaped by the caller's HTML writer). A URL
 * attribute that would run script is dropped even if it slipped past the write-path sanitizer.
 */
export function renderAttrs(content: Content, attributes: Record<string, unknown>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(content.attrs ?? {})) {
    const filled = value.replace(TOKEN, (_, path: string, fallback = '') => tokenValue(attributes, path, fallback));
    if ((name === 'href' || name === 'src') && SCRIPT_URL.test(filled)) continue;
    out.push([name, filled]);
  }
  return out;
}
