/**
 * "Optimize automatically" in the traffic path: once the aggregates favour a variant, pages,
 * the browser's /__sw/config and the Decide API all split traffic by the same refreshed
 * weights — read in the background, never on a page's path — while the control group stays.
 */
import type { SiteConfigInput } from '@slotwise/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetCollectLimits } from '../../src/api/collect.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig } from '../fixtures.ts';
import { call, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const AUTO: SiteConfigInput['campaigns'][number] = {
  id: 'auto',
  name: 'Auto',
  status: 'live',
  priority: 1,
  slots: ['promo'],
  allocation: 'bandit',
  holdoutPct: 10,
  variants: [
    { id: 'x', name: 'X', content: { promo: { kind: 'text', body: 'Promo X' } } },
    { id: 'y', name: 'Y', content: { promo: { kind: 'text', body: 'Promo Y' } } },
  ],
};
let version = 500;
const visitor = (n: number) => `visitor-split-${String(n).padStart(8, '0')}`;

async function collect(n: number, events: unknown[]): Promise<void> {
  const response = await call('/__sw/collect', {
    method: 'POST',
    body: JSON.stringify({ events }),
    headers: { 'content-type': 'application/json', cookie: `sw_consent=granted; sw_id=${visitor(n)}` },
  });
  expect(response.status).toBe(202);
}

async function armsOfPages(count: number): Promise<Record<string, number>> {
  const arms: Record<string, number> = {};
  for (let n = 1000; n < 1000 + count; n++) {
    const page = await (await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitor(n)}` } })).text();
    const arm = slot(page, 'promo').mark?.split(':')[1] ?? 'none';
    arms[arm] = (arms[arm] ?? 0) + 1;
  }
  return arms;
}

beforeEach(async () => {
  resetConfigCache();
  resetCollectLimits();
  version++;
  await publish(siteConfig(version, { site: { id: `split-${version}` }, campaigns: [AUTO] }));
  stubOrigin(() => html(htmlPage('<div data-slot="promo">Default promo</div>')));
});

describe('bandit traffic split', () => {
  it('starts at the fixed split, then shifts pages, /__sw/config and the Decide API to the better variant', async () => {
    const before = await armsOfPages(60);
    expect(before.x).toBeGreaterThan(15);
    expect(before.y).toBeGreaterThan(15);

    const t = Date.now() - 60_000;
    for (let i = 0; i < 40; i++) {
      const variant = i % 2 === 0 ? 'x' : 'y';
      const converts = variant === 'y' ? i % 8 !== 1 : i % 8 === 0;
      await collect(i, [
        { id: `exp-${version}-${i}`, type: 'exposure', ts: t, props: { campaign: 'auto', variant, slot: 'promo' } },
        ...(converts ? [{ id: `buy-${version}-${i}`, type: 'purchase', ts: t + 1, props: { value: 10 } }] : []),
      ]);
    }
    // The weights are read once a minute per isolate; a fresh isolate reads them on its first page.
    resetConfigCache();
    await call('/');
    const after = await armsOfPages(60);
    expect(after.y ?? 0).toBeGreaterThan(40);
    expect(after.control ?? 0).toBeGreaterThan(0);

    const client = (await (await call('/__sw/config?path=/')).json()) as { campaigns: { id: string; variants: { id: string; weight?: number }[] }[] };
    const weights = Object.fromEntries(client.campaigns.find((c) => c.id === 'auto')!.variants.map((v) => [v.id, v.weight ?? 0]));
    expect(weights.y).toBeGreaterThan(0.9);
    for (let n = 1000; n < 1010; n++) {
      const page = await (await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitor(n)}` } })).text();
      const answer = (await (
        await call('/__sw/decide', {
          method: 'POST',
          headers: { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' },
          body: JSON.stringify({ visitorId: visitor(n) }),
        })
      ).json()) as { slots: Record<string, { campaign: string; variant: string }> };
      expect(`${answer.slots.promo?.campaign}:${answer.slots.promo?.variant}`).toBe(slot(page, 'promo').mark);
    }
  });
});
