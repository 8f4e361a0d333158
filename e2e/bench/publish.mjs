// Publish → live, locally: the time from the Admin API's publish response to the first page
// the edge serves with the new version (polling the x-slotwise header), against the budget of
// 1 s and beside the same run's plain page round trip (the floor the polling can see).
import { figure, median, sleep } from './lib.mjs';

const SECTION = 'publish';

export async function runPublish(stackUrl, adminPassword, { times = 5 } = {}) {
  console.log('\n== Publish → live at the edge (local stack: wrangler dev, local KV and Durable Objects) ==');
  const auth = { authorization: `Bearer ${adminPassword}`, 'content-type': 'application/json' };
  const page = `${stackUrl}/?utm_source=newsletter`;
  const liveVersion = async () => {
    const t0 = performance.now();
    const r = await fetch(page);
    await r.arrayBuffer();
    return { version: Number(/^v(\d+)/.exec(r.headers.get('x-slotwise') ?? '')?.[1] ?? NaN), ms: performance.now() - t0 };
  };
  const latencies = [];
  const roundTrips = [];
  for (let k = 0; k < times; k++) {
    const { draft } = await (await fetch(`${stackUrl}/__sw/admin/draft`, { headers: auth })).json();
    // A visible content change: the newsletter hero's text, different on each publish.
    const campaign = draft.campaigns.find((c) => c.slots.includes('hero')) ?? draft.campaigns[0];
    const variant = campaign.variants[0];
    const slot = campaign.slots[0];
    const content = variant.content[slot];
    if (content.kind === 'text') content.text = `Bench publish ${k}`;
    else content.body = `<p>Bench publish ${k}</p>`;
    const put = await fetch(`${stackUrl}/__sw/admin/draft`, { method: 'PUT', headers: auth, body: JSON.stringify(draft) });
    if (!put.ok) throw new Error(`PUT /__sw/admin/draft: ${put.status} ${await put.text()}`);
    const published = await fetch(`${stackUrl}/__sw/admin/publish`, { method: 'POST', headers: auth, body: JSON.stringify({ note: `bench ${k}` }) });
    const answered = performance.now();
    if (!published.ok) throw new Error(`POST /__sw/admin/publish: ${published.status} ${await published.text()}`);
    const { version } = await published.json();
    for (;;) {
      const seen = await liveVersion();
      roundTrips.push(seen.ms);
      if (seen.version >= version) break;
      if (performance.now() - answered > 10_000) throw new Error(`version ${version} not live after 10 s`);
      await sleep(5);
    }
    latencies.push(performance.now() - answered);
  }
  const floor = median(roundTrips);
  figure({ section: SECTION, name: 'page round trip (polling floor)', value: floor, unit: 'ms', digits: 1 });
  figure({
    section: SECTION,
    name: `publish → live, median of ${times}`,
    value: median(latencies),
    unit: 'ms',
    digits: 1,
    baseline: floor,
    baselineName: 'page round trip',
    budget: { text: '≤ 1 s', holds: median(latencies) <= 1000 },
  });
  figure({
    section: SECTION,
    name: `publish → live, worst of ${times}`,
    value: Math.max(...latencies),
    unit: 'ms',
    digits: 1,
    baseline: floor,
    baselineName: 'page round trip',
    budget: { text: '≤ 1 s', holds: Math.max(...latencies) <= 1000 },
  });
}
