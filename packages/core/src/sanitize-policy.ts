/**
 * The one allow-list for variant HTML: the Worker's server-side sanitizer (sanitize-html) and
 * every browser-side sanitizer (the editor, edit mode) are configured from these values, so what
 * the server keeps and what a preview renders can never drift apart.
 */

/** Elements a variant may contain; anything else is removed. */
export const ALLOWED_TAGS: readonly string[] = [
  'a',
  'abbr',
  'b',
  'blockquote',
  'br',
  'cite',
  'code',
  'del',
  'div',
  'em',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'i',
  'img',
  'ins',
  'li',
  'mark',
  'ol',
  'p',
  'picture',
  'pre',
  'q',
  's',
  'section',
  'small',
  'source',
  'span',
  'strong',
  'sub',
  'sup',
  'u',
  'ul',
];

/** Attributes allowed on every allowed element. */
export const GLOBAL_ATTRIBUTES: readonly string[] = ['class', 'id', 'title', 'lang', 'dir', 'aria-label', 'aria-hidden', 'role'];

/** Attributes allowed on particular elements, beside the global ones. */
export const ELEMENT_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  a: ['href', 'target', 'rel'],
  img: ['src', 'srcset', 'alt', 'width', 'height', 'loading'],
  source: ['srcset', 'media', 'type'],
};

/** Schemes a URL-bearing attribute may use; relative URLs are allowed, protocol-relative ones are not. */
export const URL_SCHEMES: readonly string[] = ['http', 'https', 'mailto', 'tel'];

/** Attributes whose value is a URL (or a list of them) and is checked against URL_SCHEMES. */
export const URL_ATTRIBUTES: readonly string[] = ['href', 'src', 'cite', 'srcset', 'action', 'formaction', 'poster', 'background', 'xlink:href'];

/** Removed together with their content, not unwrapped: their text is code, not copy. */
export const DROPPED_WITH_CONTENT: readonly string[] = ['script', 'style', 'textarea', 'option', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'];
