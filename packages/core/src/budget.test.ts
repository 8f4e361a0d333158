import { describe, expect, it } from 'vitest';
import { type Contact, budgetUsed, budgetVerdict, decodeContacts, encodeContacts, recordContacts } from './budget.ts';
import type { Budget } from './programme-schema.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-10T12:00:00Z');
const today = Math.floor(NOW / DAY);
const promo = (id: string, group: string | null = null) => ({ id, purpose: 'promotional' as const, group });
const week = (limit: number, extra: Partial<Budget> = {}): Budget => ({ id: 'weekly', limit, per: 'week', channels: 'all', ...extra });
const contact = (campaign: string, daysAgo: number, channel: Contact['channel'] = 'web', group: string | null = null): Contact => ({
  day: today - daysAgo,
  channel,
  campaign,
  group,
});

describe('contact budgets', () => {
  it('count distinct promotional messages in the window: the same campaign on one day once, older than a week not at all', () => {
    const contacts = [contact('a', 0), contact('a', 0), contact('a', 1), contact('b', 6, 'other'), contact('c', 7)];
    expect(budgetUsed(week(3), contacts, NOW)).toBe(3);
    expect(budgetUsed({ ...week(3), per: 'day' }, contacts, NOW)).toBe(1);
    expect(budgetUsed(week(3, { channels: 'web' }), contacts, NOW)).toBe(2);
  });

  it('block a new promotional campaign once a governing budget is spent, and name the budget', () => {
    const contacts = [contact('email-1', 2, 'other'), contact('email-2', 1, 'other')];
    const verdict = budgetVerdict([week(2)], contacts, promo('web-banner'), 'web', NOW);
    expect(verdict).toMatchObject({ allowed: false, used: 2, budget: { id: 'weekly' } });
    expect(budgetVerdict([week(3)], contacts, promo('web-banner'), 'web', NOW)).toEqual({ allowed: true });
  });

  it('never block or count a service campaign', () => {
    const contacts = [contact('a', 0), contact('b', 0)];
    expect(budgetVerdict([week(1)], contacts, { id: 'order-update', purpose: 'service', group: null }, 'web', NOW)).toEqual({ allowed: true });
    expect(recordContacts([], [{ id: 'order-update', purpose: 'service', group: null }], 'web', NOW)).toBeNull();
  });

  it('let a campaign already shown today on this channel show again (the same message, no flicker between pages)', () => {
    const contacts = [contact('a', 0), contact('b', 0)];
    expect(budgetVerdict([week(2)], contacts, promo('a'), 'web', NOW)).toEqual({ allowed: true });
    expect(budgetVerdict([week(2)], contacts, promo('c'), 'web', NOW).allowed).toBe(false);
  });

  it('limit a group budget to its own group, and a web budget to the web', () => {
    const contacts = [contact('shoes-1', 0, 'web', 'shoes'), contact('bags-1', 0, 'web', 'bags')];
    const shoesDaily: Budget = { id: 'shoes', limit: 1, per: 'day', channels: 'all', group: 'shoes' };
    expect(budgetVerdict([shoesDaily], contacts, promo('shoes-2', 'shoes'), 'web', NOW).allowed).toBe(false);
    expect(budgetVerdict([shoesDaily], contacts, promo('bags-2', 'bags'), 'web', NOW).allowed).toBe(true);
    const webDaily: Budget = { id: 'web', limit: 1, per: 'day', channels: 'web' };
    expect(budgetVerdict([webDaily], [contact('mail', 0, 'other')], promo('banner'), 'web', NOW).allowed).toBe(true);
    expect(budgetVerdict([webDaily], contacts, promo('mail-2'), 'other', NOW).allowed).toBe(true);
  });

  it('record each promotional campaign once a day per channel, forget contacts older than a week', () => {
    const next = recordContacts([contact('old', 8), contact('a', 0)], [promo('a'), promo('b', 'shoes'), promo('b', 'shoes')], 'web', NOW);
    expect(next).toEqual([contact('b', 0, 'web', 'shoes'), contact('a', 0)]);
    expect(recordContacts([contact('a', 0)], [promo('a')], 'web', NOW)).toBeNull();
  });

  it('round-trip through the sw_b cookie, newest first, and read garbage as no contacts', () => {
    const contacts = [contact('a', 3, 'other'), contact('b', 0, 'web', 'shoes')];
    const cookie = encodeContacts(contacts);
    expect(cookie).toBe(`1|${today}:w:b:shoes|${today - 3}:o:a:`);
    expect(decodeContacts(cookie)).toEqual([contact('b', 0, 'web', 'shoes'), contact('a', 3, 'other')]);
    for (const garbage of [null, '', '2|1:w:a:', '1|x:w:a:', '1|1:q:a:', '1|1:w:<script>:', 'x'.repeat(5000)]) {
      expect(decodeContacts(garbage)).toEqual([]);
    }
  });
});
