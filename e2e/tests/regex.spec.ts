/**
 * Issue 16, item 3, end to end: a `$regex` audience with the catastrophic pattern is
 * published through the Admin API; the edge and the browser (on an SPA route, deciding with the
 * regex engine it loads only for such a config) both answer at once and agree; the store keeps
 * serving. The config is restored afterwards, so the other specs see the demo config.
 */
import { type APIRequestContext, expect, test } from '@playwright/test';
import { markIn, sdkReady } from './helpers.ts';

const ADMIN = { authorization: 'Bearer slotwise' };
const CATASTROPHIC = `${'(?:a|a)'.repeat(30)}c`;

async function liveVersion(request: APIRequestContext): Promise<number> {
  return ((await (await request.get('/__sw/health')).json()) as { configVersion: number }).configVersion;
}

/** Publishes the live config plus a campaign on the announcement bar for `page.query.q` matching CATASTROPHIC. */
async function publishRegexCampaign(request: APIRequestContext, from: number): Promise<void> {
  const { config } = (await (await request.get(`/__sw/admin/versions/${from}`, { headers: ADMIN })).json()) as { config: Record<string, unknown[]> };
  const audiences = [...config.audiences!, { id: 'searched-a', name: 'Searched for a…c', condition: { 'page.query.q': { $regex: CATASTROPHIC } } }];
  const campaigns = [
    ...config.campaigns!,
    {
      id: 'regex-search',
      name: 'Regex search',
      status: 'live',
      priority: 999,
      audience: 'searched-a',
      slots: ['announcement'],
      variants: [{ id: 'found', name: 'Found', content: { announcement: { kind: 'text', body: 'You searched for a…c' } } }],
    },
  ];
  const draft = await request.put('/__sw/admin/draft', { headers: ADMIN, data: { ...config, audiences, campaigns } });
  expect(draft.status()).toBe(200);
  const published = await request.post('/__sw/admin/publish', { headers: ADMIN, data: { note: 'e2e: regex' } });
  expect(published.status()).toBe(200);
}

test('a catastrophic $regex audience is published, and the edge and the browser both decide it at once', async ({ page, request }) => {
  const before = await liveVersion(request);
  await publishRegexCampaign(request, before);
  try {
    // The edge: the request (200 × "a", no "c") keeps the default; one ending in "c" matches.
    const attack = await request.get(`/?q=${'a'.repeat(200)}`);
    expect(attack.status()).toBe(200);
    expect(markIn(await attack.text(), 'announcement')).toBeNull();
    const hit = await request.get(`/?q=${'a'.repeat(199)}c`);
    expect(markIn(await hit.text(), 'announcement')).toBe('regex-search:found');
    expect((await request.get('/__sw/health')).status()).toBe(200);

    // The browser: an SPA route to the same query decides the bar in the page, loading the
    // regex engine (sw-re2.mjs) because this config has a $regex.
    await page.goto('/fixtures/spa');
    await sdkReady(page);
    const mark = await page.evaluate(
      async (to) => {
        history.pushState({}, '', to);
        const slot = document.createElement('div');
        slot.dataset.slot = 'announcement';
        slot.textContent = 'Free returns';
        document.getElementById('view')!.replaceChildren(slot);
        for (let i = 0; i < 100 && !slot.hasAttribute('data-sw-v'); i++) await new Promise((r) => setTimeout(r, 50));
        return [slot.getAttribute('data-sw-v'), slot.textContent];
      },
      `/search?q=${'a'.repeat(199)}c`,
    );
    expect(mark).toEqual(['regex-search:found', 'You searched for a…c']);
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
    expect(loaded).toContain('/__sw/sw-re2.mjs');
  } finally {
    const restored = await request.post('/__sw/admin/rollback', { headers: ADMIN, data: { version: before } });
    expect(restored.status()).toBe(200);
  }
});
