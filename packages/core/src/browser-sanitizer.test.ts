import { describe, expect, it } from 'vitest';
import { BROWSER_SANITIZER_OPTIONS, allowedSrcset, allowedUrl, attributeAllowed } from './browser-sanitizer.ts';
import { policyViolations } from './policy-check.ts';
import { ALLOWED_TAGS, ELEMENT_ATTRIBUTES, GLOBAL_ATTRIBUTES, URL_SCHEMES } from './sanitize-policy.ts';

describe('the browser sanitizer settings come from the one allow-list', () => {
  it('allows exactly the allow-list tags and every attribute some element may carry', () => {
    expect(BROWSER_SANITIZER_OPTIONS.ALLOWED_TAGS).toEqual([...ALLOWED_TAGS]);
    const attrs = new Set([...GLOBAL_ATTRIBUTES, ...Object.values(ELEMENT_ATTRIBUTES).flat()]);
    expect(new Set(BROWSER_SANITIZER_OPTIONS.ALLOWED_ATTR)).toEqual(attrs);
    // DOMPurify's template mode would eat the profile tokens.
    expect(BROWSER_SANITIZER_OPTIONS.SAFE_FOR_TEMPLATES).toBe(false);
  });

  it('narrows attributes per element as the server does', () => {
    expect(attributeAllowed('a', 'href')).toBe(true);
    expect(attributeAllowed('img', 'href')).toBe(false);
    expect(attributeAllowed('p', 'src')).toBe(false);
    expect(attributeAllowed('span', 'class')).toBe(true);
    expect(attributeAllowed('a', 'onclick')).toBe(false);
    expect(attributeAllowed('img', 'style')).toBe(false);
  });

  it('allows relative URLs and the allow-list schemes only', () => {
    for (const ok of ['/shoes', 'shoes', '#top', '?q=1', 'https://x.test/', 'HTTP://x.test', 'mailto:a@b.c', 'tel:+1', '/c/{{profile.topCategory}}'])
      expect(allowedUrl(ok), ok).toBe(true);
    for (const bad of [
      'javascript:alert(1)',
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      '\u0001javascript:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      'ftp://x.test',
      '//evil.test/',
      '\\\\evil.test',
      '/\\evil.test',
      '{{utm.source}}',
      ' {{utm.source}}/x',
    ]) {
      expect(allowedUrl(bad), bad).toBe(false);
    }
    expect(URL_SCHEMES).not.toContain('javascript');
  });

  it('keeps only the allowed candidates of a srcset', () => {
    expect(allowedSrcset('/a.png 1x, javascript:alert(1) 2x')).toBe('/a.png 1x');
    expect(allowedSrcset('data:image/png,x 1x')).toBeNull();
    expect(allowedSrcset('/a,b.png 1x,/c.png 2x')).toBe('/a,b.png 1x, /c.png 2x');
  });

  it('reports what the allow-list refuses in parsed HTML', () => {
    expect(
      policyViolations([
        { tag: 'p', attrs: [['class', 'x']] },
        { tag: 'a', attrs: [['href', '/x']] },
      ]),
    ).toEqual([]);
    expect(
      policyViolations([
        { tag: 'script', attrs: [] },
        {
          tag: 'img',
          attrs: [
            ['onerror', 'x'],
            ['src', 'javascript:x'],
          ],
        },
      ]),
    ).toEqual(['<script>', 'onerror on <img>', 'src="javascript:x" on <img>']);
  });
});
