/**
 * Conversion rates per lifecycle segment for value arbitration (arbitration.ts): from the event
 * store's counts of a campaign's exposed and converted visitors per segment (the segment at the
 * visitor's first exposure), a segment's rate is used only once enough of its visitors were
 * measured — below that it is noise, and the campaign's overall rate stands in.
 */
import type { RateEstimate } from './arbitration.ts';

/** Exposed visitors a segment needs before its own rate is used. */
export const SEGMENT_RATE_MIN_VISITORS = 100;

/** Visitors measured and converted: overall, or of one segment. */
export interface ConversionCounts {
  exposed: number;
  converted: number;
}

/**
 * A campaign's estimate: its overall rate, and the rate of each segment with at least `min`
 * exposed visitors, with how many visitors each rests on (so the most specific one can be
 * chosen). Null when nobody was measured.
 */
export function segmentRateEstimate(overall: ConversionCounts, bySegment: Readonly<Record<string, ConversionCounts>>, min = SEGMENT_RATE_MIN_VISITORS): RateEstimate | null {
  if (overall.exposed <= 0) return null;
  const rates: Record<string, number> = {};
  const visitors: Record<string, number> = {};
  for (const [segment, counts] of Object.entries(bySegment)) {
    if (counts.exposed < min) continue;
    rates[segment] = counts.converted / counts.exposed;
    visitors[segment] = counts.exposed;
  }
  const estimate: RateEstimate = { overall: overall.converted / overall.exposed };
  return Object.keys(rates).length ? { ...estimate, bySegment: rates, segmentVisitors: visitors } : estimate;
}
