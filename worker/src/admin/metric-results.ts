/**
 * A campaign's metrics from the event store's per-metric sums (objects/metric-sums.ts), through
 * core's campaignMetrics: what the results API shows and what auto-pause acts on.
 */
import type { Campaign } from '@slotwise/core';
import { metricKey, metricsOf } from '@slotwise/core';
import { type CampaignMetricSums, DEFAULT_GOAL } from '@slotwise/core/stats';
import type { SiteEvents } from '../objects/site-events.ts';
import { armMetricSums } from '../objects/metric-sums.ts';

/** Each campaign's sums by metric id and arm, in the order given: one call to the store. */
export async function metricSumsFor(store: Pick<SiteEvents, 'metricTotals'>, campaigns: readonly Campaign[]): Promise<CampaignMetricSums[]> {
  const plans = campaigns.map((c) => metricsOf(c, DEFAULT_GOAL));
  const queries = campaigns.flatMap((c, i) => (plans[i] ?? []).map((m) => ({ campaign: c.id, key: metricKey(m) })));
  const answers = queries.length ? await store.metricTotals(queries) : [];
  let at = 0;
  return plans.map((metrics) =>
    Object.fromEntries(
      metrics.map((m) => {
        const arms = answers[at++] ?? [];
        return [m.id, Object.fromEntries(armMetricSums(m, arms))];
      }),
    ),
  );
}
