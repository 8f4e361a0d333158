/**
 * Where each stretch of an HTML fragment stands, read the way a browser's HTML tokenizer reads
 * it: runs of text, and attributes with their values. It is not a parser: it only has to tell a
 * template's tokens where they are. Whatever it is unsure of (comments, raw text like <script>,
 * unquoted values, a tag cut off at the end) is neither text nor a quoted value, so no token is
 * ever filled there.
 */

export interface TextRun {
  start: number;
  end: number;
}

export interface AttributeSpan {
  tag: string;
  /** Lower-cased, as the browser matches it. */
  name: string;
  /** From the first character of the name to just past the value's closing quote. */
  start: number;
  end: number;
  valueStart: number;
  valueEnd: number;
  /** The quote around the value; '' when unquoted or without a value. */
  quote: '"' | "'" | '';
  /** In a tag the fragment ends inside: a browser drops it, a lenient sanitizer keeps it. */
  cut?: true;
  /**
   * Read from the raw text of <script>, <textarea>…: markup to a browser inside <svg> or <math>,
   * so its URLs are checked too; never a place for a token.
   */
  shadow?: true;
}

export interface HtmlLayout {
  text: TextRun[];
  attributes: AttributeSpan[];
  /** Just after a `<` (or `</`) that is text: whatever is put here may turn it into a tag. */
  opened: number[];
}

/** Elements whose content is raw text (or RCDATA): no tags, no tokens inside. */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title', 'plaintext']);

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\f' || c === '\r';
const isAlpha = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));

export function htmlLayout(html: string): HtmlLayout {
  const text: TextRun[] = [];
  const attributes: AttributeSpan[] = [];
  const opened: number[] = [];
  let textStart = 0;
  let at = 0;
  for (;;) {
    const lt = html.indexOf('<', at);
    if (lt < 0) break;
    const end = markupEnd(html, lt, attributes);
    if (end < 0) {
      at = lt + 1; // a "<" that starts nothing is text
      opened.push(html[at] === '/' ? at + 1 : at);
      continue;
    }
    if (lt > textStart) text.push({ start: textStart, end: lt });
    at = textStart = end;
  }
  if (html.length > textStart) text.push({ start: textStart, end: html.length });
  return { text, attributes, opened };
}

/** Where the markup starting at `lt` ends (past a raw-text element's content), or -1 when `<` is text. */
function markupEnd(html: string, lt: number, attributes: AttributeSpan[]): number {
  const next = html[lt + 1];
  if (isAlpha(next)) {
    const tag = readTag(html, lt + 1, attributes);
    if (tag.end >= html.length || !RAW_TEXT.has(tag.name)) return tag.end;
    const end = tag.name === 'plaintext' ? html.length : rawTextEnd(html, tag.end, tag.name);
    shadowAttributes(html.slice(0, end), tag.end, attributes);
    return end;
  }
  if (next === '/') {
    if (isAlpha(html[lt + 2])) return readTag(html, lt + 2, null).end;
    if (lt + 2 >= html.length) return -1;
  } else if (next === '!') {
    if (html.startsWith('<!--', lt)) return commentEnd(html, lt + 4);
  } else if (next !== '?') {
    return -1;
  }
  // Bogus comment: `<!x …>`, `<?x …>`, `</ …>`.
  const close = html.indexOf('>', lt + 2);
  return close < 0 ? html.length : close + 1;
}

function shadowAttributes(raw: string, from: number, attributes: AttributeSpan[]): void {
  for (let lt = raw.indexOf('<', from); lt >= 0; lt = raw.indexOf('<', lt + 1)) {
    if (!isAlpha(raw[lt + 1])) continue;
    const found: AttributeSpan[] = [];
    readTag(raw, lt + 1, found);
    attributes.push(...found.map((a) => ({ ...a, shadow: true as const })));
  }
}

function commentEnd(html: string, from: number): number {
  if (html.startsWith('>', from)) return from + 1;
  if (html.startsWith('->', from)) return from + 2;
  const ends = [html.indexOf('-->', from), html.indexOf('--!>', from)].filter((i) => i >= 0);
  if (ends.length === 0) return html.length;
  const first = Math.min(...ends);
  return first + (html.startsWith('-->', first) ? 3 : 4);
}

/** Start of the end tag that closes a raw-text element (`</script` then a space, "/" or ">"), or the end. */
function rawTextEnd(html: string, from: number, name: string): number {
  const lower = html.toLowerCase();
  for (let at = lower.indexOf(`</${name}`, from); at >= 0; at = lower.indexOf(`</${name}`, at + 2)) {
    const after = html[at + 2 + name.length];
    if (after === undefined || after === '/' || after === '>' || isSpace(after)) return at;
  }
  return html.length;
}

/**
 * A start or end tag from its name (at `from`) to just past its `>`, recording a start tag's
 * attributes (marked `cut` when the fragment ends inside the tag).
 */
function readTag(html: string, from: number, attributes: AttributeSpan[] | null): { name: string; end: number } {
  const n = html.length;
  let k = from;
  while (k < n && !isSpace(html[k]) && html[k] !== '/' && html[k] !== '>') k++;
  const tag = html.slice(from, k).toLowerCase();
  const found: AttributeSpan[] = [];
  const cut = () => {
    attributes?.push(...found.map((a) => ({ ...a, cut: true as const })));
    return { name: tag, end: n };
  };
  for (;;) {
    while (k < n && (isSpace(html[k]) || html[k] === '/')) k++;
    if (k >= n) return cut();
    if (html[k] === '>') break;
    const start = k;
    k++; // a leading "=" belongs to the name
    while (k < n && !isSpace(html[k]) && html[k] !== '/' && html[k] !== '>' && html[k] !== '=') k++;
    const name = html.slice(start, k).toLowerCase();
    let m = k;
    while (m < n && isSpace(html[m])) m++;
    if (html[m] !== '=') {
      found.push({ tag, name, start, end: k, valueStart: k, valueEnd: k, quote: '' });
      continue;
    }
    m++;
    while (m < n && isSpace(html[m])) m++;
    const quote = html[m];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, m + 1);
      if (close < 0) {
        found.push({ tag, name, start, end: n, valueStart: m + 1, valueEnd: n, quote });
        return cut();
      }
      found.push({ tag, name, start, end: close + 1, valueStart: m + 1, valueEnd: close, quote });
      k = close + 1;
    } else {
      let e = m;
      while (e < n && !isSpace(html[e]) && html[e] !== '>') e++;
      if (e >= n) {
        found.push({ tag, name, start, end: n, valueStart: m, valueEnd: n, quote: '' });
        return cut();
      }
      found.push({ tag, name, start, end: e, valueStart: m, valueEnd: e, quote: '' });
      k = e;
    }
  }
  attributes?.push(...found);
  return { name: tag, end: k + 1 };
}
