/**
 * Arbitration by value: where several campaigns are eligible for the same slot (or the last unit
 * of a budget), rank them by what showing each is expected to be worth for this visitor —
 * its current conversion rate for the visitor's segment × the value the marketer gave its goal —
 * instead of by a fixed priority number alone. Campaigns marked `override` still come first, in
 * priority order; ties fall back to priority, then id, so the order is always deterministic.
 *
 * Rates come from results (the Worker refreshes them as it does bandit weights); a campaign with
 * no rate yet is ranked with the mean rate of those that have one, so a new campaign is neither
 * starved nor favoured; with no rates at all, value alone ranks.
 */
import type { CompiledCampaign } from './compile.ts';

/** A campaign's observed conversion rate: overall, and per profile segment where known. */
export interface RateEstimate {
  overall: number;
  bySegment?: Readonly<Record<string, number>>;
  /**
   * How many visitors each segment's rate rests on. Where given, a visitor in several segments
   * gets the rate of the smallest (the most specific evidence: a deal seeker is also new or
   * returning, and those rates say little about deal seekers).
   */
  segmentVisitors?: Readonly<Record<string, number>>;
}

export type RateEstimates = ReadonlyMap<string, RateEstimate>;

export interface Ranked {
  campaign: CompiledCampaign;
  /** Expected value of showing it to this visitor; null for an override. */
  value: number | null;
  /** The rate used and where it came from, for the trace. */
  rate: number;
  basis: string;
}

/**
 * The rate for this visitor: of their segments with an estimate, the one resting on the fewest
 * visitors (the first, without counts), else the campaign's overall rate, else `fallback`.
 */
function rateFor(estimate: RateEstimate | undefined, segments: readonly string[], fallback: number): { rate: number; basis: string } {
  if (estimate) {
    let best: { segment: string; rate: number; size: number } | null = null;
    for (const s of segments) {
      const r = estimate.bySegment?.[s];
      if (r === undefined) continue;
      const size = estimate.segmentVisitors?.[s] ?? Number.POSITIVE_INFINITY;
      if (best === null || size < best.size) best = { segment: s, rate: r, size };
    }
    if (best) return { rate: best.rate, basis: `segment "${best.segment}"` };
    return { rate: estimate.overall, basis: 'all visitors' };
  }
  return { rate: fallback, basis: 'no data yet: the mean rate' };
}

/** Campaigns in the order value arbitration tries them for a visitor with these segments. */
export function rankByValue(campaigns: readonly CompiledCampaign[], segments: readonly string[], estimates: RateEstimates | undefined): Ranked[] {
  const known = [...(estimates?.values() ?? [])].map((e) => e.overall);
  const mean = known.length ? known.reduce((a, b) => a + b, 0) / known.length : 1;
  const ranked = campaigns.map((campaign, index) => {
    const { rate, basis } = rateFor(estimates?.get(campaign.id), segments, mean);
    const value = campaign.source.override ? null : rate * (campaign.source.value ?? 0);
    return { campaign, value, rate, basis, index };
  });
  // `campaigns` is already in priority order: the index breaks ties the same way.
  ranked.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? a.index - b.index : -1) : 1;
    return b.value - a.value || a.index - b.index;
  });
  return ranked.map(({ index: _, ...r }) => r);
}

/** The trace's words for why a campaign ranked where it did. */
export function describeRank(r: Ranked, currency = ''): string {
  if (r.value === null) return 'ranked first as an override (priority order)';
  const pct = `${(r.rate * 100).toFixed(r.rate < 0.1 ? 2 : 1)}%`;
  return `expected value ${currency}${r.value.toFixed(2)} (${pct} conversion, ${r.basis}, × ${currency}${r.campaign.source.value ?? 0} per conversion)`;
}
