/**
 * Identified customers in the demo (issue 16, item 6): the `vip-members` ID list and the text it
 * gates never reach the browser, a hand-written `sw_uid` cookie unlocks nothing, and the demo's
 * sign-in — the store's backend signs the id, the page passes id and signature to
 * `sw.identify` — does.
 */
import { expect, test } from '@playwright/test';
import { acceptConsent, cookie, initialHtml, markIn, sdkReady } from './helpers.ts';

const VIP_TEXT = 'Welcome back, VIP member';

test('the browser’s per-page config carries no ID list and no list-gated campaign', async ({ request }) => {
  for (const path of ['/', '/shoes', '/p/trailblazer-runner']) {
    const text = await (await request.get(`/__sw/config?path=${encodeURIComponent(path)}`)).text();
    expect(text).not.toContain('savedGroups');
    expect(text).not.toContain('vip-members');
    expect(text).not.toContain(VIP_TEXT);
  }
});

test('a hand-written sw_uid unlocks nothing; the site’s signed sign-in does', async ({ page, context, baseURL }) => {
  await acceptConsent(page, context);
  await context.addCookies([{ name: 'sw_uid', value: 'cust-4711', url: baseURL! }]);
  let html = await initialHtml(page, '/');
  expect(html).not.toContain(VIP_TEXT);
  expect(markIn(html, 'announcement')).not.toBe('vip-welcome:early-access');
  // A signature made up by the visitor fails the check too.
  await context.addCookies([{ name: 'sw_uid', value: `cust-4711.${'ab'.repeat(32)}`, url: baseURL! }]);
  expect(await initialHtml(page, '/')).not.toContain(VIP_TEXT);

  await sdkReady(page);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'VIP member cust-4711' }).click();
  await reloaded;
  await expect.poll(async () => (await cookie(context, 'sw_uid')) ?? '').toMatch(/^cust-4711\.[0-9a-f]{64}$/);
  html = await initialHtml(page, '/');
  expect(markIn(html, 'announcement')).toBe('vip-welcome:early-access');
  expect(html).toContain(VIP_TEXT);
  // On every page the top bar is on.
  expect(markIn(await initialHtml(page, '/kitchen'), 'announcement')).toBe('vip-welcome:early-access');
});
