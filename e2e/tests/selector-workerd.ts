/**
 * workerd's HTMLRewriter, from Node: a tiny Worker run by Miniflare (the real workerd binary the
 * Worker's tests and `wrangler dev` use) that marks each start tag of a page with its index
 * (`data-sw-i`), and says which marked elements each selector matches — skipping what is inside
 * <template>, as the page rewriter does (worker/src/page/element-slots.ts).
 */
import { Miniflare } from 'miniflare';

const SCRIPT = `
export default {
  async fetch(request) {
    const { html, selectors } = await request.json();
    const page = () => new Response(html, { headers: { 'content-type': 'text/html; charset=utf-8' } });
    if (!selectors) {
      let i = 0;
      const marked = new HTMLRewriter().on('*', { element(el) { el.setAttribute('data-sw-i', String(i++)); } });
      return new Response(await marked.transform(page()).text());
    }
    let inTemplate = 0;
    const rewriter = new HTMLRewriter().on('template', { element(el) { inTemplate += 1; el.onEndTag(() => { inTemplate -= 1; }); } });
    const found = selectors.map(() => []);
    const errors = selectors.map(() => null);
    selectors.forEach((selector, i) => {
      try {
        rewriter.on(selector, { element(el) { if (inTemplate <= (el.tagName === 'template' ? 1 : 0)) found[i].push(el.getAttribute('data-sw-i') ?? '-'); } });
      } catch (error) {
        errors[i] = String(error);
      }
    });
    await rewriter.transform(page()).text();
    return Response.json({ found, errors });
  },
};`;

export interface RewriterRuntime {
  /** The page with every start tag marked `data-sw-i="<index>"`, as HTMLRewriter tokenizes it. */
  mark(html: string): Promise<string>;
  /** Per selector, the marks of the elements it matches (in document order), or why workerd refused it. */
  select(html: string, selectors: string[]): Promise<{ found: string[][]; errors: (string | null)[] }>;
  dispose(): Promise<void>;
}

export async function startRewriterRuntime(): Promise<RewriterRuntime> {
  const mf = new Miniflare({ modules: true, script: SCRIPT, compatibilityDate: '2026-04-20' });
  const post = (body: unknown) => mf.dispatchFetch('http://rewriter.test/', { method: 'POST', body: JSON.stringify(body) });
  return {
    mark: async (html) => (await post({ html })).text(),
    select: async (html, selectors) => (await (await post({ html, selectors })).json()) as { found: string[][]; errors: (string | null)[] },
    dispose: () => mf.dispose(),
  };
}
