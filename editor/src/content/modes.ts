/**
 * Moving a variant's content between the editor's modes without ever turning text into markup:
 * plain text becomes escaped HTML (text nodes, line breaks as <br>), HTML becomes its visible text.
 */
import { escapeHtml } from '@slotwise/core/decide';
import { sanitizedFragment } from '../sanitize.ts';

/** Plain text as HTML that shows exactly that text. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeHtml(line))
    .join('<br>');
}

const BLOCK = /^(P|DIV|H[1-6]|LI|BLOCKQUOTE|PRE|SECTION|FIGURE|FIGCAPTION|UL|OL|HR)$/;

/** The text a reader sees in the HTML, with a line break after each block and at each <br>. */
export function htmlToText(html: string): string {
  let out = '';
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) out += node.nodeValue ?? '';
    else if (node.nodeName === 'BR') out += '\n';
    node.childNodes.forEach(walk);
    if (BLOCK.test(node.nodeName) && !out.endsWith('\n')) out += '\n';
  };
  walk(sanitizedFragment(html));
  return out.replace(/\n+$/, '');
}
