/**
 * The CSS selectors an element slot may use: the part of lol-html's subset (what the edge's
 * HTMLRewriter runs) on which it and a browser's querySelectorAll select the same elements, so
 * the edge and the browser can never disagree about what a slot is. The differential test
 * (selector-differential) checks this over real pages; anything outside is refused with a reason
 * a marketer can act on.
 *
 * Grammar (no escapes, no namespaces):
 *   list     = complex ("," complex)*
 *   complex  = compound ((" " | ">") compound)*
 *   compound = (type | "*")? (#id | .class | [attr] | [attr op value] | pseudo)*
 *   pseudo   = :first-child | :first-of-type | :nth-child(an+b) | :nth-of-type(an+b) | :not(compound)
 */

export const MAX_SELECTOR_LENGTH = 500;

const IDENT = /^-?[A-Za-z_][A-Za-z0-9_-]*/;
const NTH = /^\s*(?:odd|even|[+-]?\d*n(?:\s*[+-]\s*\d+)?|[+-]?\d+)\s*$/i;
const ATTR_OPS = ['=', '^=', '$=', '*=', '~='] as const;
/** Pseudo-classes without an argument that both sides implement alike. */
const PLAIN_PSEUDOS = new Set(['first-child', 'first-of-type']);
/**
 * Elements a browser's parser adds when the HTML leaves them out (a table's <tbody>; <html>,
 * <head>, <body>): the edge sees only the HTML as sent, so a selector naming them can select
 * something in the browser and nothing at the edge (the differential test found these).
 */
const IMPLIED = new Set(['html', 'head', 'body', 'tbody']);
const STRUCTURAL = /:(first-child|first-of-type|nth-child|nth-of-type)\b/;

class Refused extends Error {}

const LINK_NESTING =
  'a link (<a>) can only be picked by its id, class or attributes, or as a descendant ("nav a"), not by its position or as a direct child: browsers and the edge nest links inside links differently';

/** null when `selector` is in the supported subset, else why not (in a marketer's words). */
export function checkSelector(selector: string): string | null {
  if (typeof selector !== 'string' || selector.trim() === '') return 'the selector is empty';
  if (selector.length > MAX_SELECTOR_LENGTH) return `the selector is longer than ${MAX_SELECTOR_LENGTH} characters`;
  if (selector.includes('\\')) return 'backslash escapes are not supported in selectors';
  try {
    new SelectorReader(selector).list();
    return null;
  } catch (error) {
    if (error instanceof Refused) return error.message;
    throw error;
  }
}

class SelectorReader {
  private at = 0;
  constructor(private readonly text: string) {}

  list(): void {
    do {
      this.spaces();
      this.complex();
      this.spaces();
    } while (this.eat(','));
    if (this.at < this.text.length) this.refuseHere();
  }

  private complex(): void {
    let parent = this.linkRules(this.compound(false), this.at);
    let underLink = parent === 'a';
    for (;;) {
      const before = this.at;
      const spaced = this.spaces();
      const next = this.text[this.at];
      if (next === '>') {
        this.at += 1;
        this.spaces();
        const child = this.compound(false);
        this.linkRules(child, this.at);
        if (parent === 'table' && child === 'tr') throw new Refused('"table > tr" never matches in a browser (it puts rows in a <tbody>) but does at the edge: use "table tr"');
        if (child === 'a') throw new Refused(LINK_NESTING);
        parent = child;
      } else if (next === '+' || next === '~') {
        throw new Refused(`"${next}" (sibling combinator) is not supported: use a parent, ">" or :nth-of-type instead`);
      } else if (spaced && next !== undefined && next !== ',' && next !== ')') {
        parent = this.linkRules(this.compound(false), this.at);
        if (parent === 'a' && underLink) throw new Refused(LINK_NESTING);
      } else {
        this.at = before;
        return;
      }
      underLink ||= parent === 'a';
    }
  }

  /**
   * A link inside a link (`<a><a>`, common in generated docs) is closed by a browser's parser and
   * kept nested by the edge's, so the differential test saw `li > a` and `a:first-child` select
   * differently: a link is only selected by what it is, never by its place among its parents.
   */
  private linkRules(type: string, end: number): string {
    if (type === 'a') {
      const compound = this.text.slice(this.lastCompoundStart, end);
      if (STRUCTURAL.test(compound)) throw new Refused(LINK_NESTING);
    }
    return type;
  }

  private lastCompoundStart = 0;

  /** Reads a compound selector; returns its element name ('' when it has none). */
  private compound(inNot: boolean): string {
    const start = this.at;
    if (!inNot) this.lastCompoundStart = start;
    let type = '';
    // Whether the compound says which elements: a name, an id, a class or an attribute.
    let specific = false;
    if (!this.eat('*')) {
      const name = this.ident();
      if (name !== null) {
        if (name !== name.toLowerCase()) throw new Refused(`element names must be lower case ("${name.toLowerCase()}")`);
        if (IMPLIED.has(name))
          throw new Refused(`<${name}> is added by browsers when the HTML leaves it out, and the edge sees only the HTML as sent: leave "${name}" out of the selector`);
        type = name;
        specific = true;
      }
    }
    for (;;) {
      const c = this.text[this.at];
      if (c === '#') {
        this.at += 1;
        if (this.ident() === null) this.refuseHere('an id after "#"');
        specific = true;
      } else if (c === '.') {
        this.at += 1;
        if (this.ident() === null) this.refuseHere('a class name after "."');
        specific = true;
      } else if (c === '[') {
        this.attribute();
        specific = true;
      } else if (c === ':') {
        this.pseudo(inNot);
      } else break;
    }
    if (this.at === start) this.refuseHere('an element, #id, .class, [attribute] or :pseudo-class');
    // "*" or a pseudo-class alone also matches the elements browsers add (<tbody>, <body>…).
    if (!specific && !inNot) throw new Refused('say which elements: add a tag name, #id, .class or [attribute] to each part of the selector');
    return type;
  }

  private attribute(): void {
    this.at += 1;
    this.spaces();
    const name = this.ident();
    if (name === null) this.refuseHere('an attribute name');
    if (name !== name.toLowerCase()) throw new Refused(`attribute names must be lower case ("${name.toLowerCase()}")`);
    this.spaces();
    if (this.eat(']')) return;
    const op = ATTR_OPS.find((candidate) => this.text.startsWith(candidate, this.at));
    if (!op) {
      if (this.text.startsWith('|=', this.at)) throw new Refused('"|=" is not supported: use "=" or "^="');
      this.refuseHere('"=", "^=", "$=", "*=" or "~="');
    }
    this.at += op.length;
    this.spaces();
    const value = this.value();
    if (value === '' && op !== '=') throw new Refused(`[${name}${op}""] with an empty value is not supported: browsers match nothing, the edge may match everything`);
    if (op === '~=' && /\s/.test(value)) throw new Refused(`[${name}~="…"] takes one word without spaces`);
    this.spaces();
    if (/^[is]\b/i.test(this.text.slice(this.at))) {
      throw new Refused('case flags ("i", "s") in attribute selectors are not supported: the edge and browsers treat them differently');
    }
    if (!this.eat(']')) this.refuseHere('"]"');
  }

  private value(): string {
    const quote = this.text[this.at];
    if (quote === '"' || quote === "'") {
      const end = this.text.indexOf(quote, this.at + 1);
      if (end < 0) throw new Refused('a quoted value is not closed');
      const value = this.text.slice(this.at + 1, end);
      if (value.includes('\\')) throw new Refused('backslash escapes are not supported in selectors');
      if (/[\n\r\f]/.test(value)) throw new Refused('a quoted value may not span lines');
      this.at = end + 1;
      return value;
    }
    const ident = this.ident();
    if (ident === null) this.refuseHere('a value');
    return ident;
  }

  private pseudo(inNot: boolean): void {
    this.at += 1;
    if (this.text[this.at] === ':') throw new Refused('pseudo-elements ("::…") select no element: they are not supported');
    const name = this.ident()?.toLowerCase();
    if (name === undefined) this.refuseHere('a pseudo-class name');
    if (PLAIN_PSEUDOS.has(name)) return;
    if (name === 'nth-child' || name === 'nth-of-type') {
      const arg = this.argument(name);
      if (!NTH.test(arg)) throw new Refused(`:${name}(${arg}) is not supported: use a number or "an+b" (e.g. 2, 2n+1, odd)`);
      return;
    }
    if (name === 'not') {
      if (inNot) throw new Refused(':not() inside :not() is not supported');
      if (!this.eat('(')) this.refuseHere('"(" after :not');
      this.spaces();
      this.compound(true);
      this.spaces();
      if (this.text[this.at] === ',') throw new Refused(':not() takes one simple selector, not a list');
      if (!this.eat(')')) throw new Refused(':not() takes one simple selector, without combinators');
      return;
    }
    throw new Refused(`:${name} is not supported at the edge: use :first-child, :first-of-type, :nth-child(), :nth-of-type() or :not()`);
  }

  private argument(name: string): string {
    if (!this.eat('(')) this.refuseHere(`"(" after :${name}`);
    const end = this.text.indexOf(')', this.at);
    if (end < 0) throw new Refused(`:${name}( is not closed`);
    const arg = this.text.slice(this.at, end);
    this.at = end + 1;
    return arg;
  }

  private ident(): string | null {
    const match = IDENT.exec(this.text.slice(this.at));
    if (!match) {
      if (this.text[this.at] === '\\') throw new Refused('backslash escapes are not supported in selectors');
      return null;
    }
    this.at += match[0].length;
    return match[0];
  }

  private spaces(): boolean {
    const start = this.at;
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at += 1;
    return this.at > start;
  }

  private eat(c: string): boolean {
    if (this.text[this.at] !== c) return false;
    this.at += 1;
    return true;
  }

  private refuseHere(expected?: string): never {
    const found = this.at < this.text.length ? `"${this.text.slice(this.at, this.at + 12)}"` : 'the end';
    throw new Refused(expected ? `expected ${expected} at ${found} (character ${this.at + 1})` : `unexpected ${found} (character ${this.at + 1})`);
  }
}
