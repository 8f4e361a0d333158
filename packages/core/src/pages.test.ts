import { describe, expect, it } from 'vitest';
import { compilePages } from './pages.ts';

describe('page patterns', () => {
  it.each([
    [['/'], '/', true], [['/'], '/shoes', false],
    [['/shoes/*'], '/shoes', true], [['/shoes/*'], '/shoes/', true], [['/shoes/*'], '/shoes/a/b', true], [['/shoes/*'], '/shoesx', false],
    [['*'], '/anything/at/all', true],
    [['/p/*-boot'], '/p/alpine-boot', true], [['/p/*-boot'], '/p/alpine-shoe', false],
    [['/a.b'], '/a.b', true], [['/a.b'], '/axb', false], [['/(x)'], '/(x)', true],
    [undefined, '/whatever', true], [[], '/whatever', true],
  ])('%j matches %s: %s', (patterns, path, expected) => {
    expect(compilePages(patterns as string[] | undefined)(path)).toBe(expected);
  });
});
