/**
 * Which campaigns a request needs to look at, worked out when a config is compiled: for each
 * slot, the campaigns that fill it, in priority order. A page's request then walks only the
 * campaigns of the slots still undecided instead of every live campaign, so a site with 1,000
 * campaigns decides its last slot by walking that slot's list, not the whole config.
 */
import type { CompiledCampaign } from './compile.ts';

export interface CampaignIndex {
  /** Slot name → indexes into the compiled campaigns (priority order), ascending. */
  bySlot: ReadonlyMap<string, readonly number[]>;
}

const NONE: readonly number[] = [];

/**
 * From this many live campaigns a request walks the index; below it, the plain walk over all of
 * them (which stops once every slot is decided) is as fast or faster: it allocates nothing.
 */
export const INDEXED_FROM = 50;

export function indexCampaigns(campaigns: readonly CompiledCampaign[]): CampaignIndex {
  const bySlot = new Map<string, number[]>();
  campaigns.forEach((c, i) => {
    for (const slot of new Set(c.slots)) {
      const list = bySlot.get(slot);
      if (list) list.push(i);
      else bySlot.set(slot, [i]);
    }
  });
  return { bySlot };
}

/**
 * Calls `visit` with each campaign (by index, ascending) that has a slot on the page still
 * undecided when its turn comes: exactly the campaigns a walk over all of them would not skip
 * for its slots alone, in the same order. `undecided` is asked again after every visit.
 */
export function walkCandidates(index: CampaignIndex, onPage: ReadonlySet<string>, undecided: (slot: string) => boolean, visit: (i: number) => void): void {
  const slots = [...onPage];
  const lists = slots.map((s) => index.bySlot.get(s) ?? NONE);
  const at = lists.map(() => 0);
  let last = -1;
  for (;;) {
    let next = Number.POSITIVE_INFINITY;
    let open = 0;
    let only = -1;
    for (let k = 0; k < lists.length; k++) {
      if (!undecided(slots[k]!)) continue;
      open++;
      only = k;
      const list = lists[k]!;
      let j = at[k]!;
      while (j < list.length && list[j]! <= last) j++;
      at[k] = j;
      if (j < list.length && list[j]! < next) next = list[j]!;
    }
    // One slot left (the usual tail: the others were decided early): walk its list straight on.
    if (open === 1) {
      const list = lists[only]!;
      const slot = slots[only]!;
      for (let j = at[only]!; j < list.length && undecided(slot); j++) visit(list[j]!);
      return;
    }
    if (next === Number.POSITIVE_INFINITY) return;
    last = next;
    visit(next);
  }
}
