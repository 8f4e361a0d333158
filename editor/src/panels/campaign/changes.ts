/** The campaign editor's changes to one campaign, each a pure step (applied through updateCampaign). */
import type { CampaignInput } from '../../store/draft-ops.ts';

type Change = (c: CampaignInput) => CampaignInput;

export const rename =
  (name: string): Change =>
  (c) => ({ ...c, name });
export const setStatus =
  (status: CampaignInput['status']): Change =>
  (c) => ({ ...c, status });
export const toggleSlot =
  (slot: string, on: boolean): Change =>
  (c) => ({ ...c, slots: on ? [...c.slots, slot] : c.slots.filter((x) => x !== slot) });

/** "/, /shoes/*" as typed; nothing typed means every page the slot is on. */
export const setPages =
  (typed: string): Change =>
  (c) => {
    const pages = typed
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const { pages: _, ...rest } = c;
    return pages.length ? { ...rest, pages } : rest;
  };

/** An audience id, or '' for everyone. */
export const setAudience =
  (audience: string): Change =>
  (c) => {
    const { audience: _, ...rest } = c;
    return audience ? { ...rest, audience } : rest;
  };

export const fixedSplit: Change = (c) => {
  const { allocation: _, ...rest } = c;
  return rest;
};
export const optimize: Change = (c) => ({ ...c, allocation: 'bandit' });
export const setHoldout =
  (holdoutPct: number): Change =>
  (c) => ({ ...c, holdoutPct });

/** A goal of a kind, with a starting value the marketer then edits; 'none' removes it. */
export const setGoalType =
  (type: string): Change =>
  (c) => {
    const { goal: _, ...rest } = c;
    return type === 'event' ? { ...rest, goal: { type: 'event', event: 'purchase' } } : type === 'page' ? { ...rest, goal: { type: 'page', path: '/checkout' } } : rest;
  };
export const setGoalEvent =
  (event: string): Change =>
  (c) => ({ ...c, goal: { type: 'event', event } });
export const setGoalPage =
  (path: string): Change =>
  (c) => ({ ...c, goal: { type: 'page', path } });

export const setPriority =
  (typed: string): Change =>
  (c) => ({ ...c, priority: Math.max(1, Math.round(Number(typed)) || 1) });

/** Sets or clears the start or end of the schedule (an ISO time, or undefined for none). */
export const setScheduleEdge =
  (edge: 'start' | 'end', iso: string | undefined): Change =>
  (c) => ({ ...c, schedule: clean({ ...c.schedule, [edge]: iso }) });

/** Sets or clears one frequency-cap limit; an empty or invalid entry means no limit. */
export const setCap =
  (key: 'perDay' | 'total', raw: string): Change =>
  (c) => {
    const n = Math.round(Number(raw));
    const cap = { ...c.frequencyCap };
    if (raw.trim() !== '' && Number.isFinite(n) && n >= 1) cap[key] = n;
    else delete cap[key];
    const { frequencyCap: _, ...rest } = c;
    return Object.keys(cap).length ? { ...rest, frequencyCap: cap } : rest;
  };

function clean(schedule: { start?: string | undefined; end?: string | undefined }): { start?: string; end?: string } {
  return { ...(schedule.start ? { start: schedule.start } : {}), ...(schedule.end ? { end: schedule.end } : {}) };
}

export const setPurpose =
  (purpose: string): Change =>
  (c) => {
    const { purpose: _, ...rest } = c;
    return purpose === 'service' ? { ...rest, purpose: 'service' } : rest;
  };

export const setGroup =
  (group: string): Change =>
  (c) => {
    const { group: _, ...rest } = c;
    return group.trim() ? { ...rest, group: group.trim() } : rest;
  };

/** Worth per conversion; empty clears it. */
export const setValue =
  (typed: string): Change =>
  (c) => {
    const { value: _, ...rest } = c;
    return typed === '' || !Number.isFinite(Number(typed)) ? rest : { ...rest, value: Number(typed) };
  };

export const setOverride =
  (on: boolean): Change =>
  (c) => {
    const { override: _, ...rest } = c;
    return on ? { ...rest, override: true } : rest;
  };

/**
 * Places the campaign in a layer ('' takes it out). Without a share given, it takes the layer's
 * largest free share, so choosing a layer never makes an overlap.
 */
export const setLayer =
  (id: string, splits: readonly { id: string; shares: readonly { campaign: string; start: number; end: number }[] }[], start?: number, end?: number): Change =>
  (c) => {
    const { layer: _, ...rest } = c;
    if (!id) return rest;
    if (start !== undefined && end !== undefined) return { ...rest, layer: { id, start, end } };
    const taken = (splits.find((l) => l.id === id)?.shares ?? []).filter((s) => s.campaign !== c.id).sort((a, b) => a.start - b.start);
    let best = { start: 0, end: 0 };
    let at = 0;
    for (const s of [...taken, { start: 100, end: 100 }]) {
      if (s.start - at > best.end - best.start) best = { start: at, end: s.start };
      at = Math.max(at, s.end);
    }
    return { ...rest, layer: { id, ...best } };
  };
