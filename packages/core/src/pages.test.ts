import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePages } from './pages.ts';

describe('page patterns', () => {
  it.each([
    [['/'], '/', true],
    [['/'], '/shoes', false],
    [['/shoes/*'], '/shoes', true],
    [['/shoes/*'], '/shoes/', true],
    [['/shoes/*'], '/shoes/a/b', true],
    [['/shoes/*'], '/shoesx', false],
    [['*'], '/anything/at/all', true],
    [['/p/*-boot'], '/p/alpine-boot', true],
    [['/p/*-boot'], '/p/alpine-shoe', false],
    [['/a.b'], '/a.b', true],
    [['/a.b'], '/axb', false],
    [['/(x)'], '/(x)', true],
    [undefined, '/whatever', true],
    [[], '/whatever', true],
  ])('%j matches %s: %s', (patterns, path, expected) => {
    expect(compilePages(patterns as string[] | undefined)(path)).toBe(expected);
  });

  /** The RegExp translation page patterns used before issue 16: the meaning to keep. */
  function asRegExp(pattern: string): RegExp {
    if (pattern === '*') return /^/;
    const section = pattern.endsWith('/*');
    const stem = section ? pattern.slice(0, -2) : pattern;
    const body = stem.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
    return new RegExp(`^${body}${section ? '(?:/.*)?' : ''}$`);
  }

  it('matches exactly what the RegExp translation matched (property-based)', () => {
    const text = (chars: string[], max: number) => fc.array(fc.constantFrom(...chars), { maxLength: max }).map((c) => c.join(''));
    const pattern = fc.oneof(
      fc.constant('*'),
      text(['/', 'a', 'b', '*', '.', '-'], 10).map((p) => `/${p}`),
    );
    const path = text(['/', 'a', 'b', '.', '-', '*'], 14).map((p) => `/${p}`);
    fc.assert(
      fc.property(pattern, path, (p, s) => compilePages([p])(s) === asRegExp(p).test(s)),
      { numRuns: 5_000 },
    );
  });

  it('a pattern with many stars against a 10 KB path finishes (a RegExp took polynomial time)', () => {
    const stars = `/${'*a'.repeat(12)}*b`;
    expect(compilePages([stars])(`/${'a'.repeat(10_240)}`)).toBe(false);
    expect(compilePages([stars])(`/${'a'.repeat(10_240)}b`)).toBe(true);
  });
});
