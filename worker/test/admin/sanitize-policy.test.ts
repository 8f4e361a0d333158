/**
 * The server's sanitizer (sanitize-html, configured from core's allow-list) on published XSS
 * payloads and on inputs exercising every rule of the allow-list: nothing it returns is outside
 * the policy. e2e/tests/xss.spec.ts runs the same lists through DOMPurify in Chromium and checks
 * that both keep the same tags and attributes.
 */
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { type ParsedElement, policyViolations } from '../../../packages/core/src/policy-check.ts';
import cases from '../../../packages/core/test-vectors/sanitizer-policy-cases.json';
import xss from '../../../packages/core/test-vectors/xss-payloads.json';
import { sanitizeContentHtml } from '../../src/admin/sanitize.ts';

/** The elements of HTML as an HTML parser sees them. */
function elementsOf(html: string): ParsedElement[] {
  const out: ParsedElement[] = [];
  const parser = new Parser(
    { onopentag: (tag, attrs) => out.push({ tag, attrs: Object.entries(attrs) }) },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return out;
}

describe('the server sanitizer keeps nothing outside the allow-list', () => {
  it(`on ${xss.payloads.length} published XSS payloads`, () => {
    expect(xss.payloads.length).toBeGreaterThanOrEqual(50);
    for (const { payload } of xss.payloads) {
      const { html } = sanitizeContentHtml(payload);
      expect(policyViolations(elementsOf(html)), payload).toEqual([]);
    }
  });

  it(`on ${cases.inputs.length} inputs exercising every rule of the policy`, () => {
    for (const input of cases.inputs) {
      const { html } = sanitizeContentHtml(input);
      expect(policyViolations(elementsOf(html)), input).toEqual([]);
    }
  });

  it('keeps what the policy allows', () => {
    const { html } = sanitizeContentHtml('<h2 class="t">Hi {{profile.topCategory | friend}}</h2><a href="/shoes" target="_blank">go</a><img src="/img/hero.svg" alt="a">');
    expect(html).toBe('<h2 class="t">Hi {{profile.topCategory | friend}}</h2><a href="/shoes" target="_blank" rel="noopener noreferrer">go</a><img src="/img/hero.svg" alt="a" />');
  });
});

describe('recommendation templates through the server sanitizer', () => {
  const CARD = '<ul>{{#items}}<li><a href="{{item.url}}"><img src="{{item.image}}" alt="{{item.title}}"></a>{{item.price | currency}}</li>{{/items}}</ul>';

  it('keep the item block and let item.url / item.image start a URL (the catalog supplies them)', () => {
    const { html, problems } = sanitizeContentHtml(CARD, true);
    expect(problems).toEqual([]);
    expect(html).toBe('<ul>{{#items}}<li><a href="{{item.url}}"><img src="{{item.image}}" alt="{{item.title}}" /></a>{{item.price | currency}}</li>{{/items}}</ul>');
  });

  it('still refuse a visitor-controlled token at the start of a URL, and item tokens outside a recommendation', () => {
    expect(sanitizeContentHtml('<ul>{{#items}}<li><a href="{{utm.source}}">x</a></li>{{/items}}</ul>', true).html).toBe('<ul>{{#items}}<li><a>x</a></li>{{/items}}</ul>');
    expect(sanitizeContentHtml('<a href="{{item.url}}">x</a>').html).toBe('<a>x</a>');
    expect(sanitizeContentHtml('<img srcset="{{item.image}} 2x">', true).html).toBe('<img />');
  });
});
