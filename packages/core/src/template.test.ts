import { describe, expect, it } from 'vitest';
import { renderSlot } from './content.ts';
import { htmlLayout } from './html-layout.ts';
import { compileTemplate, tokenPlaces, tokensOf } from './template.ts';

const render = (body: string, attributes: Record<string, unknown> = {}) => renderSlot({ kind: 'html', body }, attributes).html;
const slotAttrs = (attrs: Record<string, string>, attributes: Record<string, unknown> = {}) =>
  renderSlot({ kind: 'html', body: '', attrs: attrs as { href?: string } }, attributes).attrs;
const query = (u: string) => ({ page: { query: { u } } });

describe('tokens stand only in text and attribute values', () => {
  it('keeps a token whose fallback would close its attribute as literal text, so an event handler stays inside the title (issue 16 repro)', () => {
    const body = '<img title="{{q.q|">}}<b title=" onerror=alert(document.domain) src=x x=">y</b>';
    for (const attributes of [{}, { q: { q: 'x' } }, { q: { q: '"><script>alert(1)</script>' } }]) {
      expect(render(body, attributes)).toBe(body);
    }
  });

  it('fills a token inside a quoted attribute value, escaped', () => {
    expect(render('<a title="Hi {{q.q | you}}!" href="/s?q={{q.q}}">go</a>', { q: { q: '"><script>x</script>' } })).toBe(
      '<a title="Hi &quot;&gt;&lt;script&gt;x&lt;/script&gt;!" href="/s?q=&quot;&gt;&lt;script&gt;x&lt;/script&gt;">go</a>',
    );
    expect(render("<span title='{{q.q}}'>x</span>", { q: { q: "' onmouseover='x" } })).toBe("<span title='&#39; onmouseover=&#39;x'>x</span>");
  });

  it('never fills a token in a tag or attribute name, an unquoted value, an event handler, a style, a comment or raw text', () => {
    const bodies = [
      '<p{{q.q}}>x</p>',
      '<p {{q.q}}="1">x</p>',
      '<p title={{q.q}}>x</p>',
      '<p onclick="{{q.q}}">x</p>',
      '<p style="color:{{q.q}}">x</p>',
      '<!-- {{q.q}} --><p>x</p>',
      '<script>var a = "{{q.q}}"</script>',
      '<style>p{color:{{q.q}}}</style>',
      '<textarea>{{q.q}}</textarea>',
      '<title>{{q.q}}</title>',
      '<p title="{{q.q}}',
      '<p>{{q.q|</p><b>}}</b>',
      '<p>a <{{q.q}} b</p>', // a "<" that is text would start a tag with the value's letters
    ];
    for (const body of bodies) expect(render(body, { q: { q: 'img src=x onerror=alert(1)' } }), body).toBe(body);
  });

  it('finds text and attribute values the way a browser does', () => {
    const body = '<a href="/x" title=\'{{a}}\' data-x=y>{{b}}</a>a < b {{c}}<!-- {{d}} -->';
    const places = tokenPlaces(htmlLayout(body), tokensOf(body)).map((p) => p.in);
    expect(places).toEqual(['attribute', 'text', 'text', 'nowhere']);
    expect(compileTemplate('<p>plain</p>').parts).toEqual(['<p>plain</p>']);
  });
});

describe('URL attributes are checked after their tokens are filled', () => {
  it('drops an href that a token turns into javascript: (issue 16 repro)', () => {
    for (const q of ['', 'x', 'JAVA']) expect(render('<a href="java{{q.q}}script:alert(1)">go</a>', { q: { q } })).toBe('<a >go</a>');
  });

  it('drops an href whose scheme the visitor chooses through the query string, behind a control character (issue 16 repro)', () => {
    const body = '<a href="&#1;{{page.query.u}}">go</a>';
    for (const u of ['javascript:alert(document.domain)', 'JaVaScRiPt:alert(1)', ' javascript:x', 'java\tscript:x', 'data:text/html,x', '//evil.example/x', '/\\evil.example']) {
      expect(render(body, query(u)), u).toBe('<a >go</a>');
    }
    expect(render(body, query('https://shop.example/x'))).toBe('<a href="&#1;https://shop.example/x">go</a>');
  });

  it('keeps relative and allowed URLs with tokens, refuses protocol-relative ones', () => {
    expect(render('<a href="/search?q={{page.query.u}}">s</a>', query('red shoes&x="1"'))).toBe('<a href="/search?q=red shoes&amp;x=&quot;1&quot;">s</a>');
    expect(render('<a href="{{page.query.u}}">s</a>', query('shoes/red'))).toBe('<a href="shoes/red">s</a>');
    expect(render('<a href="{{page.query.u}}">s</a>', query('mailto:a@b.example'))).toBe('<a href="mailto:a@b.example">s</a>');
    expect(render('<a href="/{{page.query.u}}">s</a>', query('/evil.example'))).toBe('<a >s</a>');
  });

  it('checks every srcset candidate', () => {
    const body = '<img srcset="/a.jpg 1x, {{page.query.u}} 2x" alt="">';
    expect(render(body, query('/b.jpg'))).toBe('<img srcset="/a.jpg 1x, /b.jpg 2x" alt="">');
    expect(render(body, query('javascript:alert(1)'))).toBe('<img  alt="">');
    expect(render(body, query('/b.jpg 3x, data:text/html,x'))).toBe('<img  alt="">');
  });

  it('drops a stored URL attribute that would run script even without tokens', () => {
    for (const href of ['jav&#x09;ascript:alert(1)', '&#106;avascript:alert(1)', 'javascript&colon;alert(1)', ' &#14;  javascript:alert(1)', 'JAVASCRIPT:x']) {
      expect(render(`<a href="${href}" title="t">go</a>`), href).toBe('<a  title="t">go</a>');
    }
    expect(render('<img src=javascript:alert(1) alt=x>')).toBe('<img  alt=x>');
    // Inside <svg>, a <textarea> is not raw text and an <img> breaks out into HTML.
    expect(render('<svg><textarea><IMG SRC=javascript:alert(1)>')).toBe('<svg><textarea><IMG >');
    expect(render('<script><a href="x <b src=javascript:y"></script>')).toBe('<script><a href="x <b ></script>');
  });

  it("checks the slot element's href and src after filling, as text", () => {
    expect(slotAttrs({ href: 'java{{q.q}}script:alert(1)' })).toEqual([]);
    expect(slotAttrs({ href: '&#1;{{page.query.u}}' }, query('javascript:alert(1)'))).toEqual([]);
    expect(slotAttrs({ href: '{{page.query.u}}' }, query('\tjavascript:alert(1)'))).toEqual([]);
    expect(slotAttrs({ src: '/{{page.query.u}}' }, query('/evil.example/x.png'))).toEqual([]);
    expect(slotAttrs({ href: 'https://shop.example/{{page.query.u}}', title: '{{page.query.u}}' }, query('"x"'))).toEqual([
      ['href', 'https://shop.example/"x"'],
      ['title', '"x"'],
    ]);
  });
});
