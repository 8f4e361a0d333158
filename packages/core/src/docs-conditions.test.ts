/**
 * The examples in docs/conditions.md and docs/config.md, checked against the code, so the docs
 * cannot drift from what the engine does:
 * - every ```json block in conditions.md is `{ condition, attributes, matches, savedGroups? }`:
 *   the condition passes the config check, reads only attributes that exist, and
 *   `evalCondition(attributes, condition, savedGroups)` gives `matches`;
 * - every ```json block in config.md whose top level has `"schema": 1` is accepted by
 *   `parseSiteConfig`.
 * Runs in Node and in workerd, so the Markdown is imported as text (Vite's `?raw`), not read
 * from disk.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- Vite's `?raw` import (the file as a string); core's tsconfig has no Vite types.
import conditionsDoc from '../../../docs/conditions.md?raw';
// @ts-expect-error -- as above.
import configDoc from '../../../docs/config.md?raw';
import { buildAttributes } from './attributes.ts';
import { checkCondition } from './condition-check.ts';
import { type Condition, type SavedGroups, evalCondition } from './condition.ts';
import { parseSiteConfig } from './config.ts';
import type { RequestContext } from './context.ts';
import { emptyProfile } from './profile.ts';
import { RE2JS } from './re2.ts';
import { useRe2 } from './regex.ts';

// $regex runs on the linear-time engine, installed as every runtime installs it.
useRe2(RE2JS);

interface Block {
  line: number;
  json: unknown;
}

/** The ```json blocks of a Markdown text, with the line each one opens on. */
function jsonBlocks(markdown: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```json\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    const body: string[] = [];
    while (++i < lines.length && !lines[i]!.startsWith('```')) body.push(lines[i]!);
    blocks.push({ line: start, json: JSON.parse(body.join('\n')) as unknown });
  }
  return blocks;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

interface Example {
  line: number;
  condition: Condition;
  attributes: Record<string, unknown>;
  matches: boolean;
  savedGroups?: SavedGroups;
}

function asExample({ line, json }: Block): Example {
  if (!isRecord(json)) throw new Error(`conditions.md:${line}: a json block must be an object`);
  const { condition, attributes, matches, savedGroups, ...rest } = json;
  const extra = Object.keys(rest);
  if (extra.length) throw new Error(`conditions.md:${line}: unexpected keys ${extra.join(', ')}`);
  if (!isRecord(condition) || !isRecord(attributes) || typeof matches !== 'boolean' || (savedGroups !== undefined && !isRecord(savedGroups))) {
    throw new Error(`conditions.md:${line}: expected { "condition": {…}, "attributes": {…}, "matches": true|false, "savedGroups"?: {…} }`);
  }
  return { line, condition, attributes, matches, ...(savedGroups ? { savedGroups: savedGroups as SavedGroups } : {}) };
}

/** A complete visitor, so the examples can only name attributes that exist. */
const context: RequestContext = {
  page: { url: 'https://shop.example/', path: '/', query: {}, referrer: '', referrerHost: '' },
  utm: { source: 'x', medium: 'x', campaign: 'x', term: 'x', content: 'x' },
  geo: { country: '', region: '', city: '', timezone: 'UTC' },
  device: { type: 'desktop', browser: 'chrome', os: 'macos' },
  locale: { language: '' },
  time: { hour: 0, weekday: 0 },
};
const reference = buildAttributes(emptyProfile(), context, Date.now(), { idHash: 'hash-of-cust-1', traits: {} });
/** Below these, names are the site's own (query parameters, event types, categories, segments, traits). */
const OPEN = new Set(['page.query', 'profile.events', 'profile.interests', 'profile.segments', 'traits']);
const STATS = new Set(['d1', 'd7', 'd30', 'd90', 'total', 'last']);

/** Paths in `attributes` that a real visitor does not have. */
function unknownPaths(attributes: Record<string, unknown>, known: unknown = reference, prefix = ''): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!isRecord(known) || !Object.hasOwn(known, key)) {
      out.push(path);
      continue;
    }
    if (OPEN.has(path)) {
      // profile.events.<type>.<stat>: the stats are fixed.
      if (path === 'profile.events' && isRecord(value)) {
        for (const [type, stats] of Object.entries(value)) {
          for (const stat of Object.keys(isRecord(stats) ? stats : {})) if (!STATS.has(stat)) out.push(`${path}.${type}.${stat}`);
        }
      }
      continue;
    }
    if (isRecord(value)) out.push(...unknownPaths(value, known[key], path));
  }
  return out;
}

const examples = jsonBlocks(conditionsDoc as string).map(asExample);

describe('docs/conditions.md', () => {
  it('has examples that match and examples that do not, with saved groups among them', () => {
    expect(examples.length).toBeGreaterThanOrEqual(20);
    expect(examples.filter((e) => e.matches).length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => !e.matches).length).toBeGreaterThanOrEqual(5);
    expect(examples.filter((e) => e.savedGroups).length).toBeGreaterThanOrEqual(1);
  });

  for (const example of examples) {
    describe(`example at line ${example.line}: ${JSON.stringify(example.condition)}`, () => {
      it('is a condition the config accepts', () => {
        expect(checkCondition(example.condition)).toEqual([]);
      });
      it('reads only attributes a visitor has', () => {
        expect(unknownPaths(example.attributes)).toEqual([]);
      });
      it(`${example.matches ? 'matches' : 'does not match'} as the page says`, () => {
        expect(evalCondition(example.attributes, example.condition, example.savedGroups)).toBe(example.matches);
      });
    });
  }
});

const configs = jsonBlocks(configDoc as string).filter((b) => isRecord(b.json) && b.json.schema === 1);

describe('docs/config.md', () => {
  it('has a complete config example', () => {
    expect(configs.length).toBeGreaterThanOrEqual(1);
  });

  for (const { line, json } of configs) {
    it(`the config at line ${line} is accepted by parseSiteConfig`, () => {
      const result = parseSiteConfig(json);
      expect(result.ok ? [] : result.errors).toEqual([]);
    });
  }
});
