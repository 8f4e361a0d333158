import { parseSiteConfig, type SiteConfigInput } from '@slotwise/core';
import { describe, expect, it } from 'vitest';
import { addBudget, addLayer, changeBudget, removeBudget, setArbitration } from './programme.ts';

const base: SiteConfigInput = { schema: 1, version: 1, site: { id: 'shop' }, slots: [], audiences: [], campaigns: [] };

describe("the programme view's changes", () => {
  it('adds a budget of 3 a week under a fresh id, changes it, and removes the last one without leaving an empty list', () => {
    const one = addBudget(base);
    const two = addBudget(one);
    expect(two.budgets).toEqual([
      { id: 'budget-1', limit: 3, per: 'week' },
      { id: 'budget-2', limit: 3, per: 'week' },
    ]);
    const changed = changeBudget(two, 'budget-2', { limit: 1, per: 'day', channels: 'web', group: 'shoes' });
    expect(changed.budgets?.[1]).toEqual({ id: 'budget-2', limit: 1, per: 'day', channels: 'web', group: 'shoes' });
    expect(changeBudget(changed, 'budget-2', { channels: 'all', group: '' }).budgets?.[1]).toEqual({ id: 'budget-2', limit: 1, per: 'day' });
    expect(parseSiteConfig(changed).ok).toBe(true);
    expect('budgets' in removeBudget(removeBudget(two, 'budget-1'), 'budget-2')).toBe(false);
  });

  it('ranks by value only when chosen; priority is the default, written as nothing', () => {
    expect(setArbitration(base, 'value').arbitration).toBe('value');
    expect('arbitration' in setArbitration({ ...base, arbitration: 'value' }, 'priority')).toBe(false);
  });

  it('adds layers with distinct ids from their names', () => {
    const layered = addLayer(addLayer(base, 'Checkout tests'), 'Checkout tests');
    expect(layered.layers).toEqual([
      { id: 'layer-checkout-tests', name: 'Checkout tests' },
      { id: 'layer-checkout-tests-2', name: 'Checkout tests' },
    ]);
    expect(parseSiteConfig(layered).ok).toBe(true);
  });
});
