/**
 * The rules of a recommendation variant a schema cannot express: the two go together (a
 * `recommend` spec only on `kind: 'recommendations'` and back), the template has its item block,
 * and the manual strategy has its list. Each problem names its field, for config.ts's errors.
 */
import type { Content } from '../schema.ts';
import { recommendTemplateProblems } from './template.ts';

export function recommendationProblems(content: Content): [field: string[], problem: string][] {
  const { kind, recommend } = content;
  if (kind !== 'recommendations') return recommend ? [[['recommend'], 'only a "recommendations" variant takes a recommend spec']] : [];
  if (!recommend) return [[['recommend'], 'is required for a "recommendations" variant (strategy, count …)']];
  const problems: [string[], string][] = recommendTemplateProblems(content.body).map((problem) => [['body'], problem]);
  const manual = recommend.strategy === 'manual' || recommend.fallback === 'manual';
  if (manual && !recommend.items?.length) problems.push([['recommend', 'items'], 'the manual strategy needs the items to show']);
  const { minPrice, maxPrice } = recommend.filters ?? {};
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) problems.push([['recommend', 'filters', 'maxPrice'], 'must not be below minPrice']);
  return problems;
}
