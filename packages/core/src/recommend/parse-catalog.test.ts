import { describe, expect, it } from 'vitest';
import { parseCatalog } from './parse-catalog.ts';

const good = { id: 'shoe-1', title: 'Trail runner', url: '/p/shoe-1', price: 120, category: ['Shoes', 'trail'], availability: 'in_stock' };

describe('reading a catalog', () => {
  it('reads a JSON array, applying defaults and lower-casing categories', () => {
    const { items, rejected } = parseCatalog(JSON.stringify([good]));
    expect(rejected).toEqual([]);
    expect(items).toEqual([{ ...good, category: ['shoes', 'trail'], tags: [], attributes: {} }]);
  });

  it('reads JSON Lines and reports each rejected line with its id and reason', () => {
    const text = [
      JSON.stringify(good),
      '{oops',
      JSON.stringify({ ...good, id: 'shoe-2', price: -1 }),
      '',
      JSON.stringify({ ...good, id: 'shoe 3' }),
      JSON.stringify({ ...good, id: 'shoe-4', url: 'javascript:alert(1)' }),
    ].join('\n');
    const { items, rejected } = parseCatalog(text);
    expect(items.map((i) => i.id)).toEqual(['shoe-1']);
    expect(rejected).toEqual([
      { line: 2, reason: 'not valid JSON' },
      { line: 3, id: 'shoe-2', reason: 'price: Invalid value: Expected >=0 but received -1' },
      { line: 5, id: 'shoe 3', reason: 'id: must be 1-40 letters, digits, "_", ":", "." or "-"' },
      { line: 6, id: 'shoe-4', reason: 'url: must be a path starting with "/" or an http(s) URL' },
    ]);
  });

  it('says when the whole body cannot be read', () => {
    expect(parseCatalog('[1,').error).toMatch(/^not valid JSON/);
    expect(parseCatalog('{"a":1}\n').rejected[0]?.reason).toBe('id: is required');
  });
});
