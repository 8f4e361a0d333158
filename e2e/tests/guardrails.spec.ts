/**
 * Issue 21: a campaign with a guardrail on page experience (CLS). Its variant puts a late image
 * without dimensions into the hero, so that arm's pages shift; the control keeps the page's own
 * small shift. Real visitors in Chromium measure it (the SDK's web-vitals chunk) and report it
 * with their exposures; the guardrail is flagged in red on the results screen and in the
 * campaigns list, and once the marketer ticks auto-pause the campaign stops being served.
 *
 * The always-valid interval needs more visitors than a test can drive through browsers, so after
 * the browser visitors, a day's worth of visitors is posted to /__sw/collect as the SDK posts
 * them, each arm's CLS spread around what the browsers measured in that arm.
 */
import { type APIRequestContext, type Browser, type Page, expect, test } from '@playwright/test';
import type { SiteConfigInput } from '@slotwise/core';
import type { AuditEntry } from '@slotwise/core/protocol';
import type { CampaignDetail } from '@slotwise/core/stats';
import { markIn, signInToEditor } from './helpers.ts';
import { ADMIN, changeDraft, resetDraftToLive } from './trust-helpers.ts';

const BROWSER_UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';
const CAMPAIGN = 'cls-guard';
const NAME = 'Tall hero test';
const PAGE = '/fixtures/vitals';
const SHOTS = process.env.SW_SHOTS_DIR;

function withGuardrail(c: SiteConfigInput): SiteConfigInput {
  const slots = c.slots.some((s) => s.name === 'vitals-hero') ? c.slots : [...c.slots, { name: 'vitals-hero', pages: [PAGE] }];
  return {
    ...c,
    slots,
    campaigns: [
      ...c.campaigns.filter((k) => k.id !== CAMPAIGN),
      {
        id: CAMPAIGN,
        name: NAME,
        status: 'live',
        priority: 1,
        slots: ['vitals-hero'],
        holdoutPct: 50,
        variants: [
          {
            id: 'tall',
            name: 'Tall hero',
            content: { 'vitals-hero': { kind: 'html', body: '<img src="/fixtures/late.svg?ms=500&amp;h=320" alt="New season"><h1>New season</h1>' } },
          },
        ],
        metrics: [{ id: 'cls', role: 'guardrail', kind: 'cls' }],
      },
    ],
  };
}

const without = (c: SiteConfigInput): SiteConfigInput => ({
  ...c,
  slots: c.slots.filter((s) => s.name !== 'vitals-hero'),
  campaigns: c.campaigns.filter((k) => k.id !== CAMPAIGN),
});

async function publish(request: APIRequestContext, change: (c: SiteConfigInput) => SiteConfigInput, note: string): Promise<void> {
  await resetDraftToLive(request);
  await changeDraft(request, change);
  const published = await request.post('/__sw/admin/publish', { headers: ADMIN, data: { note } });
  expect(published.status(), await published.text()).toBe(200);
}

type Posted = { events?: { type: string; props?: Record<string, string | number> }[] };

/** A visitor in a browser of their own, at this window size: their arm and the CLS their browser measured. */
async function browserVisitor(browser: Browser, baseURL: string, width: number, height: number): Promise<{ arm: string; cls: number | null }> {
  const context = await browser.newContext({ userAgent: BROWSER_UA, viewport: { width, height } });
  await context.addCookies([{ name: 'sw_consent', value: 'granted', url: baseURL }]);
  // Everything the SDK sends: the vitals go out as the page is left (a beacon), or from the next page.
  const sent: { type: string; props?: Record<string, string | number> }[] = [];
  context.on('request', (r) => {
    if (r.url().endsWith('/__sw/collect')) sent.push(...((JSON.parse(r.postData() ?? '{}') as Posted).events ?? []));
  });
  const page = await context.newPage();
  const response = await page.goto(PAGE);
  const arm = markIn(await response!.text(), 'vitals-hero')?.split(':')[1];
  expect(arm).toBeDefined();
  await expect.poll(() => sent.some((e) => e.type === 'exposure' && e.props?.campaign === CAMPAIGN), { timeout: 30_000 }).toBe(true);
  // Everything has loaded (and shifted) once the late images are in, and the measuring chunk with them.
  await page.waitForFunction(() => Array.from(document.images).every((i) => i.complete && i.naturalHeight > 0));
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.endsWith('/__sw/sw-vitals.js')));
  await page.waitForTimeout(200);
  // Leaving the page hides it: the chunk reports, and the SDK delivers the report.
  await page.goto('/');
  // Best effort, as any report sent while a page is left: one that never arrives is skipped (the caller counts the rest).
  await expect
    .poll(() => sent.some((e) => e.type === 'vitals'), { timeout: 15_000 })
    .toBe(true)
    .catch(() => undefined);
  const report = sent.find((e) => e.type === 'vitals');
  await context.close();
  return { arm: arm!, cls: report ? Number(report.props?.cls) : null };
}

/** `count` more visitors per arm, posted as the SDK posts them, each arm's CLS spread ±30% around what its browsers measured. */
async function moreVisitors(request: APIRequestContext, measured: Record<string, number>, count: number): Promise<void> {
  const run = Date.now();
  for (let i = 0; i < 2 * count; i++) {
    const arm = i % 2 === 0 ? 'control' : 'tall';
    const cls = Math.round((measured[arm] ?? 0) * (0.7 + 0.6 * (((i * 37) % 100) / 100)) * 10_000) / 10_000;
    const id = `guard-${run}-${i}`;
    const events = [
      { id: `${id}-exp`, type: 'exposure', ts: Date.now() - 2000, props: { campaign: CAMPAIGN, variant: arm, slot: 'vitals-hero', pre: `page_view:${1 + (i % 9)}` } },
      { id: `${id}-vit`, type: 'vitals', ts: Date.now() - 1000, props: { cls, lcp: 800 + (i % 13) * 40 } },
    ];
    const response = await request.post('/__sw/collect', {
      headers: { 'content-type': 'application/json', 'user-agent': BROWSER_UA, cookie: `sw_consent=granted; sw_id=${id}-visitor` },
      data: { events },
    });
    expect(response.status()).toBe(202);
  }
}

async function servedTo(request: APIRequestContext, visitors: string[]): Promise<(string | null)[]> {
  const marks: (string | null)[] = [];
  for (const v of visitors) {
    const html = await (await request.get(PAGE, { headers: { 'user-agent': BROWSER_UA, cookie: `sw_consent=granted; sw_id=${v}` } })).text();
    marks.push(markIn(html, 'vitals-hero'));
  }
  return marks;
}

/** A screenshot for a person to look at (`SW_SHOTS_DIR`), never a reason for the test to fail. */
async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, timeout: 10_000 }).catch(() => undefined);
}

test('a CLS guardrail flags the arm that shifts the layout, and with auto-pause ticked the campaign stops being served', async ({ page, browser, baseURL }) => {
  test.setTimeout(300_000);
  const request = page.request;
  await publish(request, withGuardrail, 'add the CLS guardrail test');
  const probe = Array.from({ length: 8 }, (_, i) => `guard-probe-visitor-${i}`);
  try {
    // Some visitors get the tall hero while the campaign is live.
    expect((await servedTo(request, probe)).filter((m) => m === `${CAMPAIGN}:tall`).length).toBeGreaterThan(0);

    // Real visitors, at different window sizes, until each arm has two.
    const sizes = [
      [1280, 720],
      [1024, 768],
      [800, 600],
      [1366, 768],
      [900, 700],
      [1100, 650],
      [1200, 800],
      [960, 640],
      [1440, 900],
      [820, 720],
      [1000, 600],
      [1300, 760],
    ];
    const seen: Record<string, number[]> = { control: [], tall: [] };
    for (const [width, height] of sizes) {
      if ((seen.control?.length ?? 0) >= 2 && (seen.tall?.length ?? 0) >= 2) break;
      const { arm, cls } = await browserVisitor(browser, baseURL!, width!, height!);
      if (cls !== null) seen[arm]?.push(cls);
    }
    expect(seen.control!.length).toBeGreaterThanOrEqual(2);
    expect(seen.tall!.length).toBeGreaterThanOrEqual(2);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const measured = { control: mean(seen.control!), tall: mean(seen.tall!) };
    // The page shifts a little by itself; the tall hero's late image shifts it a lot more.
    expect(measured.control).toBeGreaterThan(0);
    expect(Math.min(...seen.tall!)).toBeGreaterThan(3 * Math.max(...seen.control!));

    await moreVisitors(request, measured, 150);

    // Flagged on the results, in the overview and on the campaign; still live: auto-pause is not ticked.
    await signInToEditor(page, 'Gita');
    await page.getByRole('button', { name: 'Results' }).click();
    await expect(page.getByTestId('view-note')).toContainText('You can read these results every day');
    const row = page.getByTestId('results-overview').locator('tr', { hasText: NAME });
    await expect(row.getByTestId('guardrail-flag')).toBeVisible();
    await row.getByRole('button', { name: NAME }).click();
    const flag = page.getByTestId('guardrail-flag');
    await expect(flag).toContainText('CLS (layout shift) in Tall hero');
    await expect(flag).toHaveCSS('color', 'rgb(185, 28, 28)');
    await expect(page.getByTestId('lifecycle')).toHaveText('Live');
    await expect(page.getByTestId(`metric-row-cls-tall`).getByTestId('metric-outcome')).toHaveText('worse (higher)');
    await expect(page.getByTestId('metrics-method')).toContainText('Always-valid 95% intervals');
    await shot(page, 'guardrail-results');
    if (SHOTS)
      await page
        .getByTestId('metrics-table')
        .screenshot({ path: `${SHOTS}/guardrail-metrics-table.png`, timeout: 10_000 })
        .catch(() => undefined);
    await page.getByRole('button', { name: 'Fixed horizon' }).click();
    await expect(page.getByTestId('metrics-method')).toContainText('Fixed-horizon 95% intervals');
    await page.getByRole('button', { name: 'Always valid' }).click();

    await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
    const listed = page.locator('tr', { hasText: NAME });
    await expect(listed.getByTestId('guardrail-flag')).toBeVisible();
    await shot(page, 'guardrail-campaigns');

    // The marketer ticks auto-pause on the guardrail and publishes.
    await listed.getByRole('button', { name: NAME, exact: true }).click();
    const form = page.getByTestId('metrics-form');
    await expect(form.getByTestId('guardrail-flag')).toBeVisible();
    await form.getByLabel('Pause automatically').check();
    await shot(page, 'guardrail-metrics-form');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expect(page.getByText(/Version \d+ is live/)).toBeVisible();

    // The next time results are computed, the campaign is paused through a publish that says why.
    // (Results opens on the campaign last looked at: this one.)
    await page.getByRole('button', { name: 'Results' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(NAME);
    await expect(page.getByTestId('lifecycle')).toHaveText('Paused');
    await expect(page.getByTestId('guardrail-flag')).toContainText('The campaign is paused');
    await shot(page, 'guardrail-paused');
    const audit = (await (await request.get('/__sw/admin/audit', { headers: ADMIN })).json()) as { entries: AuditEntry[] };
    expect(audit.entries.find((e) => e.who === 'auto-pause')?.detail).toBe(`auto-paused "${NAME}": guardrail worse with confidence: CLS (layout shift) (tall)`);
    const detail = (await (await request.get(`/__sw/admin/results/${CAMPAIGN}`, { headers: ADMIN })).json()) as CampaignDetail;
    expect(detail.status).toBe('paused');

    // The open editor learns of the pause on its next heartbeat (15 s), with no reload: a notice
    // says who paused it and why, and the campaign list no longer calls it live.
    await expect(page.getByText(`published by auto-pause: auto-paused "${NAME}"`)).toBeVisible({ timeout: 25_000 });
    await page.getByRole('button', { name: 'Campaigns', exact: true }).click();
    await expect(listed.locator('select.status-select')).toHaveValue('paused');

    // Nobody is served the campaign any more.
    expect(await servedTo(request, probe)).toEqual(probe.map(() => null));
  } finally {
    // Bounded, so a failure above is what the report shows.
    await Promise.race([publish(request, without, 'remove the CLS guardrail test'), new Promise((resolve) => setTimeout(resolve, 30_000))]);
  }
});
