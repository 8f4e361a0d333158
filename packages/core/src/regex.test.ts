/**
 * `$regex` on a linear-time engine (issue 16, item 3): the catastrophic pattern from the issue
 * and the published ReDoS families finish on 10 KB subjects, patterns keep their JavaScript
 * meaning (what GrowthBook's SDKs and our docs promise), and what RE2 cannot run is refused with
 * a reason. Completion is the proof: nothing here is timed (vitest's test timeout is the backstop).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { evalCondition } from './condition.ts';
import { RE2JS } from './re2.ts';
import { MAX_REGEX_PATTERN_LENGTH, MAX_REGEX_PROGRAM_SIZE, REGEX_CACHE_SIZE, checkRegexPattern, compileRegex, useRe2, usesRegex } from './regex.ts';

useRe2(RE2JS);

const TEN_KB = 10_240;

/** The compiled test, failing the test if the pattern was refused. */
function compiled(pattern: string, ignoreCase = false): (subject: string) => boolean {
  const regex = compileRegex(pattern, ignoreCase);
  if (typeof regex === 'string') throw new Error(`${pattern} refused: ${regex}`);
  return (subject) => regex.test(subject);
}

describe('linear time (issue 16)', () => {
  const issuePattern = `${'(?:a|a)'.repeat(30)}c`;

  it('the catastrophic pattern from issue 16 is accepted and finishes on a 10 KB subject', () => {
    expect(checkRegexPattern(issuePattern)).toBeNull();
    const test = compiled(issuePattern);
    expect(test('a'.repeat(TEN_KB))).toBe(false);
    expect(test(`${'a'.repeat(TEN_KB)}c`)).toBe(true);
    // And through the evaluator, with the issue's own subject: 200 × "a" from the query string.
    const rule = (op: string) => ({ 'page.query.q': { [op]: issuePattern } });
    const attacker = { page: { query: { q: 'a'.repeat(200) } } };
    expect(evalCondition(attacker, rule('$regex'))).toBe(false);
    expect(evalCondition(attacker, rule('$notRegex'))).toBe(true);
    expect(evalCondition(attacker, rule('$regexi'))).toBe(false);
    expect(evalCondition(attacker, rule('$notRegexi'))).toBe(true);
  });

  /**
   * The classic families, each with a subject that makes a backtracking engine take exponential
   * or polynomial time, and a short one it matches. Sources: OWASP, "Regular expression Denial of
   * Service - ReDoS" (https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS:
   * `(a+)+`, `([a-zA-Z]+)*`, `(a|aa)+`, `(a|a?)+`, `(.*a){x}` for x > 10, the RegExLib e-mail
   * validator and the Java class-name pattern); Davis et al., "The impact of regular expression
   * denial of service (ReDoS) in practice", ESEC/FSE 2018 (`(\w+\s?)*$`-style star-of-star);
   * Stack Overflow's 2016 outage post-mortem (the trim pattern `^[\s\u200c]+|[\s\u200c]+$`);
   * Cloudflare's 2019 outage post-mortem (`.*(?:.*=.*)`).
   */
  const families: [pattern: string, adversarial: string, matching: string][] = [
    ['^(a+)+$', `${'a'.repeat(TEN_KB)}!`, 'aaaa'],
    ['^([a-zA-Z]+)*$', `${'a'.repeat(TEN_KB)}1`, 'abcXYZ'],
    ['^(a|aa)+$', `${'a'.repeat(TEN_KB)}!`, 'aaa'],
    ['^(a|a?)+$', `${'a'.repeat(TEN_KB)}!`, 'aa'],
    ['(a|a)*c', 'a'.repeat(TEN_KB), 'aac'],
    ['(a|aa)+$', `${'a'.repeat(TEN_KB)}!`, 'xaa'],
    ['^(.*a){20}$', 'a'.repeat(TEN_KB / 2) + 'b'.repeat(TEN_KB / 2), 'a'.repeat(20)],
    ['(.*a){12}', 'a'.repeat(11) + 'b'.repeat(TEN_KB), 'a'.repeat(12)],
    ['^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.](([a-z]{2,3})|([a-z]{2,3}[.][a-z]{2,3}))$', `${'a'.repeat(TEN_KB)}!`, 'jane.doe@example.com'],
    ['^(([a-z])+.)+[A-Z]([a-z])+$', `${'a'.repeat(TEN_KB)}!`, 'java.lang.String'],
    ['^(\\w+\\s?)*$', `${'word '.repeat(TEN_KB / 5)}!`, 'some words here'],
    ['^(\\d+)*$', `${'1'.repeat(TEN_KB)}x`, '123'],
    ['^[\\s\\u200c]+|[\\s\\u200c]+$', `x${' '.repeat(TEN_KB)}x`, 'trailing   '],
    ['.*(?:.*=.*)', 'x'.repeat(TEN_KB), 'a=b'],
    ['^(\\w+\\s?)+\\d$', `${'a '.repeat(TEN_KB / 2)}!`, 'a b 1'],
  ];

  it.each(families)('%s finishes on a 10 KB adversarial subject and still matches what it should', (pattern, adversarial, matching) => {
    expect(checkRegexPattern(pattern)).toBeNull();
    const test = compiled(pattern);
    expect(adversarial.length).toBeGreaterThanOrEqual(TEN_KB);
    expect(test(adversarial)).toBe(false);
    expect(test(matching)).toBe(true);
    // The same answers as JavaScript where JavaScript answers quickly: on the short subject.
    expect(test(matching)).toBe(new RegExp(pattern).test(matching));
  });
});

describe('JavaScript syntax, same answers as RegExp', () => {
  const patterns = [
    '(Mobile|Tablet)',
    '^/shoes(/|$)',
    '(^|\\.)google\\.',
    '-12-25$',
    '^[a-z]+-\\d+$',
    '.*sale.*',
    '(?:foo)?bar',
    '[(*+]x',
    'a{2,5}',
    '^\\(a+\\)+',
    'a{,5}',
    'x{',
    '}',
    ']',
    '\\/p\\/',
    '[\\d-z]',
    '[a-\\s]',
    '[\\s\\S]',
    '[^]',
    '[]',
    '\\bcat\\b',
    '\\Bat',
    '[\\b]',
    '\\0',
    '\\x41',
    '\\u00e9',
    '\\uD83D\\uDE00',
    '\\cJ',
    '(?<year>\\d{4})-\\d{2}',
    'a.c',
    '^.$',
    '\\s+',
    '\\S+',
    '[^\\s]',
    'colou?r',
    'a*?b',
    '[[:alpha:]]',
    '\\w+@\\w+\\.com',
    '[^a-z]',
    '\\.',
    '\\$\\d+',
    '^$',
    '|',
    '(|a)',
    'é',
    'ÄÖÜ',
    '\\t',
    '[\\^a]',
    '[a^]',
    '\\-',
    '[\\-]',
  ];
  const subjects = [
    '',
    'Android Mobile Browser',
    '/shoes',
    '/shoes/trail',
    '/shoestring',
    'www.Google.de',
    '1980-12-25',
    'ab-12',
    'big SALE now',
    'bar',
    'foobar',
    '(x',
    'aa',
    'aaaaaa',
    'a{,5}',
    'x{',
    '}',
    ']',
    '/p/',
    '5',
    'z',
    '-',
    ' ',
    '\u00a0',
    '\u2028',
    '\ufeff',
    '\t',
    'cat',
    'concat',
    'that',
    '\b',
    '\0',
    'A',
    'caf\u00e9',
    '\n',
    '2024-05',
    'abc',
    'a\nc',
    'a\rc',
    'a\u2028c',
    'x',
    ':',
    'color',
    'colour',
    'aab',
    'me@host.com',
    '$12',
    'É',
    'äöü',
    'ÄÖÜ',
    '^',
    'é',
  ];

  it("ordinary and tricky patterns give RegExp's answer on every subject, with and without ignoring case", () => {
    for (const pattern of patterns) {
      for (const ignoreCase of [false, true]) {
        const test = compiled(pattern, ignoreCase);
        const js = new RegExp(pattern, ignoreCase ? 'i' : '');
        for (const subject of subjects) {
          expect([pattern, ignoreCase, subject, test(subject)]).toEqual([pattern, ignoreCase, subject, js.test(subject)]);
        }
      }
    }
  });

  const atom = fc.constantFrom(
    'a',
    'b',
    'A',
    '.',
    '\\d',
    '\\D',
    '\\w',
    '\\W',
    '\\s',
    '\\S',
    '\\b',
    '\\B',
    '[ab]',
    '[^a]',
    '[a-c]',
    '[\\s-]',
    '[\\S]',
    '[\\d\\s]',
    '\\x61',
    '\\u0062',
    '\\.',
    '-',
    ' ',
    '\u00a0',
    'é',
    '(?:ab|c)',
    '(a|)',
    '(?<n>b)',
    '^',
    '$',
    '\\t',
    '[^]',
    '\\n',
  );
  const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '{0,}', '*?', '+?');
  const piece = fc.tuple(atom, quantifier).map(([a, q]) => (/^[\^$]$|^\\[bB]$/.test(a) ? a : a + q));
  const pattern = fc
    .array(piece, { minLength: 1, maxLength: 6 })
    .chain((pieces) => fc.constantFrom(pieces.join(''), `(?:${pieces.join('')})+`, `${pieces.slice(0, 2).join('')}|${pieces.slice(2).join('')}`));
  const subject = fc.array(fc.constantFrom('a', 'b', 'c', 'A', 'B', '1', ' ', '\u00a0', '\n', '\u2028', '-', '.', 'é', 'É', '_'), { maxLength: 12 }).map((s) => s.join(''));

  // The oracle here is the runtime's own RegExp. workerd's V8 answers some of these patterns wrongly
  // (`/a|[^]+?a^/i.test(' a')` is false there, true in Node and in every browser, and RE2 says true:
  // the first alternative matches), so the differential runs in Node, where RegExp is a sound
  // reference; the case itself is pinned below in every runtime.
  const workerd = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent === 'Cloudflare-Workers';

  it('matches where a buggy RegExp does not: the first alternative of a|[^]+?a^ (found by the property below)', () => {
    const regex = compileRegex('a|[^]+?a^', true);
    if (typeof regex === 'string') throw new Error(regex);
    expect([' a', '-a', ' ab', 'b'].map((s) => regex.test(s))).toEqual([true, true, true, false]);
  });

  it.skipIf(workerd)("random patterns over the syntax that differs between the two give RegExp's answer (property-based)", () => {
    fc.assert(
      fc.property(pattern, fc.array(subject, { minLength: 1, maxLength: 8 }), fc.boolean(), (p, subjects, ignoreCase) => {
        const regex = compileRegex(p, ignoreCase);
        let js: RegExp;
        try {
          js = new RegExp(p, ignoreCase ? 'i' : '');
        } catch {
          return typeof regex === 'string'; // invalid JavaScript (a repeated group name) is refused too
        }
        // A repeated name is refused even where this runtime's JavaScript takes it (workerd does).
        if (typeof regex === 'string') return regex === 'group name "n" is used twice';
        // Every other generated pattern is one RE2 can run, with RegExp's answers.
        return subjects.every((s) => regex.test(s) === js.test(s));
      }),
      { numRuns: 2_000 },
    );
  });

  it('. \\s and \\S follow JavaScript, not RE2 (which would let "." match \\r and \\u2028, "\\s" miss \\u00a0)', () => {
    expect(compiled('a.c')('a\u2028c')).toBe(false);
    expect(compiled('a.c')('a\rc')).toBe(false);
    expect(compiled('^\\s$')('\u00a0')).toBe(true);
    expect(compiled('^\\s$')('\ufeff')).toBe(true);
    expect(compiled('^\\S$')('\u00a0')).toBe(false);
    expect(compiled('^[\\S]$')('\u3000')).toBe(false);
  });
});

describe('known differences, documented in docs/conditions.md', () => {
  it('RE2 reads characters outside the BMP as one character, JavaScript (without u) as two', () => {
    expect(compiled('^.$')('\u{1F600}')).toBe(true);
    expect(/^.$/.test('\u{1F600}')).toBe(false);
    // Searches that do not count characters agree.
    expect(compiled('\uD83D\uDE00')('smile \u{1F600}')).toBe(true);
  });
});

describe('refused with a reason: syntax RE2 lacks, and patterns too big', () => {
  const LINEAR = '(regexes run on a linear-time engine)';

  it.each([
    ['foo(?=bar)', `lookahead "(?=" is not supported ${LINEAR}`],
    ['foo(?!bar)', `lookahead "(?!" is not supported ${LINEAR}`],
    ['(?<=a)b', `lookbehind "(?<=" is not supported ${LINEAR}`],
    ['(?<!a)b', `lookbehind "(?<!" is not supported ${LINEAR}`],
    ['(a)\\1', `backreference "\\1" is not supported ${LINEAR}`],
    ['(?<q>a)\\k<q>', `backreference "\\k" is not supported ${LINEAR}`],
    ['a{1001}', 'repetition count 1001 is above 1000'],
    ['\\p{L}', '"\\p" is not supported (Unicode property classes need the u flag, which $regex does not use)'],
    ['\\e', 'unknown escape "\\e" (JavaScript reads it as the letter "e"; write the letter without "\\")'],
    ['\\012', 'octal escape "\\012" is not supported (write \\x.. instead)'],
    ['/???***[)', 'not a valid regular expression'],
    ['(', 'not a valid regular expression'],
    ['a'.repeat(MAX_REGEX_PATTERN_LENGTH + 1), `longer than ${MAX_REGEX_PATTERN_LENGTH} characters`],
  ])('%s', (pattern, reason) => {
    expect(checkRegexPattern(pattern)).toBe(reason);
    expect(evalCondition({ s: 'aab' }, { s: { $regex: pattern } })).toBe(false);
    expect(evalCondition({ s: 'aab' }, { s: { $notRegex: pattern } })).toBe(false);
  });

  it('refuses a pattern whose counted repetitions expand past MAX_REGEX_PROGRAM_SIZE instructions, and what RE2 itself refuses', () => {
    expect(checkRegexPattern('\\d{1,400}x\\d{1,400}y\\d{1,400}')).toMatch(
      /^too large once its repetitions are expanded \(\d+ instructions, at most 1000\): use smaller \{n,m\} counts$/,
    );
    expect(checkRegexPattern('\\d{1,300}')).toBeNull();
    expect(MAX_REGEX_PROGRAM_SIZE).toBe(1_000);
    // RE2 also limits nested counts; only the engine knows, so the message is its own.
    expect(checkRegexPattern('(a{100}){100}')).toMatch(/^not supported by the linear-time regex engine \(invalid repeat count/);
  });

  it('refuses what only newer JavaScript engines accept (modifiers, a repeated group name), in every runtime', () => {
    // Node 20's RegExp rejects both outright; workerd's and current browsers' accept them, and the
    // translation refuses them there: refused either way, so every runtime agrees.
    expect(checkRegexPattern('(?<n>a)|(?<n>b)')).toMatch(/^(group name "n" is used twice|not a valid regular expression)$/);
    expect(checkRegexPattern('(?i:a)b')).toMatch(/^(group "\(\?i" is not supported|not a valid regular expression)$/);
  });

  it('the longest pattern accepted still runs', () => {
    const longest = 'a'.repeat(MAX_REGEX_PATTERN_LENGTH);
    expect(evalCondition({ s: longest }, { s: { $regex: longest } })).toBe(true);
  });
});

describe('the engine seam', () => {
  it('until the engine is installed, a regex matches neither way; then it does', async () => {
    vi.resetModules();
    const fresh = await import('./condition.ts');
    const freshRegex = await import('./regex.ts');
    expect(freshRegex.hasRe2()).toBe(false);
    expect(fresh.evalCondition({ s: 'abc' }, { s: { $regex: 'b' } })).toBe(false);
    expect(fresh.evalCondition({ s: 'abc' }, { s: { $notRegex: 'x' } })).toBe(false);
    // Without the engine the config check still reports syntax RE2 lacks.
    expect(freshRegex.checkRegexPattern('(?<=a)b')).toMatch(/^lookbehind/);
    freshRegex.useRe2(RE2JS);
    expect(fresh.evalCondition({ s: 'abc' }, { s: { $regex: 'b' } })).toBe(true);
    expect(fresh.evalCondition({ s: 'abc' }, { s: { $notRegex: 'x' } })).toBe(true);
  });

  it('usesRegex finds any of the four operators at any depth, and nothing else', () => {
    expect(usesRegex([{ condition: { a: 1, $or: [{ b: { $in: ['$regex'] } }] } }])).toBe(false);
    for (const op of ['$regex', '$regexi', '$notRegex', '$notRegexi']) {
      expect(usesRegex([{ condition: { $and: [{ $not: { 'page.path': { [op]: 'x' } } }] } }])).toBe(true);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(usesRegex(cyclic)).toBe(false);
  });

  it('keeps working after more distinct patterns than the cache holds', () => {
    for (let i = 0; i < REGEX_CACHE_SIZE * 3; i += 1) {
      expect(evalCondition({ s: `p${i}` }, { s: { $regex: `^p${i}$` } })).toBe(true);
    }
    expect(evalCondition({ s: 'p0' }, { s: { $regex: '^p0$' } })).toBe(true);
  });
});
