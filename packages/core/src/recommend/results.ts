/**
 * What results say about a recommendation campaign, per arm: how many exposed visitors clicked a
 * recommended item (click-through), and the carts, orders and revenue attributed to those clicks
 * (recommend/attribution.ts). Arms without recommendations (hand-written content, the control)
 * show zeros, so strategies compare with each other and with the hand-written content.
 */
import type { ArmResult } from '../stats-results.ts';

/** Attributed events of one arm, as the event store counts them. */
export interface RecoCounts {
  arm: string;
  type: 'reco_click' | 'reco_cart' | 'reco_purchase';
  visitors: number;
  events: number;
  value: number;
}

export interface RecoArmResult {
  id: string;
  exposed: number;
  /** Visitors who clicked a recommended item, and clicks (one per visitor, item and day). */
  clickers: number;
  clicks: number;
  /** clickers / exposed (0 without visitors). */
  clickThrough: number;
  carts: number;
  orders: number;
  /** Revenue of purchases of clicked items (an order's value split over its items). */
  attributedRevenue: number;
}

export function recommendationResults(arms: readonly ArmResult[], counts: readonly RecoCounts[]): RecoArmResult[] {
  return arms.map((arm) => {
    const of = (type: RecoCounts['type']) => counts.find((c) => c.arm === arm.id && c.type === type);
    const clickers = of('reco_click')?.visitors ?? 0;
    return {
      id: arm.id,
      exposed: arm.exposed,
      clickers,
      clicks: of('reco_click')?.events ?? 0,
      clickThrough: arm.exposed > 0 ? clickers / arm.exposed : 0,
      carts: of('reco_cart')?.events ?? 0,
      orders: of('reco_purchase')?.events ?? 0,
      attributedRevenue: Math.round((of('reco_purchase')?.value ?? 0) * 100) / 100,
    };
  });
}
