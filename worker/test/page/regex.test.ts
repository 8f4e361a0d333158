/**
 * Issue 16, item 3: a catastrophic `$regex` was accepted, published, and one anonymous request
 * (`/?q=` + 200 × "a") pinned workerd's CPU for minutes. Every regex now runs on a linear-time
 * engine, so the same config is served in an instant, by the edge and the Decide API alike, and
 * the write-time check only refuses syntax that engine lacks, saying why.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SiteConfigInput } from '@slotwise/core';
import { testConfig } from '../../../packages/core/src/testing.ts';
import { resetConfigCache } from '../../src/config/live.ts';
import { call, html, htmlPage, publish, slot, stubOrigin } from '../harness.ts';

/** The pattern from the issue: exponential on a backtracking engine for a run of "a" with no "c". */
const CATASTROPHIC = `${'(?:a|a)'.repeat(30)}c`;
const ADMIN = { authorization: 'Bearer test-admin-password', 'content-type': 'application/json' };
const DECIDE = { authorization: 'Bearer test-decide-key', 'content-type': 'application/json' };

function withPattern(pattern: string, version = 1): SiteConfigInput {
  return testConfig({
    version,
    audiences: [{ id: 'searchers', name: 'Searchers', condition: { 'page.query.q': { $regex: pattern } } }],
    campaigns: [
      {
        id: 'search',
        name: 'Search',
        status: 'live',
        priority: 1,
        audience: 'searchers',
        slots: ['hero'],
        variants: [{ id: 'found', name: 'Found', content: { hero: { kind: 'text', body: 'You searched' } } }],
      },
    ],
  });
}

beforeEach(() => {
  resetConfigCache();
  stubOrigin(() => html(htmlPage('<div data-slot="hero">Default hero</div>')));
});
afterEach(() => vi.restoreAllMocks());

describe('regexes at the edge (issue 16)', () => {
  it('serves a page for the catastrophic pattern and a 200-"a" query, then /__sw/health still answers', async () => {
    await publish(withPattern(CATASTROPHIC));
    const attack = await call(`/?q=${'a'.repeat(200)}`);
    expect(attack.status).toBe(200);
    expect(slot(await attack.text(), 'hero')).toEqual({ html: 'Default hero', mark: null });
    // The pattern really ran: a subject it matches gets the variant (query values keep 200 characters).
    const match = await call(`/?q=${'a'.repeat(199)}c`);
    expect(slot(await match.text(), 'hero')).toEqual({ html: 'You searched', mark: 'search:found' });
    const health = await call('/__sw/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, configVersion: 1 });
  });

  it('the Decide API answers the same, on the same engine', async () => {
    await publish(withPattern(CATASTROPHIC));
    const decide = async (q: string) => {
      const response = await call('/__sw/decide', { method: 'POST', headers: DECIDE, body: JSON.stringify({ context: { path: '/', query: { q } } }) });
      expect(response.status).toBe(200);
      return ((await response.json()) as { slots: Record<string, { variant: string } | null> }).slots.hero?.variant ?? null;
    };
    expect(await decide('a'.repeat(200))).toBeNull();
    expect(await decide(`${'a'.repeat(199)}c`)).toBe('found');
  });

  it('the Admin API takes the catastrophic pattern and refuses lookbehind and backreferences, saying why', async () => {
    const accepted = await call('/__sw/admin/draft', { method: 'PUT', headers: ADMIN, body: JSON.stringify(withPattern(CATASTROPHIC)) });
    expect(accepted.status).toBe(200);
    const lookbehind = await call('/__sw/admin/draft', { method: 'PUT', headers: ADMIN, body: JSON.stringify(withPattern('(?<=a)b')) });
    expect(lookbehind.status).toBe(400);
    expect(((await lookbehind.json()) as { issues: string[] }).issues).toContain(
      'audiences[0].condition["page.query.q"].$regex: lookbehind "(?<=" is not supported (regexes run on a linear-time engine)',
    );
    const backreference = await call('/__sw/admin/draft', { method: 'PUT', headers: ADMIN, body: JSON.stringify(withPattern('(a)\\1')) });
    expect(backreference.status).toBe(400);
    expect(((await backreference.json()) as { issues: string[] }).issues).toContain(
      'audiences[0].condition["page.query.q"].$regex: backreference "\\1" is not supported (regexes run on a linear-time engine)',
    );
  });
});
