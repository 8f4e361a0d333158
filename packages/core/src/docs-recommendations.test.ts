/**
 * The examples in docs/recommendations.md, checked against the engine so the page cannot drift:
 * the ```jsonl block is the catalog (every line valid); a ```json block with `popularity` gives
 * the counts; each `{ recommend, visitor, shows }` block must pick exactly `shows`; each
 * `{ body, items, html }` block must render exactly `html`; the variant block must be a valid
 * recommendation. Runs in Node and workerd (the Markdown imported as text).
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- Vite's `?raw` import (the file as a string); core's tsconfig has no Vite types.
import doc from '../../../docs/recommendations.md?raw';
import { renderSlot } from './content.ts';
import { recommend } from './recommend/engine.ts';
import { parseCatalog } from './recommend/parse-catalog.ts';
import { recommendationProblems } from './recommend/check.ts';
import type { Recommend } from './recommend/schema.ts';
import { type CoPurchases, type Popularity, indexCatalog } from './recommend/view.ts';
import type { RecommendVisitor } from './recommend/visitor.ts';
import type { Content } from './schema.ts';
import { parseSiteConfig } from './config.ts';
import { testConfig } from './testing.ts';

const NOW = Date.parse('2026-12-06T12:00:00Z');

function blocks(lang: string): { line: number; text: string }[] {
  const lines = (doc as string).split('\n');
  const found: { line: number; text: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== `\`\`\`${lang}`) continue;
    const start = i + 1;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
    found.push({ line: start, text: body.join('\n') });
  }
  return found;
}

const catalogBlock = blocks('jsonl');
const json = blocks('json').map((b) => ({ line: b.line, value: JSON.parse(b.text) as Record<string, unknown> }));
const counts = json.find((b) => 'popularity' in b.value)?.value as { popularity: Popularity; together: CoPurchases } | undefined;
const catalog = parseCatalog(catalogBlock[0]?.text ?? '');
const view = indexCatalog(catalog.items, counts?.popularity, counts?.together);

describe('docs/recommendations.md', () => {
  it('has one catalog, every line of it valid, and the counts', () => {
    expect(catalogBlock).toHaveLength(1);
    expect(catalog.rejected).toEqual([]);
    expect(catalog.items.length).toBeGreaterThanOrEqual(6);
    expect(counts).toBeDefined();
  });

  const strategyExamples = json.filter((b) => 'shows' in b.value);
  it('has an example for every strategy', () => {
    const used = new Set(strategyExamples.flatMap((b) => [(b.value.recommend as Recommend).strategy, (b.value.recommend as Recommend).fallback]));
    for (const s of ['recently_viewed', 'favourite_categories', 'trending', 'bought_together', 'new_arrivals', 'back_in_stock', 'price_dropped', 'manual'])
      expect(used.has(s as never), s).toBe(true);
  });

  for (const { line, value } of strategyExamples) {
    it(`line ${line}: ${(value.recommend as Recommend).strategy} shows what the page says`, () => {
      const v = value.visitor as Partial<RecommendVisitor>;
      const visitor: RecommendVisitor = { viewed: v.viewed ?? [], carted: v.carted ?? [], purchased: v.purchased ?? [], interests: v.interests ?? {}, current: v.current };
      expect(recommend(value.recommend as Recommend, view, visitor, NOW).items.map((i) => i.id)).toEqual(value.shows);
    });
  }

  for (const { line, value } of json.filter((b) => 'html' in b.value)) {
    it(`line ${line}: the template renders as the page says`, () => {
      const content: Content = { kind: 'recommendations', body: value.body as string, recommend: { strategy: 'manual', count: 24 } };
      const items = (value.items as string[]).map((id) => view.item(id)!);
      expect(renderSlot(content, {}, { strategy: 'manual', items, category: '' }).html).toBe(value.html);
    });
  }

  it('shows a variant that a config accepts', () => {
    const variant = json.find((b) => b.value.kind === 'recommendations')?.value as Content;
    expect(recommendationProblems(variant)).toEqual([]);
    const result = parseSiteConfig(
      testConfig({ campaigns: [{ id: 'reco', name: 'Picks', status: 'live', priority: 1, slots: ['hero'], variants: [{ id: 'v', name: 'V', content: { hero: variant } }] }] }),
    );
    expect(result.ok ? [] : result.errors).toEqual([]);
  });
});
