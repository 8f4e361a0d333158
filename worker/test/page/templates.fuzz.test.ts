/**
 * Property test of core's template rendering against a parser this project did not write
 * (htmlparser2): for random bodies built from markup fragments, tokens and script-URL spellings,
 * filling the tokens with hostile values never changes the markup — the same elements with the
 * same attributes as with a harmless value — and no URL attribute keeps another scheme or host.
 * Through the Worker's sanitizer first, what is saved renders only allowed elements and no
 * event handler, whatever the tokens are filled with.
 */
import { renderSlot } from '@slotwise/core/decide';
import { ALLOWED_TAGS, URL_ATTRIBUTES, URL_SCHEMES } from '@slotwise/core/sanitize';
import fc from 'fast-check';
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { sanitizeContentHtml } from '../../src/admin/sanitize.ts';

// No <noscript>: browsers (scripting on) read its content as raw text, as core does; htmlparser2 reads markup.
const FRAGMENTS = [
  '<a ',
  '<img ',
  '<p>',
  '</p>',
  '<b title="',
  '<span ',
  '>',
  '"',
  "'",
  '=',
  ' ',
  '/',
  'href=',
  'src=',
  'title=',
  'srcset=',
  'onerror=',
  'class=',
  'alt=',
  '<!--',
  '-->',
  '<script>',
  '</script>',
  '<style>',
  '</style>',
  '<textarea>',
  '</textarea>',
  'javascript:',
  'java',
  'script:',
  '&#1;',
  '&#x09;',
  '&colon;',
  '//',
  'https://x.test/',
  'text',
  '<',
  '&amp;',
  ',',
  ' 2x',
  '</',
  '<!',
  '<?',
  '<![CDATA[',
  ']]>',
  '<svg>',
  '<math>',
  '<title>',
  '</title>',
  '\t',
  '\n',
  '\u0000',
  '&',
  '#',
  '<A HREF=',
  '<IMG SRC=',
];
const TOKENS = ['{{q.v}}', '{{q.v | plain}}', '{{q.v|">}}', "{{q.v|'>}}", '{{q.v | <b>}}', '{{q.missing | javascript:alert(1)}}', '{{q.missing}}'];
const HOSTILE = [
  '" onerror=alert(1) x="',
  "' onmouseover='alert(1)",
  '><script>alert(1)</script>',
  'javascript:alert(1)',
  ' //evil.test/x',
  '\tjava\tscript:alert(1)',
  '&#1;javascript:x',
  '/evil.test',
  'a b=c d',
];

const body = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...FRAGMENTS) }, { weight: 1, arbitrary: fc.constantFrom(...TOKENS) }), { maxLength: 24 })
  .map((parts) => parts.join(''));

interface Parsed {
  /** Each element with its attribute names, URL attributes left out (a hostile value may drop them). */
  shape: string[];
  urls: string[];
}

function parse(html: string): Parsed {
  const shape: string[] = [];
  const urls: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        shape.push(
          `<${name} ${Object.keys(attribs)
            .filter((a) => !URL_ATTRIBUTES.includes(a))
            .sort()
            .join(' ')}>`,
        );
        for (const [attr, value] of Object.entries(attribs)) {
          if (!URL_ATTRIBUTES.includes(attr)) continue;
          urls.push(...(attr === 'srcset' ? value.split(/[\s,]+/).filter((u) => u !== '' && !/^\d+(\.\d+)?[wx]$/.test(u)) : [value]));
        }
      },
      onclosetag(name) {
        shape.push(`</${name}>`);
      },
      oncomment() {
        shape.push('<!---->');
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  return { shape, urls };
}

function leadsElsewhere(url: string): boolean {
  let resolved: URL;
  try {
    resolved = new URL(url, 'https://shop.test/page');
  } catch {
    return false;
  }
  if (!URL_SCHEMES.includes(resolved.protocol.slice(0, -1))) return true;
  return !/^[\s\u0000-\u001f]*[a-z][a-z0-9+.-]*:/i.test(url) && resolved.host !== 'shop.test';
}

describe('template rendering under random bodies and hostile values', () => {
  it('filling tokens never changes the markup htmlparser2 sees, and leaves no URL with another scheme or host', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...HOSTILE), (template, hostile) => {
        const harmless = parse(renderSlot({ kind: 'html', body: template }, { q: { v: 'zz' } }).html);
        const filled = parse(renderSlot({ kind: 'html', body: template }, { q: { v: hostile } }).html);
        expect(filled.shape).toEqual(harmless.shape);
        expect(filled.urls.filter(leadsElsewhere)).toEqual([]);
      }),
      { numRuns: 1000, seed: 16 },
    );
  }, 60_000);

  it('what the sanitizer saves renders only allowed elements, no handlers and no foreign URLs, whatever the values', () => {
    fc.assert(
      fc.property(body, fc.constantFrom(...HOSTILE), (template, hostile) => {
        const saved = sanitizeContentHtml(template);
        if (saved.problems.length > 0) return;
        const harmless = parse(renderSlot({ kind: 'html', body: saved.html }, { q: { v: 'zz' } }).html);
        const filled = parse(renderSlot({ kind: 'html', body: saved.html }, { q: { v: hostile } }).html);
        expect(filled.shape).toEqual(harmless.shape);
        expect(filled.shape.filter((s) => !s.startsWith('</') && !ALLOWED_TAGS.includes(s.slice(1).split(' ')[0]!.replace('>', '')))).toEqual([]);
        expect(filled.shape.filter((s) => / on|style/.test(s))).toEqual([]);
        expect(filled.urls.filter(leadsElsewhere)).toEqual([]);
      }),
      { numRuns: 1000, seed: 16 },
    );
  }, 60_000);
});
