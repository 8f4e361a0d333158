/**
 * The reporting chunk remembers the items of carts and purchases in the `sw_i` cookie as they
 * are queued, once each. Runs in Node with `document.cookie` stubbed.
 */
import type { SwEvent } from '@slotwise/core/protocol';
import { decodeRecentItems } from '@slotwise/core/recommend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rememberItems } from './item-memory.ts';

const jar = new Map<string, string>();
const event = (id: string, type: string, props: Record<string, string | number>): SwEvent => ({ id: `event-${id}`.padEnd(8, '0'), type, ts: 1_760_000_000_000, props });

describe('remembering carted and bought items', () => {
  vi.stubGlobal('location', { protocol: 'https:' });
  vi.stubGlobal('document', {
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    set cookie(line: string) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    },
  });
  afterEach(() => jar.clear());

  it('writes the cart and purchase items to sw_i, keeping the views the edge wrote', () => {
    jar.set('sw_i', '1~trail-2*trail-1!!');
    const queued = [
      event('a', 'add_to_cart', { item: 'trail-1', price: 120 }),
      event('b', 'exposure', { campaign: 'c', variant: 'v' }),
      event('c', 'purchase', { items: 'trail-1,socks-1', value: 135 }),
    ];
    rememberItems(queued);
    expect(decodeRecentItems(jar.get('sw_i'))).toEqual({ viewed: ['trail-2', 'trail-1'], carted: ['trail-1'], purchased: ['trail-1', 'socks-1'] });
    // Seen again at the next schedule: folded once, so a later cart stays first.
    rememberItems([...queued, event('d', 'add_to_cart', { item: 'jacket-1' })]);
    expect(decodeRecentItems(jar.get('sw_i')).carted).toEqual(['jacket-1', 'trail-1']);
  });
});
