/**
 * The measurement pipeline's load test at a reduced size (the full one: `npm run load`): through
 * the queue on 4 shards with duplicates, malformed batches, a shard down for a while and consumer
 * restarts, every valid event is counted once, and DuckDB reading the R2 export gets the results
 * API's per-arm totals (e2e/load/queue-load.mjs). It runs its own stacks, on the two ports after
 * the suite's.
 */
import { expect, test } from '@playwright/test';
import { runQueueLoad } from '../load/queue-load.mjs';

test('the queue path counts every valid event once and its export reproduces the results', async () => {
  test.setTimeout(300_000);
  const port = Number(process.env.SW_E2E_PORT ?? 8797) + 2;
  const lines: string[] = [];
  const { checks } = await runQueueLoad({ events: 6_000, visitors: 150, clients: 8, port, downMs: 4_000, crashEvery: 5, log: (l) => lines.push(l), drainMs: 120_000 });
  console.log(lines.join('\n'));
  for (const [what, got, want] of checks) expect(got, what).toEqual(want);
});
