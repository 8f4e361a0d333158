/**
 * No flicker, for every demo scenario: the personalized content is in the HTML the edge sends
 * (marked `data-sw-v`), nothing hides the page while it loads, the slot keeps the edge's
 * content once the SDK has run, and nothing shifts the layout (CLS 0). A test of behaviour,
 * not a timing: `npm run bench` measures the costs.
 */
import { type BrowserContext, type Page, expect, test } from '@playwright/test';
import { acceptConsent, becomeDealSeeker, becomeLapsed, initialHtml, markIn, sdkReady } from './helpers.ts';

type Win = Window & { __shifts: { value: number; sources: string[] }[]; __bodyStyle?: { visibility: string; opacity: string; display: string } };

/** Records every layout shift (and the body's style once parsed) on each page of the context. */
async function watchLayout(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const w = window as unknown as Win;
    w.__shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: { node?: Node | null }[] })[]) {
        if (entry.hadRecentInput) continue;
        w.__shifts.push({ value: entry.value, sources: (entry.sources ?? []).map((s) => (s.node instanceof Element ? s.node.outerHTML.slice(0, 120) : String(s.node))) });
      }
    }).observe({ type: 'layout-shift', buffered: true });
    document.addEventListener('DOMContentLoaded', () => {
      const style = getComputedStyle(document.body);
      w.__bodyStyle = { visibility: style.visibility, opacity: style.opacity, display: style.display };
    });
  });
}

/**
 * Loads `path` as the visitor's next page and checks the slot: personalized in the initial
 * HTML, shown from the first paint, unchanged after the SDK ran, and no layout shift.
 */
async function expectNoFlicker(page: Page, path: string, slot: string, mark: string | RegExp, text?: string): Promise<void> {
  const html = await initialHtml(page, path);
  const edgeMark = markIn(html, slot);
  if (mark instanceof RegExp) expect(edgeMark).toMatch(mark);
  else expect(edgeMark).toBe(mark);
  if (text) expect(html).toContain(text);
  // No anti-flicker snippet: nothing hides the page until a script has run.
  expect(html).not.toMatch(/async-hide|anti-flicker|<body[^>]*style="[^"]*(visibility:\s*hidden|opacity:\s*0|display:\s*none)/i);

  await page.waitForLoadState('load');
  await sdkReady(page);
  await page.waitForTimeout(500); // room for a late swap or shift to show up
  const w = await page.evaluate(() => ({ shifts: (window as unknown as Win).__shifts, body: (window as unknown as Win).__bodyStyle }));
  expect(w.body).toEqual({ visibility: 'visible', opacity: '1', display: 'block' });
  const cls = w.shifts.reduce((sum, s) => sum + s.value, 0);
  expect(w.shifts, `layout shifts: ${JSON.stringify(w.shifts)}`).toEqual([]);
  expect(cls).toBe(0);
  const el = page.locator(`[data-slot="${slot}"]`);
  await expect(el).toHaveAttribute('data-sw-v', edgeMark!);
  if (text) await expect(el).toContainText(text);
}

test.beforeEach(async ({ context }) => {
  await watchLayout(context);
});

test('newsletter reader: the welcome hero arrives in the HTML, no shift', async ({ page }) => {
  await expectNoFlicker(page, '/?utm_source=newsletter', 'hero', 'newsletter-welcome:welcome', 'Welcome back to the trail');
});

test('visitor in Germany: the local shipping bar arrives in the HTML on every page, no shift', async ({ page }) => {
  await expectNoFlicker(page, '/?sw_country=DE', 'announcement', 'shipping-de:de', 'Kostenloser Versand');
  await expectNoFlicker(page, '/shoes', 'announcement', 'shipping-de:de', 'Kostenloser Versand');
});

test('after consent: the promo A/B arm arrives in the HTML, no shift', async ({ page, context }) => {
  await acceptConsent(page, context);
  await expectNoFlicker(page, '/', 'promo', /^promo-test:(control|outdoor-sale|free-returns)$/);
});

test('shoe browser: the shoe hero arrives in the HTML, no shift', async ({ page, context }) => {
  await acceptConsent(page, context);
  for (const path of ['/shoes', '/p/trailblazer-runner', '/p/summit-approach-shoe']) {
    await page.goto(path);
    await sdkReady(page);
  }
  await expectNoFlicker(page, '/', 'hero', 'shoe-hero:runners', 'Find your next pair');
});

test('cart abandoner: the cart reminder arrives in the HTML, no shift', async ({ page, context }) => {
  await acceptConsent(page, context);
  await page.goto('/p/glass-french-press');
  await sdkReady(page);
  await page.getByRole('button', { name: 'Add to cart', exact: true }).click();
  await expect.poll(async () => (await page.evaluate(() => (window as any).sw.profile()))?.segments).toContain('cart_abandoner');
  await expectNoFlicker(page, '/', 'promo', 'cart-reminder:reminder', 'You left something in your cart');
});

test('lapsed visitor: the welcome-back hero arrives in the HTML, no shift', async ({ page, context }) => {
  await becomeLapsed(page, context);
  await expectNoFlicker(page, '/', 'hero', 'welcome-back:welcome-back', 'Welcome back');
});

test('deal seeker: the extra-discount bar arrives in the HTML, no shift', async ({ page, context }) => {
  await becomeDealSeeker(page, context);
  await expectNoFlicker(page, '/kitchen', 'announcement', 'deal-banner:deal');
});

test('trail shoe browser: the picked-for-you recommendations arrive in the HTML, no shift', async ({ page, context }) => {
  await acceptConsent(page, context);
  for (const path of ['/p/trailblazer-runner', '/p/ridge-runner-gtx', '/p/mudlark-trail-runner']) {
    await page.goto(path);
    await sdkReady(page);
  }
  await expectNoFlicker(page, '/', 'picked-for-you', /^picked-for-you:(recently-viewed|favourite-categories)$/);
  await expect(page.locator('[data-slot="picked-for-you"] [data-sw-item]')).toHaveCount(4);
});
