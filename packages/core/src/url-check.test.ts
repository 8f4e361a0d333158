import { describe, expect, it } from 'vitest';
import { decodeEntities, urlAllowed, urlPrefixSettled } from './url-check.ts';

describe('URL checks', () => {
  it('refuses every spelling of a script scheme and protocol-relative URLs', () => {
    for (const url of [
      'javascript:x',
      ' JAVASCRIPT:x',
      'java\tscript:x',
      'java\nscript:x',
      '\u0001javascript:x',
      '\u00a0javascript:x',
      'vbscript:x',
      'data:text/html,x',
      '//evil.example',
      '/\\evil.example',
      '\\\\evil.example',
      ' //evil.example',
    ]) {
      expect(urlAllowed(url), JSON.stringify(url)).toBe(false);
    }
  });

  it('allows relative URLs and the allowed schemes', () => {
    for (const url of ['/shoes', 'shoes/red', '?q=1', '#top', '', 'https://shop.example/', 'HTTP://x', 'mailto:a@b.example', 'tel:+491', './a:b']) {
      expect(urlAllowed(url), url).toBe(true);
    }
  });

  it('decodes character references the way a browser reads an attribute, semicolons optional', () => {
    expect(decodeEntities('&#106;ava&#x73;cript&colon;x')).toBe('javascript:x');
    expect(decodeEntities('&#0000106&#x61&Tab;&NewLine;&amp;&unknown;&#0;')).toBe('ja\t\n&&unknown;\ufffd');
  });

  it("tells whether a URL's start leaves a token nothing to choose", () => {
    for (const prefix of ['https://shop.example/', '/search?q=', 'shoes/', '?q=', '#']) expect(urlPrefixSettled(prefix), prefix).toBe(true);
    for (const prefix of ['', 'java', '&#1;', ' ', '/', 'https']) expect(urlPrefixSettled(prefix), prefix).toBe(false);
  });
});
