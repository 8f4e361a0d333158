/**
 * Translates a `$regex` pattern from JavaScript syntax (what GrowthBook's SDKs and our docs use:
 * `new RegExp(pattern)`, no `u` flag) into RE2 syntax with the same meaning, or says in plain
 * words why it cannot: RE2 runs in linear time because it has no backtracking features
 * (lookaround, backreferences), so a pattern using them is refused rather than run.
 *
 * Only a pattern JavaScript accepts gets here (regex.ts checks that first), so the scanner can
 * trust the structure and only has to read each token the way JavaScript does:
 * - `.`, `\s` and `\S` follow JavaScript (RE2's `.` excludes only `\n`, its `\s` is ASCII);
 * - `\uXXXX`, `\cX`, `\0`, `[^]` and `[]` are spelled the RE2 way;
 * - an escaped letter JavaScript reads as the plain letter (`\p`, `\e`, `\A`) is refused,
 *   since RE2 gives several of them other meanings and nobody writes them on purpose.
 */

/** ECMAScript's WhiteSpace and LineTerminator: what `\s` matches in JavaScript. */
const JS_SPACE = '\\t\\n\\v\\f\\r \\x{a0}\\x{1680}\\x{2000}-\\x{200a}\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}\\x{feff}';
/** Everything else, as ranges (RE2 classes cannot nest a negation). */
const JS_NON_SPACE =
  '\\x00-\\x08\\x0e-\\x1f\\x21-\\x9f\\x{a1}-\\x{167f}\\x{1681}-\\x{1fff}\\x{200b}-\\x{2027}\\x{202a}-\\x{202e}' +
  '\\x{2030}-\\x{205e}\\x{2060}-\\x{2fff}\\x{3001}-\\x{fefe}\\x{ff00}-\\x{10ffff}';
/** JavaScript's `.` without the `s` flag: anything but a line terminator. */
const JS_DOT = '[^\\n\\r\\x{2028}\\x{2029}]';
const ANY = '\\x{0}-\\x{10ffff}';
/** RE2 refuses larger repetition counts. */
export const MAX_REPEAT = 1_000;

const LINEAR = '(regexes run on a linear-time engine)';

export type Translation = { source: string } | { refused: string };

class Refusal {
  constructor(readonly reason: string) {}
}

const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/** The RE2 form of a JavaScript-valid pattern, or why it is refused. */
export function toRe2Syntax(pattern: string): Translation {
  try {
    return { source: new Scanner(pattern).pattern() };
  } catch (e) {
    if (e instanceof Refusal) return { refused: e.reason };
    throw e;
  }
}

const isHex = (s: string) => /^[0-9a-fA-F]+$/.test(s);
const hex = (code: number) => `\\x{${code.toString(16)}}`;

/** What an escape stands for: a set (`\d`, `\s`: never a range end) or a single character. */
interface Escape {
  out: string;
  set: boolean;
  next: number;
}

class Scanner {
  /** Group names seen: newer JavaScript engines allow a name twice (in alternatives), older ones do not. */
  private readonly names = new Set<string>();

  constructor(private readonly p: string) {}

  pattern(): string {
    let out = '';
    for (let i = 0; i < this.p.length; ) {
      const c = this.p[i] as string;
      if (c === '\\') {
        const e = this.escape(i, false);
        out += e.out;
        i = e.next;
      } else if (c === '[') {
        const cls = this.characterClass(i);
        out += cls.out;
        i = cls.next;
      } else if (c === '(') {
        const group = this.group(i);
        out += group.out;
        i = group.next;
      } else if (c === '{') {
        const repeat = this.repeat(i);
        out += repeat.out;
        i = repeat.next;
      } else {
        out += c === '.' ? JS_DOT : c === ']' || c === '}' ? `\\${c}` : c;
        i += 1;
      }
    }
    return out;
  }

  /** `(`, `(?:` and `(?<name>` open groups; lookaround and other `(?` forms are refused. */
  private group(i: number): { out: string; next: number } {
    const p = this.p;
    if (p[i + 1] !== '?') return { out: '(', next: i + 1 };
    const kind = p.slice(i, i + 4);
    if (kind.startsWith('(?:')) return { out: '(?:', next: i + 3 };
    if (kind.startsWith('(?=') || kind.startsWith('(?!')) refuse(`lookahead "${kind.slice(0, 3)}" is not supported ${LINEAR}`);
    if (kind === '(?<=' || kind === '(?<!') refuse(`lookbehind "${kind}" is not supported ${LINEAR}`);
    if (kind.startsWith('(?<')) {
      // A named group: the name only matters to backreferences, which are refused anyway. A
      // repeated name is refused whatever this runtime's JavaScript allows, so every runtime agrees.
      const close = p.indexOf('>', i + 3);
      const name = p.slice(i + 3, close);
      if (this.names.has(name)) refuse(`group name "${name}" is used twice`);
      this.names.add(name);
      return { out: '(', next: close + 1 };
    }
    if (kind.startsWith('(?>')) refuse(`atomic group "(?>" is not supported ${LINEAR}`);
    return refuse(`group "${p.slice(i, i + 3)}" is not supported`);
  }

  /** `{n}`, `{n,}`, `{n,m}` repeat (up to MAX_REPEAT); any other `{` is a literal brace, as in JavaScript. */
  private repeat(i: number): { out: string; next: number } {
    const m = /^\{(\d+)(?:,(\d*))?\}/.exec(this.p.slice(i, i + 32));
    if (m === null) return { out: '\\{', next: i + 1 };
    for (const count of [m[1], m[2]]) {
      if (count && Number(count) > MAX_REPEAT) refuse(`repetition count ${count} is above ${MAX_REPEAT}`);
    }
    return { out: m[0], next: i + m[0].length };
  }

  /** `[…]`: escapes read as JavaScript reads them inside a class; `[` is literal there. */
  private characterClass(i: number): { out: string; next: number } {
    const p = this.p;
    let j = i + 1;
    const negated = p[j] === '^';
    if (negated) j += 1;
    if (p[j] === ']') return { out: negated ? `[${ANY}]` : `[^${ANY}]`, next: j + 1 };
    let out = negated ? '[^' : '[';
    let lastWasSet = false;
    while (j < p.length && p[j] !== ']') {
      const c = p[j] as string;
      if (c === '\\') {
        const e = this.escape(j, true);
        out += e.out;
        lastWasSet = e.set;
        j = e.next;
        continue;
      }
      // Next to a set (`[\d-z]`, `[a-\s]`) JavaScript reads "-" as itself, not as a range.
      if (c === '-' && (lastWasSet || (p[j + 1] === '\\' && /[dDwWsS]/.test(p[j + 2] ?? '')))) out += '\\-';
      else out += c === '[' || c === '^' ? `\\${c}` : c;
      lastWasSet = false;
      j += 1;
    }
    return { out: `${out}]`, next: j + 1 };
  }

  /** The escape at `i` (a backslash), inside a character class or not. */
  private escape(i: number, inClass: boolean): Escape {
    const p = this.p;
    const c = p[i + 1] ?? '';
    const one = (out: string, set = false): Escape => ({ out, set, next: i + 2 });
    switch (c) {
      case 'd':
      case 'D':
      case 'w':
      case 'W':
        return one(`\\${c}`, true);
      case 's':
        return one(inClass ? JS_SPACE : `[${JS_SPACE}]`, true);
      case 'S':
        return one(inClass ? JS_NON_SPACE : `[^${JS_SPACE}]`, true);
      case 'b':
        return one(inClass ? '\\x08' : '\\b');
      case 'B':
        if (!inClass) return one('\\B');
        break;
      case 't':
      case 'n':
      case 'r':
      case 'f':
      case 'v':
        return one(`\\${c}`);
      case '0':
        if (!/[0-9]/.test(p[i + 2] ?? '')) return one('\\x00');
        return refuse(`octal escape "\\${p.slice(i + 1, i + 4)}" is not supported (write \\x.. instead)`);
      case 'x': {
        const digits = p.slice(i + 2, i + 4);
        if (digits.length === 2 && isHex(digits)) return { out: `\\x${digits}`, set: false, next: i + 4 };
        return refuse('"\\x" needs two hex digits');
      }
      case 'u':
        return this.unicodeEscape(i, inClass);
      case 'c': {
        const letter = p[i + 2] ?? '';
        if (/[A-Za-z]/.test(letter)) return { out: hex(letter.charCodeAt(0) % 32), set: false, next: i + 3 };
        return refuse('"\\c" needs a letter after it');
      }
      case 'k':
        return refuse(`backreference "\\k" is not supported ${LINEAR}`);
      case 'p':
      case 'P':
        return refuse(`"\\${c}" is not supported (Unicode property classes need the u flag, which $regex does not use)`);
      default:
        break;
    }
    if (/[1-9]/.test(c)) {
      if (inClass) return refuse(`octal escape "\\${c}" is not supported (write \\x.. instead)`);
      return refuse(`backreference "\\${c}" is not supported ${LINEAR}`);
    }
    if (/[A-Za-z]/.test(c)) return refuse(`unknown escape "\\${c}" (JavaScript reads it as the letter "${c}"; write the letter without "\\")`);
    // Punctuation and other characters stand for themselves. RE2 takes an escaped ASCII
    // non-word character as itself; any other character needs no escape.
    const code = c.codePointAt(0) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    return { out: code < 0x80 ? `\\${c}` : p.slice(i + 1, i + 1 + width), set: false, next: i + 1 + width };
  }

  /** `\uXXXX`; a surrogate pair outside a class is one character, as JavaScript matches it. */
  private unicodeEscape(i: number, inClass: boolean): Escape {
    const p = this.p;
    const digits = p.slice(i + 2, i + 6);
    if (digits.length !== 4 || !isHex(digits)) return refuse('"\\u" needs four hex digits');
    const code = Number.parseInt(digits, 16);
    if (code < 0xd800 || code > 0xdfff) return { out: hex(code), set: false, next: i + 6 };
    const low = p.slice(i + 6, i + 12);
    if (!inClass && code < 0xdc00 && /^\\u[dD][c-fC-F][0-9a-fA-F]{2}$/.test(low)) {
      const pair = 0x10000 + ((code - 0xd800) << 10) + (Number.parseInt(low.slice(2), 16) - 0xdc00);
      return { out: hex(pair), set: false, next: i + 12 };
    }
    return refuse(`a lone surrogate "\\u${digits}" is not supported`);
  }
}
