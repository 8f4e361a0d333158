import { describe, expect, it } from 'vitest';
import { decodeRecentItems, encodeRecentItems, foldRecentItems, noRecentItems } from './recent-items.ts';

const event = (type: string, props: Record<string, unknown>) => ({ type, props });

describe('the recent items cookie', () => {
  it('keeps viewed, carted and bought items most recent first, each once', () => {
    const items = foldRecentItems(noRecentItems(), [
      event('view_item', { item: 'trail-1' }),
      event('view_item', { item: 'trail-2' }),
      event('view_item', { item: 'trail-1' }),
      event('add_to_cart', { item: 'trail-1', price: 120 }),
      event('purchase', { items: 'trail-1, socks-1', value: 135 }),
      event('page_view', { item: 'x' }),
      event('purchase', { item: 'not an id!' }),
    ]);
    expect(items).toEqual({ viewed: ['trail-1', 'trail-2'], carted: ['trail-1'], purchased: ['trail-1', 'socks-1'] });
    expect(decodeRecentItems(encodeRecentItems(items))).toEqual(items);
    expect(encodeRecentItems(items)).toBe('1~trail-1*trail-2!trail-1!trail-1*socks-1');
  });

  it('stays bounded: 12 views, 6 carts, 12 purchases', () => {
    const views = Array.from({ length: 20 }, (_, i) => event('view_item', { item: `v${i}` }));
    const items = foldRecentItems(noRecentItems(), views);
    expect(items.viewed).toEqual(['v19', 'v18', 'v17', 'v16', 'v15', 'v14', 'v13', 'v12', 'v11', 'v10', 'v9', 'v8']);
    const long = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`.padEnd(40, 'x'));
    expect(encodeRecentItems({ viewed: long(12, 'v'), carted: long(6, 'c'), purchased: long(12, 'p') }).length).toBeLessThanOrEqual(1300);
  });

  it('reads garbage, another version or hostile ids as no items', () => {
    for (const bad of [null, '', 'x', '2~a!b!c', '1~a!b', '1~<script>!!', '1~__proto__!!', `1~${'a*'.repeat(13)}a!!`]) {
      expect(decodeRecentItems(bad)).toEqual(noRecentItems());
    }
    expect(decodeRecentItems('1~!!')).toEqual(noRecentItems());
  });
});
