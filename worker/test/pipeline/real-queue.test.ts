/**
 * The pipeline on the runtime's own queue, as `wrangler dev` and `npm start` run it: collect
 * sends to the EVENT_QUEUE binding of wrangler.jsonc, workerd's queue broker delivers the batch to
 * the Worker's queue handler after max_batch_timeout (1 s), and the event is stored. (The other
 * pipeline tests use a broker on simulated time, for outages.)
 */
import { describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, publish } from '../harness.ts';

const KEY = { authorization: 'Bearer test-admin-password' };

describe("workerd's own queue", () => {
  it('carries a collected batch to the store', async () => {
    resetCollectLimits();
    resetConfigCache();
    const site = `realq${Date.now().toString(36)}`;
    await publish(siteConfig(1, { site: { id: site, measurement: { shards: 4 } } } as never));
    const visitor = 'realqueue-visitor-0001';
    const response = await call(
      '/__sw/collect',
      {
        method: 'POST',
        body: JSON.stringify({ events: [{ id: 'realq-evt-0001', type: 'add_to_cart', ts: Date.now() }] }),
        headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor}` },
      },
      { EVENT_INGEST: 'queue' },
    );
    expect(await response.json()).toEqual({ accepted: 1, queued: true, rejected: [] });
    let events = 0;
    for (let i = 0; i < 100 && events === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      events = ((await (await call('/__sw/admin/events/summary', { headers: KEY })).json()) as { events: number }).events;
    }
    expect(events).toBe(1);
  });
});
