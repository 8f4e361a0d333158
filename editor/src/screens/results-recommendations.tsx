/**
 * What a recommendation campaign's arms did beyond the goal: how many exposed visitors clicked a
 * recommended product (click-through), and the carts, orders and revenue those clicks led to. Arms
 * with hand-written content, and the control, show zeros: the comparison is the A/B test's.
 */
import type { ArmResult, RecoArmResult } from '@slotwise/core/stats';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function RecommendationResults({ arms, reco }: { arms: readonly ArmResult[]; reco: readonly RecoArmResult[] }) {
  const name = (id: string) => arms.find((a) => a.id === id)?.name ?? id;
  return (
    <>
      <h2 class="section-title">Recommended products</h2>
      <table class="table results-table" data-testid="reco-results">
        <thead>
          <tr>
            <th>Arm</th>
            <th>Visitors who saw it</th>
            <th>Clicked a product</th>
            <th>Click-through</th>
            <th>Added to cart</th>
            <th>Orders</th>
            <th>Revenue from clicks</th>
          </tr>
        </thead>
        <tbody>
          {reco.map((r) => (
            <tr key={r.id}>
              <td>
                <strong>{name(r.id)}</strong>
              </td>
              <td>{r.exposed}</td>
              <td>
                {r.clickers}
                {r.clicks !== r.clickers && <span class="muted small"> ({r.clicks} clicks)</span>}
              </td>
              <td>{pct(r.clickThrough)}</td>
              <td>{r.carts}</td>
              <td>{r.orders}</td>
              <td>{r.attributedRevenue.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted small">A click counts once per visitor, product and day; carts and orders count when they include a product the visitor clicked in the last 7 days.</p>
    </>
  );
}
