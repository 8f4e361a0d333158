/**
 * The programme view's state changes: contact budgets, how competing campaigns are ranked, and
 * experiment layers — each a pure step on the draft (tested in Node), applied through `edit` —
 * and the budget chart from the Admin API.
 */
import type { Budget, SiteConfigInput } from '@slotwise/core';
import { api } from '../api.ts';
import { edit } from './draft.ts';
import { freshLayerId } from './layers.ts';

type Config = SiteConfigInput;
type BudgetInput = NonNullable<Config['budgets']>[number];

export const loadProgramme = () => api.programme();

const withBudgets = (config: Config, budgets: BudgetInput[]): Config => {
  const { budgets: _, ...rest } = config;
  return budgets.length ? { ...rest, budgets } : rest;
};

/** A new budget: 3 promotional messages a week on every channel, under an unused id. */
export function addBudget(config: Config): Config {
  const taken = new Set((config.budgets ?? []).map((b) => b.id));
  let n = (config.budgets ?? []).length + 1;
  while (taken.has(`budget-${n}`)) n++;
  return withBudgets(config, [...(config.budgets ?? []), { id: `budget-${n}`, limit: 3, per: 'week' }]);
}

export function changeBudget(config: Config, id: string, change: Partial<Omit<Budget, 'id'>>): Config {
  return withBudgets(
    config,
    (config.budgets ?? []).map((b) => {
      if (b.id !== id) return b;
      const next: BudgetInput = { ...b, ...change };
      if (next.group === '' || next.group === undefined) delete next.group;
      if (next.channels === 'all') delete next.channels;
      return next;
    }),
  );
}

export const removeBudget = (config: Config, id: string): Config =>
  withBudgets(
    config,
    (config.budgets ?? []).filter((b) => b.id !== id),
  );

export function setArbitration(config: Config, by: 'priority' | 'value'): Config {
  const { arbitration: _, ...rest } = config;
  return by === 'value' ? { ...rest, arbitration: 'value' } : rest;
}

/** A new, empty layer named by the marketer. */
export function addLayer(config: Config, name: string): Config {
  const clean = name.trim() || 'Layer';
  return { ...config, layers: [...(config.layers ?? []), { id: freshLayerId(config, clean), name: clean.slice(0, 200) }] };
}

/** Each change above, applied to the draft. */
export const programme = {
  addBudget: () => edit(addBudget),
  changeBudget: (id: string, change: Partial<Omit<Budget, 'id'>>) => edit((c) => changeBudget(c, id, change)),
  removeBudget: (id: string) => edit((c) => removeBudget(c, id)),
  setArbitration: (by: 'priority' | 'value') => edit((c) => setArbitration(c, by)),
  addLayer: (name: string) => edit((c) => addLayer(c, name)),
};
