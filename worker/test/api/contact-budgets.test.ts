/**
 * One contact budget across channels for an identified customer: promotional emails reported
 * through the Decide API's exposures count against the website's budget, service content is
 * never blocked, and the Decide API itself draws from the same budget.
 */
import { signUserId, userCookieValue } from '@slotwise/core/identity';
import { beforeEach, describe, expect, it } from 'vitest';
import { resetConfigCache } from '../../src/config/live.ts';
import { siteConfig, textCampaign } from '../fixtures.ts';
import { call, env, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

const KEY = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };
let version = 900;
let customer = 0;

const campaign = textCampaign;

async function publishBudget(limit: number): Promise<void> {
  await publish(
    siteConfig(++version, {
      site: { id: `budgets-${version}` },
      slots: [
        { name: 'hero', pages: ['/'] },
        { name: 'banner', pages: ['/'] },
        { name: 'email-body', pages: ['/email'] },
      ],
      budgets: [{ id: 'weekly', name: 'Promotions', limit, per: 'week' }],
      campaigns: [
        campaign('summer-sale', 'hero'),
        campaign('order-status', 'banner', { purpose: 'service' }),
        campaign('email-spring', 'email-body', { priority: 2 }),
        campaign('email-sale', 'email-body', { priority: 3 }),
      ],
    }),
  );
}

const reportEmail = (userId: string, visitorId: string, campaignId: string) =>
  call('/__sw/decide/exposures', {
    method: 'POST',
    headers: KEY,
    body: JSON.stringify({ visitorId, userId, exposures: [{ id: `${campaignId}-${userId}`, campaign: campaignId, variant: 'v', channel: 'email' }] }),
  });

async function webPage(userId: string, visitorId: string): Promise<string> {
  const signed = userCookieValue(userId, await signUserId(env.IDENTITY_SECRET ?? '', userId));
  const response = await call('/', { headers: { cookie: `sw_consent=granted; sw_id=${visitorId}; sw_uid=${signed}` } });
  return response.text();
}

beforeEach(() => {
  resetConfigCache();
  stubOrigin(() => html(htmlPage('<section data-slot="hero">Default hero</section><p data-slot="banner">Default banner</p>')));
});

describe('contact budgets across channels', () => {
  it('give a customer who got two promotional emails this week no promotional web slot when the budget is 2, and still service content', async () => {
    await publishBudget(2);
    const userId = `cust-budget-${++customer}`;
    const visitorId = `visitor-budget-${String(customer).padStart(8, '0')}`;
    expect((await reportEmail(userId, visitorId, 'email-spring')).status).toBe(202);
    expect((await reportEmail(userId, visitorId, 'email-sale')).status).toBe(202);

    const page = await webPage(userId, visitorId);
    expect(slot(page, 'hero')).toEqual({ html: 'Default hero', mark: null });
    expect(slot(page, 'banner').mark).toBe('order-status:v');

    // With room for three, the same customer gets the web promotion.
    await publishBudget(3);
    resetConfigCache();
    expect(slot(await webPage(userId, visitorId), 'hero').mark).toBe('summer-sale:v');
  });

  it('count web showings for the Decide API: after the website used the budget, email gets no promotion', async () => {
    await publishBudget(1);
    const userId = `cust-budget-${++customer}`;
    const visitorId = `visitor-budget-${String(customer).padStart(8, '0')}`;
    expect(slot(await webPage(userId, visitorId), 'hero').mark).toBe('summer-sale:v');
    const decide = async () => {
      const response = await call('/__sw/decide', { method: 'POST', headers: KEY, body: JSON.stringify({ userId, context: { path: '/email' }, channel: 'email', trace: true }) });
      return (await response.json()) as { slots: Record<string, { campaign: string }>; trace: { campaign: string; reason: string }[] };
    };
    const answer = await decide();
    expect(answer.slots['email-body']).toBeUndefined();
    expect(answer.trace.find((t) => t.campaign === 'email-spring')?.reason).toBe('contact budget spent: 1 of "Promotions": 1 promotional message a week on every channel');
  });

  it('let an anonymous customer’s email decision through: nothing is known of them', async () => {
    await publishBudget(1);
    const response = await call('/__sw/decide', { method: 'POST', headers: KEY, body: JSON.stringify({ context: { path: '/email' }, channel: 'email' }) });
    expect(((await response.json()) as { slots: Record<string, { campaign: string }> }).slots['email-body']?.campaign).toBe('email-spring');
  });

  it('refuse a malformed userId in an exposure report with a 400 naming it', async () => {
    const response = await call('/__sw/decide/exposures', {
      method: 'POST',
      headers: KEY,
      body: JSON.stringify({ visitorId: 'visitor-budget-00000099', userId: '', exposures: [{ id: 'x-1', campaign: 'email-sale', variant: 'v' }] }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toMatch(/^userId: /);
  });
});
